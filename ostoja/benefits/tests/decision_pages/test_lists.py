# mypy: allow-untyped-calls
"""The lists of decisions: the director's drafts for signature signed together (one refused,
with its reason), the register's filters, sorting, XLSX and query count, the decisions waiting
for delivery and finality (nothing written on GET), and who may see them."""

import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.benefits.models import (
    Authorisation,
    Decision,
    DecisionLine,
    DecisionRegister,
    DecisionState,
)
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decision_pages.conftest import (
    AMOUNT,
    ZS,
    Case,
    for_signature,
    noon,
    pensioner_case,
    signed,
)
from ostoja.benefits.tests.decisions import factories
from ostoja.core.models import AccessLog

pytestmark = pytest.mark.django_db

REGISTER = reverse("benefits:decision_register")
FOR_SIGNATURE = reverse("benefits:decision_for_signature")
WAITING = reverse("benefits:decisions_waiting")
APPEALS = reverse("benefits:appeals")


# ---------------------------------------------------------------------------------------------
# For signature
# ---------------------------------------------------------------------------------------------


def test_the_director_signs_the_ticked_drafts_and_sees_the_one_refused(
    login: Any,
    case: Case,
    clerk: User,
    signer: User,
    ups_register: Any,
    area_north: Any,
    social_worker: User,
) -> None:
    mine = for_signature(case, clerk)
    # The director's own draft: the centre does not let a drafter sign it.
    other = pensioner_case(area=area_north, clerk=clerk, worker=social_worker)
    own = for_signature(other, signer)
    client = login(signer)
    page = client.get(FOR_SIGNATURE)
    rows = {decision.pk: outlook for decision, outlook in page.context["rows"]}
    assert rows[mine.pk].may_sign
    assert [b.code for b in rows[own.pk].blockers] == ["drafter"]
    response = client.post(FOR_SIGNATURE, {"decyzje": [mine.pk, own.pk]})
    assert response.status_code == 200
    result = response.context["result"]
    assert [d.pk for d in result.signed] == [mine.pk]
    assert [(d.pk, reasons) for d, reasons in result.refused] == [
        (
            own.pk,
            ["Autor projektu nie może podpisać tej decyzji: podpisuje ją inna upoważniona osoba."],
        )
    ]
    mine.refresh_from_db()
    own.refresh_from_db()
    assert (mine.state, mine.number) == (DecisionState.SIGNED, "GOPS.8311.1.2025")
    # Its PDF frozen at the signature, as a single signature freezes it; the one refused has none.
    assert mine.document
    assert len(mine.document_sha256) == 64
    with mine.document.open("rb") as frozen:
        assert frozen.read(5) == b"%PDF-"
    assert own.state == DecisionState.FOR_APPROVAL
    assert not own.document
    page = response.content.decode()
    assert "GOPS.8311.1.2025" in page
    assert "Autor projektu nie może podpisać" in page


def test_the_list_shows_a_missing_interview_and_authorisation(
    login: Any, clerk: User, director: User, area_north: Any, ups_register: Any
) -> None:
    from ostoja.benefits.services.assessments import assessment_create
    from ostoja.benefits.tests.assessment.factories import application_for, family, members_of
    from ostoja.benefits.tests.decision_pages.conftest import PENSIONER, RECEIVED

    household = family(area=area_north, members=[PENSIONER])
    application = application_for(household, [ZS], received_on=RECEIVED, handled_by=clerk)
    assessment = assessment_create(actor=clerk, application=application, benefit=ZS)
    pensioner = members_of(household)[0]
    decision = services.decision_submit(
        actor=clerk,
        decision=factories.draft(
            actor=clerk,
            household=household,
            party=pensioner,
            application=application,
            assessment=assessment,
            lines=[factories.line(pensioner, benefit=ZS, amount=AMOUNT, period_to=None)],
        ),
    )
    # The director has no authorisation in this test.
    assert not Authorisation.objects.exists()
    page = login(director).get(FOR_SIGNATURE)
    outlook = dict(page.context["rows"])[decision]
    assert [b.code for b in outlook.blockers] == ["interview", "authorisation"]


@pytest.mark.parametrize("role", ["benefits_clerk", "accountant", "administrator", "iod"])
def test_only_signers_see_the_list_for_signature(
    login: Any, role: str, request: pytest.FixtureRequest, db: None
) -> None:
    # The clerk may sign (with an authorisation); accounting, the administrator and the IOD
    # may not.
    expected = 200 if role == "benefits_clerk" else 403
    assert login(request.getfixturevalue(role)).get(FOR_SIGNATURE).status_code == expected


# ---------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------


def _issued(case: Case, signer: User, count: int, *, start: int = 1) -> list[Decision]:
    """Issued decisions made directly (the register reads them; how they were signed is the
    signing tests' concern): one a day from 2 January 2025, each with one line."""
    authorisation = Authorisation.objects.filter(user=signer).first() or factories.authorisation(
        signer, recorded_by=signer
    )
    register = DecisionRegister.objects.filter(symbol="GOPS.T").first() or factories.register(
        symbol="GOPS.T", act=factories.UPS
    )
    made = []
    for index in range(count):
        number = start + index
        # Drafted first with its line, then issued: on PostgreSQL a trigger refuses lines
        # added to a signed decision.
        decision = Decision.objects.create(
            household=case.household,
            party=case.pensioner,
            application=case.application,
            kind="przyznanie" if index % 2 == 0 else "odmowa",
            act="ups",
            state=DecisionState.DRAFT,
            legal_basis="art. 37",
            operative="Przyznaje się.",
            appeal_instruction="Pouczenie.",
            distribution="Strona",
            drafted_by=case.application.handled_by,
        )
        DecisionLine.objects.create(
            decision=decision,
            benefit=ZS if index % 2 == 0 else "zasilek_okresowy",
            person=case.pensioner,
            payee=case.pensioner,
            amount=Decimal("100.00") + index,
            period_from=datetime.date(2024, 12, 1),
            method="kasa",
        )
        issued = {
            "state": DecisionState.FINAL if index % 3 == 0 else DecisionState.SIGNED,
            "register": register,
            "year": 2025,
            "sequence": number,
            "number": f"GOPS.T.{number}.2025",
            "signed_by": signer,
            "authorisation": authorisation,
            "issued_on": datetime.date(2025, 1, 2) + datetime.timedelta(days=index % 10),
        }
        Decision.objects.filter(pk=decision.pk).update(**issued)
        decision.refresh_from_db()
        made.append(decision)
    return made


def _numbers(response: Any) -> list[str]:
    return [decision.number for decision, _benefits in response.context["rows"]]


def test_the_register_filters_by_kind_benefit_state_worker_dates_and_number(
    login: Any, case: Case, clerk: User, signer: User, director: User
) -> None:
    made = _issued(case, signer, 6)
    client = login(director)
    everything = client.get(REGISTER)
    assert everything.context["page"].paginator.count == 6
    # Refusals: the odd ones, 2, 4 and 6.
    assert sorted(_numbers(client.get(REGISTER, {"rodzaj": "odmowa"}))) == [
        "GOPS.T.2.2025",
        "GOPS.T.4.2025",
        "GOPS.T.6.2025",
    ]
    # The zasiłek okresowy is in the lines of the refusals, too (index 1, 3, 5).
    assert len(_numbers(client.get(REGISTER, {"swiadczenie": "zasilek_okresowy"}))) == 3
    # Final: index 0 and 3.
    assert sorted(_numbers(client.get(REGISTER, {"stan": "ostateczna"}))) == [
        "GOPS.T.1.2025",
        "GOPS.T.4.2025",
    ]
    assert len(_numbers(client.get(REGISTER, {"podpisal": signer.pk}))) == 6
    assert _numbers(client.get(REGISTER, {"sporzadzil": director.pk})) == []
    # Issued 2–7 January 2025, one a day: 3 to 4 January is index 1 and 2.
    dated = client.get(REGISTER, {"od": "2025-01-03", "do": "2025-01-04"})
    assert sorted(_numbers(dated)) == ["GOPS.T.2.2025", "GOPS.T.3.2025"]
    assert _numbers(client.get(REGISTER, {"numer": "T.5."})) == ["GOPS.T.5.2025"]
    # The drafts are not in the register unless asked for.
    draft_made = for_signature(case, clerk)
    assert draft_made.pk not in [d.pk for d, _b in client.get(REGISTER).context["rows"]]
    drafts = client.get(REGISTER, {"stan": "projekty"})
    assert [d.pk for d, _b in drafts.context["rows"]] == [draft_made.pk]
    assert made


def _issued_with_assessment(case: Case, signer: User, number: int, *, line: bool) -> Decision:
    """A decision of the case's assessment of the zasiłek stały, issued as `_issued` issues
    them: with a line of the same benefit, or (a refusal) with none."""
    decision = Decision.objects.create(
        household=case.household,
        party=case.pensioner,
        application=case.application,
        assessment=case.assessment,
        kind="przyznanie" if line else "odmowa",
        act="ups",
        state=DecisionState.DRAFT,
        legal_basis="art. 37",
        operative="Orzeka się.",
        appeal_instruction="Pouczenie.",
        distribution="Strona",
        drafted_by=case.application.handled_by,
    )
    if line:
        DecisionLine.objects.create(
            decision=decision,
            benefit=ZS,
            person=case.pensioner,
            payee=case.pensioner,
            amount=AMOUNT,
            period_from=datetime.date(2024, 12, 1),
            method="kasa",
        )
    Decision.objects.filter(pk=decision.pk).update(
        state=DecisionState.SIGNED,
        register=DecisionRegister.objects.get(symbol="GOPS.T"),
        year=2025,
        sequence=number,
        number=f"GOPS.T.{number}.2025",
        signed_by=signer,
        authorisation=Authorisation.objects.filter(user=signer).first(),
        issued_on=datetime.date(2025, 1, 10),
    )
    return decision


def test_the_register_finds_a_benefit_in_the_lines_or_in_the_assessment(
    login: Any, case: Case, signer: User, director: User
) -> None:
    # 1: a grant with a line of the zasiłek stały; 2: a refusal with a line of the zasiłek
    # okresowy (`_issued`); 3: a grant with both the line and the assessment of the zasiłek
    # stały; 4: a refusal of it with its assessment and no line.
    assert case.assessment.benefit == ZS
    _issued(case, signer, 2)
    _issued_with_assessment(case, signer, 3, line=True)
    _issued_with_assessment(case, signer, 4, line=False)
    client = login(director)
    found = client.get(REGISTER, {"swiadczenie": ZS, "sortuj": "numer"})
    # Each once, the one named twice too.
    assert _numbers(found) == ["GOPS.T.1.2025", "GOPS.T.3.2025", "GOPS.T.4.2025"]
    assert found.context["page"].paginator.count == 3
    assert _numbers(client.get(REGISTER, {"swiadczenie": "zasilek_okresowy"})) == ["GOPS.T.2.2025"]


def test_the_register_sorts_by_number_and_by_date(
    login: Any, case: Case, signer: User, director: User
) -> None:
    _issued(case, signer, 4)
    client = login(director)
    assert _numbers(client.get(REGISTER, {"sortuj": "numer"})) == [
        f"GOPS.T.{n}.2025" for n in (1, 2, 3, 4)
    ]
    # The default: the latest date first.
    assert _numbers(client.get(REGISTER)) == [f"GOPS.T.{n}.2025" for n in (4, 3, 2, 1)]


def test_the_register_exports_the_filtered_list_to_xlsx(
    login: Any, case: Case, signer: User, director: User
) -> None:
    _issued(case, signer, 4)
    response = login(director).get(REGISTER, {"rodzaj": "przyznanie", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "numer"
    # Granting: index 0 and 2, the latest first; the amount of index 2 is 100 + 2 zł.
    assert [row[0] for row in rows[1:]] == ["GOPS.T.3.2025", "GOPS.T.1.2025"]
    assert rows[1][1].date() == datetime.date(2025, 1, 4)
    assert rows[1][6] == "zasiłek stały 102,00\xa0zł"
    exported = AccessLog.objects.get(user=director, details__export="xlsx")
    assert list(exported.persons.values_list("person_id", flat=True)) == [case.pensioner.pk]


def test_the_register_page_reads_a_fixed_number_of_queries(
    login: Any, case: Case, signer: User, director: User
) -> None:
    client = login(director)
    _issued(case, signer, 3, start=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(REGISTER).status_code == 200
    _issued(case, signer, 17, start=100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(REGISTER)
    assert len(response.context["rows"]) == 20
    assert len(many) == len(few)
    # Of the decisions: the count, the page's ids, those decisions with their party and family
    # joined, and their lines; the rest is the session, the user, the staff, the access log
    # and the filter's staff.
    reads = [q["sql"] for q in many.captured_queries if '"benefits_' in q["sql"]]
    assert len(reads) == 4
    assert reads[0].startswith("SELECT COUNT(*)")
    assert "LIMIT 20" in reads[1]
    assert '"registry_person"' not in reads[1].split("ORDER BY")[0]  # the ids alone
    assert '"registry_household"' in reads[2]


@pytest.mark.parametrize("role", ["administrator", "iod"])
def test_the_administrator_and_the_iod_do_not_see_the_lists(
    login: Any, role: str, request: pytest.FixtureRequest, db: None
) -> None:
    client = login(request.getfixturevalue(role))
    for url in (REGISTER, WAITING, APPEALS):
        assert client.get(url).status_code == 403


def test_the_worker_of_another_area_sees_nothing_of_this_family(
    login: Any, case: Case, signer: User, other_social_worker: User, social_worker: User
) -> None:
    _issued(case, signer, 2)
    assert login(other_social_worker).get(REGISTER).context["page"].paginator.count == 0
    assert login(social_worker).get(REGISTER).context["page"].paginator.count == 2


# ---------------------------------------------------------------------------------------------
# Waiting for delivery and finality
# ---------------------------------------------------------------------------------------------


def test_the_waiting_lists_show_the_days_and_write_nothing(
    login: Any,
    case: Case,
    clerk: User,
    signer: User,
    ups_register: Any,
    clock: Any,
    area_north: Any,
    social_worker: User,
) -> None:
    waiting = signed(case, clerk, signer)
    other = pensioner_case(area=area_north, clerk=clerk, worker=social_worker)
    delivered = signed(other, clerk, signer)
    services.decision_record_delivery(
        actor=clerk, decision=delivered, method="osobiscie", delivered_on=datetime.date(2025, 1, 14)
    )
    # Signed on 14 January; on 20 January: 6 days since signing. The one delivered on
    # 14 January: appeal term until 28 January 2025, a Tuesday (art. 129 § 2, art. 57 § 1).
    clock.move_to(noon(datetime.date(2025, 1, 20)))
    response = login(clerk).get(WAITING)
    [row] = list(response.context["delivery"])
    assert (row.decision.pk, row.followup.days_since_signing) == (waiting.pk, 6)
    [final_row] = list(response.context["finality"])
    assert final_row.followup.appeal_deadline == datetime.date(2025, 1, 28)
    assert final_row.followup.final_not_recorded is False
    # On 30 January the term has ended: final from 29 January, shown, not recorded.
    clock.move_to(noon(datetime.date(2025, 1, 30)))
    response = login(clerk).get(WAITING)
    [final_row] = list(response.context["finality"])
    assert final_row.followup.final_on == datetime.date(2025, 1, 29)
    assert final_row.followup.final_not_recorded is True
    assert "29.01.2025" in response.content.decode()
    delivered.refresh_from_db()
    assert (delivered.state, delivered.final_on) == (DecisionState.DELIVERED, None)


def test_the_waiting_list_exports(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any
) -> None:
    signed(case, clerk, signer)
    response = login(clerk).get(WAITING, {"format": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    [_header, row] = content.strip().splitlines()
    # Signed today, 14 January 2025: 0 days since signing, no delivery, no term yet.
    assert row.split(";")[1:] == [
        "GOPS.8311.1.2025",
        "14.01.2025",
        "Zofia Dębowska0",
        "0",
        "",
        "",
        "",
    ]
