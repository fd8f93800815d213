# mypy: allow-untyped-calls
"""Done when: "a family-benefit application goes the same way" (issue 9), in the browser.

A benefits clerk registers, through the application form, the Jaworski family's application for
zasiłek rodzinny with dodatki for the benefit period 2024/2025; she states what the documents
say about each member (the parents' incomes in the base year, the supplements asked for), assesses
it, drafts the decision in the editor and watches the preview follow what she types, and sends it
for signature; the director signs it; she records its delivery in person and the waiver of the
appeal, and the decision is final; its PDF and DOCX are read back. Screenshots at each step in
test-artifacts/; axe-core on the forms, the assessment, the editor and the decision's page.

Today is Tuesday 24 September 2024; the application came in on Monday 2 September 2024, for
the benefit period from 1 November 2024 to 31 October 2025 (art. 3 pkt 9 u.ś.r.; paper
applications for it are taken from 1 August, reference.md § 5.1). The figures, worked out by
hand from the statute and the regulation of 7 August 2015 (Dz.U. 2015 poz. 1238: the amounts from
1 November 2016; confirmed unchanged for the periods from 1 November 2024 by the regulation of
August 2024, reference.md § 5.2–5.4):

* The family (art. 3 pkt 16 u.ś.r.): Ewa Jaworska, the applicant, her husband Piotr and their
  three children, Helena (born 20.04.2010), Antoni (10.06.2015) and Zuzanna (15.03.2021):
  5 persons.
* The base year is 2023, the calendar year before the period (art. 3 pkt 2 u.ś.r.: the family's
  income is its average monthly income in the calendar year before the benefit period [the
  wording of pkt 2 was not read in the act itself; reference.md § 5.1 marks the general rule
  [M] and docs/legal/swiadczenia_rodzinne.md § 2 gives it]). Ewa earned 18 000,00 zł net in
  2023 and Piotr 24 840,00 zł: 42 840,00 zł ÷ 12 = 3 570,00 zł a month, 3 570,00 ÷ 5 =
  714,00 zł per person, above the criterion of 674 zł (art. 5 ust. 1; no child has a disability
  certificate, so not 764 zł, art. 5 ust. 2).
* The children's ages on 1 November 2024, the first day the law is applied for: Helena 14,
  Antoni 9, Zuzanna 3; none crosses 5 or 18 before 31 October 2025, so the monthly amounts hold
  for the whole period. Zasiłek rodzinny (art. 6 ust. 2): 124 + 124 + 95 = 343 zł a month.
* Dodatki: for the large family (art. 12a: on the third child entitled to the allowance)
  1 × 95 = 95 zł a month; for the start of the school year (art. 14) for Helena and Antoni,
  2 × 100 = 200 zł once.
* Złotówka za złotówkę (art. 5 ust. 3–3c, in force from 1 January 2016): the family's amount is
  674 × 5 = 3 370,00 zł, exceeded by 3 570,00 − 3 370,00 = 200,00 zł. The łączna kwota is
  the allowances and the art. 12a supplement for the months of the right, per month (ust. 3b
  pkt 1–2: 343 + 95 = 438 zł), plus the art. 14 supplements ÷ 12 (ust. 3b pkt 3: 200 ÷ 12 =
  16,666… zł): 454,666… zł. The excess is not above it, so the family gets 454,666… − 200 =
  254,666… zł, 254,67 zł a month rounded to the grosz (the act says nothing of the rounding of
  this difference: half up, to grosze, is the engine's reading [not confirmed]); not below the
  20 zł of ust. 3c.
* The right is set from November 2024, the period's first month (art. 24 ust. 2: from the month
  of the application, but not before the period it is for), to 31 October 2025.

Delivered in person on 24 September 2024 and the waiver received the same day: final on that
day (art. 127a § 2 k.p.a.).
"""

import datetime
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import Application, Award, Decision
from ostoja.benefits.tests.decision_pages.browser.steps import (
    deliver_in_person_and_waive,
    detail_url,
    download_documents,
    send_for_signature,
    sign_as_director,
    submit_main_form,
    words,
)
from ostoja.benefits.tests.decision_pages.conftest import noon
from ostoja.benefits.tests.decisions import factories
from ostoja.registry import services as registry_services
from ostoja.registry.models import Household, Person
from ostoja.registry.tests.browser.conftest import PASSWORD, Office, make_pesel
from ostoja.registry.tests.browser.test_accessibility import (
    assert_no_axe_violations,
    unlabelled_fields,
)

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]

TODAY = datetime.date(2024, 9, 24)  # a Tuesday
RECEIVED = datetime.date(2024, 9, 2)  # a Monday
PERIOD_START = datetime.date(2024, 11, 1)  # art. 3 pkt 9 u.ś.r.
PERIOD_END = datetime.date(2025, 10, 31)
NUMBER = "GOPS.5210.1.2024"
# 42 840 ÷ 12 = 3 570 a month; 3 570 ÷ 5 = 714 per person; 674 × 5 = 3 370 (module docstring).
MONTHLY_INCOME = "3\xa0570,00\xa0zł"
PER_PERSON = "714,00\xa0zł"
FAMILY_AMOUNT = "3\xa0370,00\xa0zł"
# (343 + 95) + 200 ÷ 12 − 200 = 254,666… → 254,67 zł a month (module docstring).
AMOUNT = Decimal("254.67")
AMOUNT_SHOWN = "254,67"


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    """Tuesday 24 September 2024, noon in Warsaw, ticking for the live server's thread too."""
    with time_machine.travel(noon(TODAY), tick=True) as traveller:
        yield traveller


@dataclass(frozen=True)
class Family:
    household: Household
    mother: Person
    father: Person
    helena: Person
    antoni: Person
    zuzanna: Person


def _person(
    birth_date: datetime.date, serial: int, sex: str, first_names: str, surname: str
) -> dict[str, Any]:
    return {
        "pesel": make_pesel(birth_date, serial, sex),
        "first_names": first_names,
        "surname": surname,
        "birth_date": birth_date,
        "sex": sex,
        "registered_gmina": "Dębowo",
        "registered_town": "Zalesie",
    }


def _jaworski_family(office: Office) -> Family:
    """Ewa and Piotr Jaworski with Helena, Antoni and Zuzanna at ul. Leśna 5 in Zalesie, in the
    registry since 2019, as the area's worker registered them."""
    since = datetime.date(2019, 6, 1)
    household = registry_services.family_register(
        actor=office.worker_south,
        area=office.south,
        address={
            "gmina": "Dębowo",
            "town": "Zalesie",
            "street": "Leśna",
            "house_number": "5",
            "flat_number": "",
            "postcode": "00-951",
        },
        head_data=_person(datetime.date(1986, 5, 12), 401, "K", "Ewa", "Jaworska"),
        since=since,
    )
    others = [
        (_person(datetime.date(1984, 2, 3), 402, "M", "Piotr", "Jaworski"), "malzonek", since),
        (_person(datetime.date(2010, 4, 20), 403, "K", "Helena", "Jaworska"), "dziecko", since),
        (_person(datetime.date(2015, 6, 10), 404, "M", "Antoni", "Jaworski"), "dziecko", since),
        (
            _person(datetime.date(2021, 3, 15), 405, "K", "Zuzanna", "Jaworska"),
            "dziecko",
            datetime.date(2021, 3, 15),
        ),
    ]
    people = [household.memberships.get().person]
    for data, relation, valid_from in others:
        membership = registry_services.member_add_new_person(
            actor=office.worker_south,
            household=household,
            person_data=data,
            relation=relation,
            valid_from=valid_from,
        )
        people.append(membership.person)
    return Family(household, *people)


@pytest.fixture
def clerk(office: Office) -> User:
    return User.objects.create_user(
        "mzielinska",
        password=PASSWORD,
        role=Role.BENEFITS_CLERK,
        first_name="Małgorzata",
        last_name="Zielińska",
    )


def _state_facts(
    page: Page,
    application: Application,
    person: Person,
    *,
    income: str = "",
    supplements: tuple[str, ...] = (),
    in_education: bool | None = None,
    before_saving: Callable[[], None] = lambda: None,
) -> None:
    """The clerk opens the member's facts from the application's page, writes what the
    documents say and saves them, back on the application's page."""
    detail = reverse("benefits:application_detail", args=[application.pk])
    page.locator(
        f"a[href='{reverse('benefits:member_facts', args=[application.pk, person.pk])}']"
    ).click()
    if income:
        page.locator("#id_annual_income").fill(income)
    for code in supplements:
        page.locator(f"input[name=supplements][value={code}]").check()
    if in_education is not None:
        page.locator("#id_in_education").select_option("true" if in_education else "false")
    before_saving()
    submit_main_form(page)
    page.wait_for_url(f"**{detail}")


def test_a_family_benefit_application_goes_from_the_form_to_a_final_decision(
    page: Page,
    live_server: Any,
    office: Office,
    clerk: User,
    login_as: LoginAs,
    screenshot: Screenshot,
) -> None:
    family = _jaworski_family(office)
    factories.authorisation(office.director, recorded_by=office.director)
    factories.register(symbol="GOPS.5210", act=factories.USR)
    login_as(clerk)

    # 1. The application, through its form: the act first, which redraws the benefits and
    # brings the benefit period.
    page.goto(
        live_server.url + reverse("benefits:application_register", args=[family.household.pk])
    )
    page.locator("input[name=act][value=usr]").check()
    page.locator("#pola-ustawy input[value=zasilek_rodzinny]").check()
    page.locator("#id_received_on").fill(RECEIVED.isoformat())
    page.locator("#id_benefit_period_start").select_option(PERIOD_START.isoformat())
    page.locator("#id_channel").select_option("osobiscie")
    page.locator("#id_applicant").select_option(str(family.mother.pk))
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
    screenshot("01-application-form")
    submit_main_form(page)
    page.wait_for_url(re.compile(r"/swiadczenia/wnioski/\d+/$"))
    application = Application.objects.get(household=family.household)
    assert (application.act, application.received_on, application.benefit_period_start) == (
        "usr",
        RECEIVED,
        PERIOD_START,
    )
    screenshot("02-application")

    # 2. What the documents say of each member: the parents' net incomes of 2023, the base year;
    # the large-family supplement asked for by the applicant; the school-start supplement for
    # the two schoolchildren.
    def check_the_applicants_form() -> None:
        # The family's own supplements are offered to the applicant (art. 10, 11a, 12a, 13).
        expect(page.locator("input[name=supplements][value=samotne_wychowywanie]")).to_be_visible()
        assert_no_axe_violations(page)
        assert unlabelled_fields(page) == []
        screenshot("03-facts-applicant")

    _state_facts(
        page,
        application,
        family.mother,
        income="18 000,00",
        supplements=("wielodzietnosc",),
        before_saving=check_the_applicants_form,
    )
    _state_facts(page, application, family.father, income="24 840,00")
    for child in (family.helena, family.antoni):
        _state_facts(
            page,
            application,
            child,
            supplements=("rozpoczecie_roku_szkolnego",),
            in_education=True,
            # A child's form offers only a child's own supplements (art. 9, 14, 15).
            before_saving=lambda: expect(
                page.locator("input[name=supplements][value=wielodzietnosc]")
            ).to_have_count(0),
        )
    _state_facts(page, application, family.zuzanna)
    stated = {f.person_id: f for f in application.member_facts.all()}
    assert stated[family.mother.pk].annual_income == Decimal("18000.00")
    assert stated[family.mother.pk].supplements == ["wielodzietnosc"]
    assert stated[family.father.pk].annual_income == Decimal("24840.00")
    assert stated[family.antoni.pk].supplements == ["rozpoczecie_roku_szkolnego"]
    assert len(stated) == 5
    screenshot("04-facts-stated")

    # 3. The assessment: the base year's income against the family's amount, the reduced
    # amount with its reasons.
    assess = reverse("benefits:assessment_make", args=[application.pk, "zasilek_rodzinny"])
    page.locator(f"main a[href='{assess}']").first.click()
    screenshot("05-assess")
    submit_main_form(page)
    page.wait_for_url(re.compile(r"/swiadczenia/oceny/\d+/$"))
    main = page.locator("main")
    expect(main).to_contain_text(f"{AMOUNT_SHOWN}\xa0zł")
    expect(main).to_contain_text(MONTHLY_INCOME)
    expect(main).to_contain_text(PER_PERSON)
    expect(main).to_contain_text(FAMILY_AMOUNT)
    expect(main).to_contain_text("01.01.2023–31.12.2023")  # the base year
    expect(main).to_contain_text("01.11.2024")  # the law of the period's first day
    assert_no_axe_violations(page)
    screenshot("06-assessment")

    # 4. The editor, from the assessment: the benefit for the whole period, the text, the
    # live preview.
    page.locator("main a.btn-primary[href*='/swiadczenia/decyzje/nowa/']").click()
    page.wait_for_url(re.compile(r"/swiadczenia/decyzje/nowa/"))
    expect(page.locator("#id_lines-0-amount")).to_have_value(AMOUNT_SHOWN)
    expect(page.locator("#id_lines-0-period_from")).to_have_value(PERIOD_START.isoformat())
    expect(page.locator("#id_lines-0-period_to")).to_have_value(PERIOD_END.isoformat())
    preview = page.frame_locator("#podglad iframe")
    expect(preview.locator("h1")).to_have_text("DECYZJA")
    body = preview.locator("body")
    expect(body).to_contain_text("Przyznaje się Pani Ewie Jaworskiej zasiłek rodzinny")
    # With the supplements found due, in the order of art. 8 u.ś.r. (pkt 4 before pkt 6).
    expect(body).to_contain_text(
        "zasiłek rodzinny wraz z dodatkami: z tytułu wychowywania dziecka w rodzinie "
        "wielodzietnej, z tytułu rozpoczęcia roku szkolnego w wysokości"
    )
    facts_text = words(page.locator("#id_justification_facts").input_value())
    # The base year's income per person against the threshold per person (art. 5 ust. 1).
    assert (
        "Przeciętny miesięczny dochód rodziny z roku kalendarzowego 2023 wyniósł 3 570,00 zł, "
        "tj. 714,00 zł na osobę w rodzinie, przy kryterium dochodowym 674,00 zł na osobę."
    ) in facts_text
    basis = words(page.locator("#id_legal_basis").input_value())
    # Each provision once, in the statute's order: art. 5 before art. 6, art. 12a before 14.
    provisions = re.findall(r"art\. (\d+[a-z]?)", basis.split(" ustawy z dnia")[0])
    numbers = [(int(re.match(r"\d+", p)[0]), p) for p in provisions]  # type: ignore[index]
    assert numbers == sorted(numbers)
    expect(body).to_contain_text(AMOUNT_SHOWN)
    expect(body).to_contain_text("od 1 listopada 2024 r. do 31 października 2025 r.")
    law = words(page.locator("#id_justification_law").input_value())
    # The base year, with its figures and provision.
    assert "Dochód rodziny w roku bazowym wynosi 42 840,00 zł" in law
    assert "miesięcznie 3 570,00 zł, a w przeliczeniu na osobę (5 osób) 714,00 zł" in law
    assert "(art. 3 pkt 1 i 2 u.ś.r.)" in law
    # Each child by name, with the allowance of the age band and the supplements.
    assert "Dziecko „Helena Jaworska” (14 lat)" in law
    assert "Dziecko „Zuzanna Jaworska” (3 lata), w wieku do ukończenia 5. roku życia" in law
    assert "na dziecko „Antoni Jaworski”: 100,00 zł jednorazowo (art. 14 u.ś.r.)" in law
    assert "rodzinie wielodzietnej: 95,00 zł" in law
    assert not re.search(r"\bo\d\b", law)  # no frozen member id ("o3") left in the text
    # Złotówka za złotówkę: the excess over 674 × 5, the łączna kwota, what is left.
    assert (
        "Dochód rodziny 3 570,00 zł przekracza kwotę 674,00 zł × 5 = 3 370,00 zł o 200,00 zł, "
        "więc świadczenia ustala się według zasady „złotówka za złotówkę”: łączna kwota "
        "zasiłków z dodatkami wynosi 438,00 zł miesięcznie + 200,00 zł dodatków jednorazowych "
        "÷ 12 = 454,67 zł; po odjęciu przekroczenia przysługuje 254,67 zł "
        "(art. 5 ust. 3a i 3b u.ś.r.)."
    ) in law
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
    facts = page.locator("#id_justification_facts")
    with page.expect_response(lambda r: r.request.headers.get("x-ostoja-preview") == "1"):
        facts.press("Control+End")
        facts.type(" Dochody z 2023 r. wykazano zaświadczeniami naczelnika urzędu skarbowego.")
    expect(body).to_contain_text("wykazano zaświadczeniami naczelnika urzędu skarbowego")
    assert not Decision.objects.exists()  # the preview saves nothing
    screenshot("07-editor-preview")
    submit_main_form(page)
    page.wait_for_url(re.compile(r"/swiadczenia/decyzje/\d+/$"))
    decision = Decision.objects.get()
    line = decision.lines.get()
    assert (line.benefit, line.amount, line.period_from, line.period_to) == (
        "zasilek_rodzinny",
        AMOUNT,
        PERIOD_START,
        PERIOD_END,
    )
    screenshot("08-draft")

    # 5. Sent for signature.
    send_for_signature(page, decision)

    # 6. The director signs.
    login_as(office.director)
    sign_as_director(page, live_server, decision, screenshot, 9)
    assert decision.number == NUMBER
    screenshot("11-signed")

    # 7. The clerk records the delivery in person and the waiver of the appeal.
    login_as(clerk)
    deliver_in_person_and_waive(page, live_server, decision, TODAY, screenshot)
    award = Award.objects.get(decision=decision)
    assert (award.amount, award.valid_from, award.valid_to) == (AMOUNT, PERIOD_START, PERIOD_END)
    screenshot("13-final")

    page.goto(live_server.url + reverse("benefits:decision_register"))
    expect(page.locator("main table")).to_contain_text(NUMBER)
    screenshot("14-register")
    page.goto(detail_url(live_server, decision))

    # 8. The documents, read back: the PDF frozen at signing, the DOCX made now.
    documents = download_documents(page, decision)
    assert hashlib.sha256(documents.pdf).hexdigest() == decision.document_sha256
    for text in (documents.pdf_text, words(documents.docx_text)):
        assert NUMBER in text
        assert "Pani Ewie Jaworskiej" in text
        assert f"{AMOUNT_SHOWN} zł" in text
        assert "od 1 listopada 2024 r. do 31 października 2025 r." in text
        assert "w roku bazowym" in text
        assert "Krzysztof Kowalski" in text
