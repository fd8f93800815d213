"""The first draft of a decision's text: each expected sentence written by hand from the usual
wording of a decision and the provisions it must cite (art. 107 § 1 k.p.a.)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from ostoja.benefits.drafting import (
    appeal_instruction,
    distribution,
    justification_law,
    legal_basis,
    operative,
    provisions_of,
)
from ostoja.benefits.models import Assessment, DecisionKind, PaymentMethod
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
