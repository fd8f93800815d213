"""The first draft of a decision's text: each expected sentence written by hand from the usual
wording of a decision and the provisions it must cite (art. 107 § 1 k.p.a.)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from ostoja.benefits.drafting import (
    RepaymentTerms,
    appeal_instruction,
    distribution,
    justification_facts,
    justification_law,
    legal_basis,
    operative,
    provisions_of,
    supplements_granted,
)
from ostoja.benefits.legal_acts import citation
from ostoja.benefits.models import Assessment, DecisionKind, PaymentMethod, Relief
from ostoja.registry.models import Person
from ostoja.registry.tests.factories import PersonFactory, make_nrb

DAY = datetime.date(2026, 3, 10)
# The consolidated texts in force on 10 March 2026 (legal_acts.py, with their sources).
UPS = "ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. z 2025 r. poz. 1214 z późn. zm.)"
KPA = (
    "ustawy z dnia 14 czerwca 1960 r. – Kodeks postępowania administracyjnego "
    "(Dz.U. z 2025 r. poz. 1691 z późn. zm.)"
)


@dataclass
class Line:
    benefit: str
    person: Person
    amount: Decimal | None
    period_from: datetime.date
    period_to: datetime.date | None
    payee: Person
    method: str
    purpose: str = ""
    account: str = ""


@pytest.fixture
def maria(db: None) -> Person:
    return PersonFactory(first_names="Maria", surname="Lipowska", sex="K")


@pytest.fixture
def jan(db: None) -> Person:
    return PersonFactory(first_names="Jan", surname="Kowalski", sex="M")


def test_the_provisions_of_the_reasons_are_grouped_by_act_each_once() -> None:
    reasons = [
        {"article": "art. 8 ust. 1 pkt 2 u.p.s."},
        {"article": "art. 38 ust. 2 pkt 1 u.p.s."},
        {"article": "art. 8 ust. 1 pkt 2 u.p.s."},
        {"article": "art. 5 ust. 1 u.ś.r."},
        {"article": "no article"},
    ]
    assert provisions_of(reasons) == {
        "ups": ["art. 8 ust. 1 pkt 2", "art. 38 ust. 2 pkt 1"],
        "usr": ["art. 5 ust. 1"],
    }


def test_the_legal_basis_of_a_periodic_allowance() -> None:
    # The reasons cite art. 8 and a unit of art. 38, so "art. 38" alone is not added; the
    # decision rests on art. 106 ust. 1 (a decision grants help) and art. 110 (the head of the
    # centre decides on the mayor's authorisation); the k.p.a. on art. 104.
    basis = legal_basis(
        kind=DecisionKind.GRANT,
        act="ups",
        day=DAY,
        benefits=["zasilek_okresowy"],
        reasons=[
            {"article": "art. 8 ust. 1 pkt 2 u.p.s."},
            {"article": "art. 38 ust. 2 pkt 1 u.p.s."},
        ],
    )
    assert basis == (
        "Na podstawie art. 8 ust. 1 pkt 2, art. 38 ust. 2 pkt 1, art. 106 ust. 1 i "
        f"art. 110 ust. 1 i 7 {UPS} oraz art. 104 {KPA}"
    )


def test_a_discontinuance_rests_on_article_105() -> None:
    basis = legal_basis(
        kind=DecisionKind.DISCONTINUANCE, act="ups", day=DAY, benefits=["zasilek_celowy"]
    )
    assert basis == f"Na podstawie art. 105 § 1 {KPA}"


def test_a_grant_names_the_party_in_the_dative_and_the_amount_in_words(maria: Person) -> None:
    account = make_nrb(7)
    line = Line(
        benefit="zasilek_okresowy",
        person=maria,
        amount=Decimal("512.50"),
        period_from=datetime.date(2026, 3, 1),
        period_to=datetime.date(2026, 5, 31),
        payee=maria,
        method=PaymentMethod.BANK,
        account=account,
    )
    text = operative(
        kind=DecisionKind.GRANT, party=maria, lines=[line], benefits=["zasilek_okresowy"]
    )
    grouped = " ".join([account[:2], *(account[i : i + 4] for i in range(2, 26, 4))])
    assert text == (
        "Przyznaje się Pani Marii Lipowskiej zasiłek okresowy w wysokości "
        "512,50\xa0zł (słownie: pięćset dwanaście złotych 50/100) miesięcznie na okres od "
        "1 marca 2026 r. do 31 maja 2026 r., płatny na rachunek bankowy nr "
        f"{grouped}."
    )


def test_a_refusal_names_the_benefits_in_the_genitive(jan: Person) -> None:
    text = operative(
        kind=DecisionKind.REFUSAL,
        party=jan,
        lines=[],
        benefits=["zasilek_staly", "posilek"],
    )
    assert text == (
        "Odmawia się Panu Janowi Kowalskiemu przyznania zasiłku stałego i pomocy w formie posiłku."
    )


def test_several_benefits_are_numbered_points(maria: Person, jan: Person) -> None:
    lines = [
        Line("zasilek_celowy", maria, Decimal("300"), DAY, DAY, maria, PaymentMethod.CASH, "opał"),
        Line("posilek", jan, None, datetime.date(2026, 3, 1), None, maria, PaymentMethod.IN_KIND),
    ]
    text = operative(
        kind=DecisionKind.GRANT, party=maria, lines=lines, benefits=["zasilek_celowy", "posilek"]
    )
    assert text.splitlines() == [
        "1. Przyznaje się Pani Marii Lipowskiej zasiłek celowy z przeznaczeniem na: opał "
        "w wysokości 300,00\xa0zł (słownie: trzysta złotych 00/100) na dzień 10 marca 2026 r., "
        "płatny w kasie ośrodka.",
        "2. Przyznaje się Pani Marii Lipowskiej pomoc w formie posiłku na Jana Kowalskiego "
        "od 1 marca 2026 r.",
    ]


def test_a_change_and_a_suspension_name_the_decision_they_act_on(maria: Person) -> None:
    line = Line(
        "zasilek_staly",
        maria,
        Decimal("719"),
        datetime.date(2026, 1, 1),
        None,
        maria,
        PaymentMethod.CASH,
    )
    change = operative(
        kind=DecisionKind.CHANGE,
        party=maria,
        lines=[line],
        benefits=["zasilek_staly"],
        changes_number="GOPS.8311.12.2025",
        effective_from=datetime.date(2026, 1, 1),
    )
    assert change.startswith(
        "Zmienia się decyzję nr GOPS.8311.12.2025 od 1 stycznia 2026 r. w ten sposób, że "
        "przyznaje się Pani Marii Lipowskiej zasiłek stały w wysokości 719,00\xa0zł"
    )
    suspension = operative(
        kind=DecisionKind.SUSPENSION,
        party=maria,
        lines=[],
        benefits=["zasilek_staly"],
        changes_number="GOPS.8311.12.2025",
        effective_from=datetime.date(2026, 4, 1),
    )
    assert suspension == (
        "Wstrzymuje się wypłatę świadczenia przyznanego decyzją nr GOPS.8311.12.2025 "
        "od 1 kwietnia 2026 r."
    )


def test_the_appeal_instruction_names_the_board_the_centre_and_the_terms() -> None:
    text = appeal_instruction()
    assert text.startswith(
        "Od niniejszej decyzji przysługuje odwołanie do Samorządowego Kolegium Odwoławczego "
        "w Dębowie za pośrednictwem Gminnego Ośrodka Pomocy Społecznej w Dębowie w terminie "
        "14 dni od dnia jej doręczenia"
    )
    assert "art. 127a k.p.a." in text


def test_the_distribution_list_sends_a_paying_decision_to_accounting(maria: Person) -> None:
    assert distribution(party=maria, pays=True) == (
        "Otrzymują:\n1. Pani Maria Lipowska – strona\n2. Księgowość – do realizacji\n3. a/a"
    )
    assert distribution(party=maria, pays=False) == (
        "Otrzymują:\n1. Pani Maria Lipowska – strona\n2. a/a"
    )


def test_the_legal_justification_names_the_members_and_cites_each_provision(
    maria: Person,
) -> None:
    # The rules speak of the frozen household's member "o1"; the decision names her. A reason's
    # sentence ends before its provision, which closes it: one full stop.
    assessment = Assessment(
        persons={"o1": maria.pk},
        result={
            "reasons": [
                {
                    "text": "Dochód członka „o1”: przychody 600,00 zł, bez potrąceń.",
                    "article": "art. 8 ust. 3 u.p.s.",
                },
                {"text": "", "article": "art. 8 ust. 1 u.p.s."},
            ]
        },
    )
    assert justification_law(assessment) == (
        "Dochód członka „Maria Lipowska”: przychody 600,00 zł, bez potrąceń (art. 8 ust. 3 u.p.s.)."
    )


def test_a_reason_citing_two_articles_gives_two_provisions_in_the_statutes_order() -> None:
    # The family allowance's amount reason cites "art. 6 ust. 1 pkt 1 i art. 6 ust. 2 pkt 2";
    # the legal basis lists each once and runs as the statute does: art. 5 before art. 6,
    # ust. 1 before ust. 2, art. 11a after art. 6, art. 20 last. "art. 6 ust. 1" alone is left
    # out where its pkt 1 is cited. Art. 4 (the benefit's own article, which no reason cites)
    # goes first, as the statute runs.
    reasons = [
        {"article": "art. 11a ust. 1 u.ś.r."},
        {"article": "art. 6 ust. 1 pkt 1 i art. 6 ust. 2 pkt 2 u.ś.r."},
        {"article": "art. 6 ust. 1 u.ś.r."},
        {"article": "art. 5 ust. 1 u.ś.r."},
        {"article": "art. 6 ust. 1 pkt 1 i art. 6 ust. 2 pkt 1 u.ś.r."},
    ]
    basis = legal_basis(
        kind=DecisionKind.GRANT, act="usr", day=DAY, benefits=["zasilek_rodzinny"], reasons=reasons
    )
    assert basis == (
        "Na podstawie art. 4, art. 5 ust. 1, art. 6 ust. 1 pkt 1, art. 6 ust. 2 pkt 1, "
        "art. 6 ust. 2 pkt 2, art. 11a ust. 1 i art. 20 ust. 2 "
        f"{citation('usr', DAY)} oraz art. 104 {KPA}"
    )
    # "art. 110 ust. 1 i 7" names two units of one article: one provision.
    assert provisions_of([{"article": "art. 110 ust. 1 i 7 u.p.s."}]) == {
        "ups": ["art. 110 ust. 1 i 7"]
    }


def test_a_family_benefit_states_the_base_years_income_per_person_against_the_threshold(
    maria: Person,
) -> None:
    # Art. 5 ust. 1 u.ś.r.: the family's income per person against 674 zł per person (the
    # threshold of the reason), not against 674 × 4 = 2 696 zł (the result's criterion). A
    # family of 4 with 2 856 zł a month in 2023 has 2 856 / 4 = 714 zł per person.
    assessment = Assessment(
        period_kind="rok_bazowy",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        result={
            "income": "2856.00",
            "income_per_person": "714.00",
            "criterion": "2696.00",
            "reasons": [
                {"code": "zasilek_rodzinny.kryterium", "facts": {"prog": "674.00"}},
            ],
        },
    )
    text = justification_facts(
        kind=DecisionKind.REFUSAL,
        party=maria,
        received_on=None,
        benefits=["zasilek_rodzinny"],
        assessment=assessment,
        interview_on=None,
    )
    assert text == (
        "Przeciętny miesięczny dochód rodziny z roku kalendarzowego 2023 wyniósł "
        "2\xa0856,00\xa0zł, tj. 714,00\xa0zł na osobę w rodzinie, przy kryterium dochodowym "
        "674,00\xa0zł na osobę."
    )


def test_the_family_allowance_is_granted_with_the_supplements_found_due(maria: Person) -> None:
    # Two supplements with an amount (art. 11a and art. 14 u.ś.r.), one found not due (0 zł):
    # the ruling names the two in the order of art. 8 u.ś.r. (pkt 3 before pkt 6).
    assessment = Assessment(
        result={
            "reasons": [
                {"code": "zasilek_rodzinny.kwota", "facts": {"kwota": "124.00"}},
                {
                    "code": "zasilek_rodzinny.dodatek.rozpoczecie_roku_szkolnego",
                    "facts": {"kwota": "100.00"},
                },
                {
                    "code": "zasilek_rodzinny.dodatek.samotne_wychowywanie",
                    "facts": {"kwota": "193.00"},
                },
                {"code": "zasilek_rodzinny.dodatek.wielodzietnosc", "facts": {"kwota": "0.00"}},
            ]
        }
    )
    supplements = supplements_granted(assessment)
    assert supplements == ["samotne_wychowywanie", "rozpoczecie_roku_szkolnego"]
    line = Line(
        benefit="zasilek_rodzinny",
        person=maria,
        amount=Decimal("417.00"),
        period_from=datetime.date(2025, 11, 1),
        period_to=datetime.date(2026, 10, 31),
        payee=maria,
        method=PaymentMethod.CASH,
    )
    text = operative(
        kind=DecisionKind.GRANT,
        party=maria,
        lines=[line],
        benefits=["zasilek_rodzinny"],
        supplements=supplements,
    )
    assert text.startswith(
        "Przyznaje się Pani Marii Lipowskiej zasiłek rodzinny wraz z dodatkami: z tytułu "
        "samotnego wychowywania dziecka, z tytułu rozpoczęcia roku szkolnego w wysokości 417,00"
    )
    one = operative(
        kind=DecisionKind.GRANT,
        party=maria,
        lines=[line],
        benefits=["zasilek_rodzinny"],
        supplements=["samotne_wychowywanie"],
    )
    assert "zasiłek rodzinny wraz z dodatkiem z tytułu samotnego wychowywania dziecka w" in one
    assert supplements_granted(None) == []


def test_every_member_number_in_a_reason_is_named(maria: Person, jan: Person) -> None:
    # Quoted („o1”), bare ("Opiekunem jest o2") and in a list ("o1, o2"); "o12", a number the
    # assessment does not know, and a word with the letters ("foo1") stay as they are.
    assessment = Assessment(
        persons={"o1": maria.pk, "o2": jan.pk},
        result={
            "reasons": [
                {"text": "Opiekunem jest o2; sprawuje opiekę nad: o1, o12.", "article": ""},
                {"text": "Dziecko „o1” i foo1.", "article": ""},
            ]
        },
    )
    assert justification_law(assessment) == (
        "Opiekunem jest Jan Kowalski; sprawuje opiekę nad: Maria Lipowska, o12.\n"
        "Dziecko „Maria Lipowska” i foo1."
    )


# --- Undue benefits and the reliefs (art. 104 ust. 3 and 4 u.p.s.; art. 30 u.ś.r.) ---------


def _undue_line(person: Person, amount: str) -> Line:
    return Line(
        benefit="zasilek_okresowy",
        person=person,
        amount=Decimal(amount),
        period_from=datetime.date(2025, 11, 1),
        period_to=datetime.date(2025, 12, 31),
        payee=person,
        method=PaymentMethod.CASH,
    )


def test_an_undue_benefit_fixes_the_amount_and_the_deadline(jan: Person) -> None:
    text = operative(
        kind=DecisionKind.UNDUE,
        party=jan,
        lines=[_undue_line(jan, "900.00")],
        benefits=["zasilek_okresowy"],
        terms=RepaymentTerms(repay_by=datetime.date(2026, 4, 30)),
    )
    # "Zobowiązuje się" takes the accusative: Pana Jana Kowalskiego.
    assert text == (
        "1. Ustala się, że Pan Jan Kowalski pobrał nienależnie zasiłek okresowy w kwocie "
        "900,00\xa0zł (słownie: dziewięćset złotych 00/100).\n"
        "2. Zobowiązuje się Pana Jana Kowalskiego do zwrotu tej kwoty w terminie do dnia "
        "30 kwietnia 2026 r."
    )


def test_an_undue_family_benefit_in_instalments_with_interest(maria: Person) -> None:
    text = operative(
        kind=DecisionKind.UNDUE,
        party=maria,
        lines=[_undue_line(maria, "1000.00")],
        benefits=["zasilek_okresowy"],
        terms=RepaymentTerms(
            repay_by=datetime.date(2026, 4, 30),
            instalments=3,
            interest_from=datetime.date(2026, 1, 1),
        ),
    )
    # 1 000,00 in 3: 333,33, 333,33 and 1 000,00 − 666,66 = 333,34.
    assert (
        "Zobowiązuje się Panią Marię Lipowską do zwrotu tej kwoty w 3 ratach miesięcznych, z "
        "których pierwsza jest płatna do dnia 30 kwietnia 2026 r., a każda następna do tego "
        "samego dnia kolejnego miesiąca; raty wynoszą po 333,33\xa0zł, ostatnia 333,34\xa0zł "
        "wraz z odsetkami ustawowymi za opóźnienie liczonymi od dnia 1 stycznia 2026 r. do dnia "
        "zwrotu."
    ) in text


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (
            RepaymentTerms(relief=Relief.WAIVER, owed=Decimal("500.00")),
            "Umarza się Pani Marii Lipowskiej w całości należność z tytułu nienależnie "
            "pobranego świadczenia ustaloną decyzją nr GOPS.8311.7.2026, pozostałą do zwrotu "
            "w kwocie 500,00\xa0zł.",
        ),
        (
            RepaymentTerms(relief=Relief.WAIVER, relief_amount=Decimal("200.00")),
            "Umarza się Pani Marii Lipowskiej w części, w kwocie 200,00\xa0zł (słownie: dwieście "
            "złotych 00/100), należność z tytułu nienależnie pobranego świadczenia ustaloną "
            "decyzją nr GOPS.8311.7.2026.",
        ),
        (
            RepaymentTerms(relief=Relief.ABANDONMENT),
            "Odstępuje się od żądania od Pani Marii Lipowskiej zwrotu należności z tytułu "
            "nienależnie pobranego świadczenia ustalonej decyzją nr GOPS.8311.7.2026.",
        ),
        (
            RepaymentTerms(
                relief=Relief.DEFERRAL,
                repay_by=datetime.date(2026, 9, 30),
                owed=Decimal("500.00"),
            ),
            "Odracza się Pani Marii Lipowskiej termin zwrotu należności z tytułu nienależnie "
            "pobranego świadczenia ustalonej decyzją nr GOPS.8311.7.2026, pozostałej do zwrotu "
            "w kwocie 500,00\xa0zł, do dnia 30 września 2026 r.",
        ),
        (
            RepaymentTerms(
                relief=Relief.INSTALMENTS,
                repay_by=datetime.date(2026, 5, 15),
                instalments=3,
                owed=Decimal("900.00"),
            ),
            # 900,00 ÷ 3 = 300,00 each.
            "Rozkłada się Pani Marii Lipowskiej na raty należność z tytułu nienależnie "
            "pobranego świadczenia ustaloną decyzją nr GOPS.8311.7.2026, pozostałą do zwrotu w "
            "kwocie 900,00\xa0zł: w 3 ratach miesięcznych, z których pierwsza jest płatna do "
            "dnia 15 maja 2026 r., a każda następna do tego samego dnia kolejnego miesiąca; "
            "każda rata wynosi 300,00\xa0zł.",
        ),
    ],
    ids=["waiver", "waiver-in-part", "abandonment", "deferral", "instalments"],
)
def test_each_relief_says_what_it_does_to_the_debt(
    maria: Person, terms: RepaymentTerms, expected: str
) -> None:
    text = operative(
        kind=DecisionKind.RELIEF,
        party=maria,
        lines=[],
        benefits=[],
        changes_number="GOPS.8311.7.2026",
        terms=terms,
    )
    assert text == expected
