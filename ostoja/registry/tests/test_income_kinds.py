"""The registry's dictionary of income kinds and the rules' catalogue are one list: an income
recorded in the registry always has a kind the rules know, and every kind the rules know can be
recorded."""

import pytest

from ostoja.registry.models import IncomeKind
from ostoja.rules.catalogues import INCOME_KINDS

pytestmark = pytest.mark.django_db


def test_the_registry_has_exactly_the_kinds_the_rules_know() -> None:
    assert set(IncomeKind.objects.values_list("code", flat=True)) == set(INCOME_KINDS)


def test_the_kinds_added_for_the_2026_corrections_are_recorded_as_not_counted() -> None:
    for code in (
        "stypendium_szkolne",
        "dodatkowe_roczne_swiadczenie_pieniezne",
        "kolejne_dodatkowe_roczne_swiadczenie_pieniezne",
        "swiadczenie_uzupelniajace",
    ):
        assert IncomeKind.objects.get(code=code).excluded_from_social_assistance
