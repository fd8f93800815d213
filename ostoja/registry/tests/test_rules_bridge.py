"""The registry's dictionary of income kinds and the rules' catalogue are one list: an income
recorded in the registry always has a kind the rules know, and every kind the rules know can be
recorded; and the relations it records are those the rules read."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ostoja.registry.models import IncomeKind, Relation
from ostoja.registry.rules_adapter import (
    IncomeTest,
    kinds_not_counted,
    previous_month,
    rules_household,
)
from ostoja.rules.catalogues import INCOME_KINDS, RELATIONS
from ostoja.rules.result import reason

pytestmark = pytest.mark.django_db
ZL = Decimal("100.00")


def test_the_registry_has_exactly_the_kinds_the_rules_know() -> None:
    assert set(IncomeKind.objects.values_list("code", flat=True)) == set(INCOME_KINDS)


def test_which_kinds_are_not_counted_comes_from_the_rules_for_the_month() -> None:
    not_counted = kinds_not_counted(datetime.date(2025, 2, 1))
    assert {
        "swiadczenie_wychowawcze",
        "stypendium_szkolne",
        "dodatkowe_roczne_swiadczenie_pieniezne",
        "kolejne_dodatkowe_roczne_swiadczenie_pieniezne",
        "swiadczenie_uzupelniajace",
    } <= not_counted
    assert "wynagrodzenie" not in not_counted
    # The 14th pension was first paid in 2021: a month long before it knows no such exclusion.
    assert "kolejne_dodatkowe_roczne_swiadczenie_pieniezne" not in kinds_not_counted(
        datetime.date(2010, 1, 1)
    )


def test_every_relation_the_registry_records_is_one_the_rules_read() -> None:
    assert {r.value for r in Relation} - {Relation.APPLICANT.value} <= set(RELATIONS)


def test_the_rules_household_states_the_month_and_the_relations(household_north: Any) -> None:
    day = timezone.localdate()
    family = rules_household(household_north, day=day, income_month=previous_month(day))
    assert family is not None
    assert family.income_month == previous_month(day)
    assert family.applicant.relation is None
    assert all(m.relation in RELATIONS for m in family.members if not m.applicant)


def test_a_reason_not_confirmed_in_the_statute_is_marked_plainly() -> None:
    unverified = reason(
        "dochod.osoba_samotnie_gospodarujaca", "art. 8 ust. 3", unverified=True, dochod=ZL
    )
    confirmed = reason("kryterium.osoba_samotnie_gospodarujaca", "art. 8 ust. 1", kryterium=ZL)
    test = IncomeTest(
        income_month=datetime.date(2025, 1, 1),
        day=datetime.date(2025, 2, 3),
        persons=1,
        income=Decimal("100"),
        income_per_person=Decimal("100"),
        criterion=Decimal("1010"),
        within=True,
        reasons=(unverified, confirmed),
    )
    with translation.override("pl"):
        html = render_to_string("registry/panels/income_test.html", {"income_test": test})
    first, second = html.split("<li>")[1:3]
    assert "do sprawdzenia</span>" in first
    assert "do sprawdzenia</span>" not in second
    assert "[?]" not in html
