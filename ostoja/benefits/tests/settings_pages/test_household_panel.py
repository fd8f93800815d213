"""The "Świadczenia" panel on the family's file: a family of three in the northern area, granted
a zasiłek okresowy and meals on Tuesday 1 April 2025 (March to August) and suspended from
1 May 2025 by a second decision, with a new application received on Monday 7 April 2025. The
page is looked at on Tuesday 15 April 2025."""

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from ostoja.accounts.models import User
from ostoja.accounts.roles import CAPABILITIES, Capability, Role
from ostoja.benefits import panels
from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import Application, Award, Decision, DecisionKind, PaymentMethod
from ostoja.benefits.services import decisions as decision_services
from ostoja.benefits.tests.decisions import factories
from ostoja.benefits.tests.settings_pages.conftest import at_ten
from ostoja.core.models import AccessLog
from ostoja.registry.models import Household
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.date(2025, 4, 1)
LOOKED_ON = datetime.date(2025, 4, 15)
RECEIVED = datetime.date(2025, 4, 7)
ACCOUNT = make_nrb(7)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(at_ten(SIGNED_ON), tick=False) as traveller:
        yield traveller


def _sign(signer: User, decision: Decision) -> Decision:
    return decision_services.decision_sign(
        actor=signer, decision=decision, base_version=decision.version
    )


@pytest.fixture
def family(
    clock: Any,
    household_north: Household,
    social_worker: User,
    benefits_clerk: User,
    director: User,
) -> Household:
    """The world of the module docstring, the clock left on 15 April 2025."""
    factories.register(symbol="GOPS.8311", act=factories.UPS)
    factories.authorisation(director, recorded_by=director)
    factories.completed_interview(household_north, worker=social_worker)
    application = factories.application(household_north, handled_by=benefits_clerk)
    assessment = factories.assessment(application, made_by=benefits_clerk)
    party, _spouse, child = factories.members(household_north)
    granted = _sign(
        director,
        factories.for_signature(
            actor=benefits_clerk,
            household=household_north,
            application=application,
            assessment=assessment,
            lines=[
                factories.line(party, method=PaymentMethod.BANK, account=ACCOUNT),
                factories.line(child, benefit=Benefit.POSILEK, amount=None),
            ],
        ),
    )
    _sign(
        director,
        factories.for_signature(
            actor=benefits_clerk,
            household=household_north,
            kind=DecisionKind.SUSPENSION,
            changes=granted,
            effective_from=datetime.date(2025, 5, 1),
        ),
    )
    clock.move_to(at_ten(LOOKED_ON))
    factories.application(household_north, handled_by=benefits_clerk, received_on=RECEIVED)
    return household_north


def _page(client: Any, household: Household) -> str:
    response = client.get(reverse("registry:household_detail", args=[household.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


def _panel(html: str) -> str:
    start = html.index('aria-labelledby="swiadczenia-rodziny"')
    return html[start : html.index("</section>", start)]


def test_the_worker_of_the_area_sees_the_family_s_benefits(
    login: Any, social_worker: User, family: Household
) -> None:
    panel = _panel(_page(login(social_worker), family))
    party = factories.members(family)[0]
    # In force on 15 April: both segments of the grant run 1 March – 30 April 2025, the day
    # before the suspension takes effect on 1 May.
    assert "zasiłek okresowy" in panel
    assert "posiłek" in panel
    assert party.full_name in panel
    assert "500,00\xa0zł" in panel
    assert "01.03.2025 – 30.04.2025" in panel
    # Paid to a bank account, shown in groups of four.
    assert "na rachunek bankowy" in panel
    assert f"{ACCOUNT[:2]} {ACCOUNT[2:6]} {ACCOUNT[6:10]}" in panel
    # The granting decision's number, the first of 2025 in GOPS.8311.{number}.{year}.
    assert "GOPS.8311.1.2025" in panel
    decision_url = panels.url_or_empty(
        "benefits:decision_detail", Decision.objects.get(number="GOPS.8311.1.2025").pk
    )
    if decision_url:
        assert f'href="{decision_url}"' in panel
    # The suspended periods, 1 May – 31 August 2025, in the collapsed history.
    history = panel[panel.index("<details") : panel.index("</details>")]
    assert "01.05.2025 – 31.08.2025" in history
    assert "wypłata wstrzymana" in history
    assert "01.05.2025" not in panel[: panel.index("<details")]
    # The application received on 7 April: one month on is Wednesday 7 May 2025, a working day
    # (art. 35 § 3, art. 57 § 3 k.p.a.); from 15 April that is 15 days of April and 7 of May.
    assert "07.04.2025" in panel
    assert "07.05.2025" in panel
    assert "Dni do upływu terminu: 22" in panel
    # She may register an application for a family of her area.
    assert f'href="{reverse("benefits:application_register", args=[family.pk])}"' in panel
    assert "Nowy wniosek" in panel


def test_the_panel_comes_after_social_work_and_before_the_incomes(
    login: Any, social_worker: User, family: Household
) -> None:
    html = _page(login(social_worker), family)
    assert (
        html.index('id="sprawa-praca-socjalna"')
        < html.index('id="swiadczenia-rodziny"')
        < html.index('id="dochody"')
    )


def test_accounting_reads_the_benefits_but_registers_no_application(
    login: Any, accountant: User, family: Household
) -> None:
    panel = _panel(_page(login(accountant), family))
    assert "GOPS.8311.1.2025" in panel
    assert "Nowy wniosek" not in panel
    assert reverse("benefits:application_register", args=[family.pk]) not in panel


def test_the_panel_is_hidden_from_a_role_without_benefits_view(
    login: Any, accountant: User, family: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A role that sees families but not their benefits (none has that combination today).
    monkeypatch.setitem(
        CAPABILITIES,
        Role.ACCOUNTING,
        frozenset({Capability.SIGNED_IN, Capability.REGISTRY_VIEW}),
    )
    html = _page(login(accountant), family)
    assert 'id="swiadczenia-rodziny"' not in html
    assert "Świadczenia przyznane, obowiązujące w dniu dzisiejszym" not in html
    assert "Wnioski w toku" not in html
    # The rest of the family's file is there.
    assert 'id="czlonkowie"' in html


def test_a_worker_of_another_area_does_not_reach_the_family(
    login: Any, other_social_worker: User, family: Household
) -> None:
    response = login(other_social_worker).get(
        reverse("registry:household_detail", args=[family.pk])
    )
    assert response.status_code == 404
    assert b"GOPS.8311" not in response.content


def test_the_panel_records_nothing_itself(
    login: Any, social_worker: User, family: Household
) -> None:
    before = AccessLog.objects.count()
    _page(login(social_worker), family)
    events = list(AccessLog.objects.order_by("pk")[before:])
    # The family's page writes its one event, naming every member; the panel adds none.
    assert [event.what for event in events] == ["household_detail"]
    members = set(family.memberships.values_list("person_id", flat=True))
    assert set(events[0].persons.values_list("person_id", flat=True)) == members


def test_a_family_without_benefits_is_told_what_to_do(
    login: Any, benefits_clerk: User, household_south: Household
) -> None:
    panel = _panel(_page(login(benefits_clerk), household_south))
    assert "W dniu dzisiejszym rodzina nie ma przyznanych świadczeń." in panel
    assert "Aby przyznać świadczenie, zarejestruj wniosek." in panel
    assert "Rodzina nie ma wniosków w toku." in panel
    assert "<details" not in panel


def test_the_page_stands_while_a_linked_page_does_not_exist_yet(
    login: Any, benefits_clerk: User, family: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    def without_registering(name: str, *args: Any, **kwargs: Any) -> str:
        if name == "benefits:application_register":
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr("ostoja.benefits.panels.reverse", without_registering)
    panel = _panel(_page(login(benefits_clerk), family))
    assert "GOPS.8311.1.2025" in panel
    assert "Nowy wniosek" not in panel


def test_an_address_that_does_not_exist_is_empty() -> None:
    assert panels.url_or_empty("benefits:no_such_page", 1) == ""
    assert panels.url_or_empty("benefits:application_detail", 5).endswith("/5/")


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


def _more_of_everything(household: Household, clerk: User, n: int) -> None:
    """n more segments of each award and n more open applications, made directly."""
    for k, award in enumerate(Award.objects.filter(household=household)):
        for i in range(n):
            # Before the family's own awards, a year per award: no two segments overlap.
            start = datetime.date(2001 + k, 1 + i, 1)
            Award.objects.create(
                decision=award.decision,
                household=household,
                person=award.person,
                payee=award.payee,
                benefit=award.benefit,
                frequency=award.frequency,
                amount=Decimal("100.00") if award.amount is not None else None,
                valid_from=start,
                valid_to=start + datetime.timedelta(days=27),
                method=award.method,
                account=award.account,
            )
    for i in range(n):
        factories.application(
            household, handled_by=clerk, received_on=RECEIVED - datetime.timedelta(days=i + 1)
        )


def _context_queries(user: User, household: Household) -> int:
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        panels._context(request, household, {"today": LOOKED_ON})
    return len(queries)


def test_the_panel_reads_a_fixed_number_of_queries(
    login: Any, social_worker: User, benefits_clerk: User, family: Household
) -> None:
    client = login(social_worker)
    url = reverse("registry:household_detail", args=[family.pk])

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    page_queries()  # a first request fills the process's caches (content types, sessions)
    few_page, few_panel = page_queries(), _context_queries(social_worker, family)
    _more_of_everything(family, benefits_clerk, 6)
    assert Application.objects.filter(household=family).count() == 8
    assert page_queries() == few_page
    assert _context_queries(social_worker, family) == few_panel
    # The awards with their decisions and persons; the open applications, what they ask for
    # and their pauses; and whether she may register (her areas, her shared families, the
    # family among them).
    assert few_panel <= 7
