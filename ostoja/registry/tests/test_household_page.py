"""The household page: amounts to the grosz, the income test, planned ends, the head change."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ostoja.accounts.models import Area, User
from ostoja.registry.models import Household, Membership, Relation
from ostoja.registry.tests.factories import IncomeFactory, household_form_data, income_kind

pytestmark = pytest.mark.django_db

D = datetime.date


def _page(client: Client, household: Household) -> str:
    response = client.get(reverse("registry:household_detail", args=[household.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _head(household: Household) -> Membership:
    return household.memberships.get(relation=Relation.APPLICANT)


@time_machine.travel(D(2025, 3, 10), tick=False)
def test_deductions_keep_their_grosze(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    """Regression: the template's `add` filter truncated Decimals, so 12,50 + 7,30 + 0,45
    showed as 19,00 zł and gross − deductions ≠ net."""
    IncomeFactory(
        person=_head(household_north).person,
        month=D(2025, 2, 1),
        gross=Decimal("1000.00"),
        tax=Decimal("12.50"),
        health=Decimal("7.30"),
        social=Decimal("0.45"),
    )
    html = _page(login(director), household_north)
    # 12,50 + 7,30 + 0,45 = 20,25; 1000,00 − 20,25 = 979,75
    assert "20,25\xa0zł" in html
    assert "979,75\xa0zł" in html
    assert "19,00\xa0zł" not in html


@time_machine.travel(D(2025, 3, 10), tick=False)
def test_the_card_compares_last_months_income_with_the_criterion(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    head = _head(household_north).person
    IncomeFactory(
        person=head,
        month=D(2025, 2, 1),
        gross=Decimal("2000.00"),
        tax=Decimal("100.00"),
        health=Decimal("150.00"),
        social=Decimal("50.00"),
    )
    IncomeFactory(  # not counted (art. 8 ust. 4 pkt 2): a zasiłek celowy
        person=head,
        month=D(2025, 2, 1),
        kind=income_kind("zasilek_celowy"),
        gross=Decimal("300.00"),
        tax=Decimal("0"),
        health=Decimal("0"),
        social=Decimal("0"),
    )
    html = _page(login(director), household_north)
    # Three members; income 2000 − 100 − 150 − 50 = 1700,00 zł, i.e. 566,67 zł per person.
    # Criterion on 10.03.2025 (from 1.01.2025): 823 zł per person in a family, × 3 = 2469 zł.
    assert "1\xa0700,00\xa0zł" in html
    assert "566,67\xa0zł" in html
    assert "2\xa0469,00\xa0zł" in html
    assert "823,00\xa0zł" in html
    assert "w kryterium" in html
    assert "nie wliczany" in html or "niewliczany" in html


def test_a_planned_end_of_membership_is_shown(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    """Regression: a planned end of membership was not shown on the card."""
    child = household_north.memberships.filter(relation=Relation.CHILD).first()
    assert child is not None
    child.valid_to = D(2099, 6, 30)
    child.save()
    html = _page(login(director), household_north)
    assert "30.06.2099" in html


def test_a_social_worker_is_offered_only_her_areas(
    login: Callable[[User], Client], social_worker: User, area_south: Area
) -> None:
    client = login(social_worker)
    response = client.get(reverse("registry:household_register"))
    areas = list(response.context["address_form"].fields["area"].queryset)
    assert areas == list(social_worker.areas.all())
    # Posting another area anyway is a field error, and nothing is saved.
    data = household_form_data("household", area=area_south)
    response = client.post(reverse("registry:household_register"), data)
    assert "area" in response.context["address_form"].errors
    assert not Household.objects.filter(area=area_south).exists()


def test_the_head_is_changed_through_its_own_form(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    old = _head(household_north)
    child = household_north.memberships.filter(relation=Relation.CHILD).first()
    assert child is not None
    client = login(director)
    url = reverse("registry:head_change", args=[household_north.pk])
    page = client.get(url)
    assert page.status_code == 200
    missing = client.post(url, {"new_head": child.pk, "since": "2025-07-01"})
    assert "former_head_relation" in missing.context["form"].errors
    done = client.post(
        url, {"new_head": child.pk, "since": "2025-07-01", "former_head_relation": "rodzic"}
    )
    assert done.status_code == 302
    today_heads = Membership.objects.current_on(D(2025, 7, 1)).filter(
        household=household_north, relation=Relation.APPLICANT
    )
    assert [m.person_id for m in today_heads] == [child.person_id]
    assert Membership.objects.current_on(D(2025, 6, 30)).get(person=old.person).relation == (
        Relation.APPLICANT
    )


def test_the_history_shows_what_was_done(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    child = household_north.memberships.filter(relation=Relation.CHILD).first()
    assert child is not None
    client = login(director)
    client.post(
        reverse("registry:member_end", args=[household_north.pk, child.pk]),
        {"valid_to": "2025-03-12"},
    )
    html = _page(client, household_north)
    assert child.person.full_name in html
    assert "12.03.2025" in html
    assert str(director) in html


def test_a_merged_record_leads_to_the_kept_one(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    """Regression: after a merge the merged id answered 404 instead of leading on."""
    from ostoja.registry import services
    from ostoja.registry.tests.factories import PersonFactory

    kept = _head(household_north).person
    duplicate = PersonFactory(
        pesel=None,
        document_type="paszport",
        document_number="ZZ1111111",
        first_names=kept.first_names,
        surname=kept.surname,
        birth_date=kept.birth_date,
    )
    Membership.objects.create(
        household=household_north,
        person=duplicate,
        relation=Relation.OTHER_RELATIVE,
        valid_from=D(2010, 1, 1),
        valid_to=D(2012, 1, 1),
    )
    services.persons_merge(actor=social_worker, kept=kept, merged=duplicate)
    response = login(social_worker).get(reverse("registry:person_detail", args=[duplicate.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person_detail", args=[kept.pk])


def test_a_later_app_adds_its_panel_without_touching_the_template(
    login: Callable[[User], Client],
    director: User,
    accountant: User,
    household_north: Household,
    tmp_path: Any,
    settings: Any,
) -> None:
    from ostoja.registry.panels import HOUSEHOLD_PANELS, HouseholdPanel, register_household_panel

    (tmp_path / "panel.html").write_text("<section>Panel {{ extra }} {{ household.pk }}</section>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    register_household_panel(
        HouseholdPanel(
            "tests.panel",
            "panel.html",
            25,
            lambda request, household, page: {"extra": "z innej aplikacji"},
            capability="registry.edit",
        )
    )
    try:
        html = _page(login(director), household_north)
        assert f"Panel z innej aplikacji {household_north.pk}" in html
        # In its place: after the members, before the incomes.
        assert (
            html.index('id="czlonkowie"') < html.index("Panel z innej") < html.index('id="dochody"')
        )
        assert "Panel z innej" not in _page(login(accountant), household_north)
    finally:
        del HOUSEHOLD_PANELS["tests.panel"]


def test_fields_required_without_a_pesel_are_marked(
    login: Callable[[User], Client], director: User
) -> None:
    html = login(director).get(reverse("registry:household_register")).content.decode()
    assert html.count("(wymagane bez PESEL)") == 4  # document type, number, birth, sex


def test_the_relation_has_no_default_and_the_income_month_is_the_previous_one(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    client = login(director)
    with time_machine.travel(D(2026, 1, 15), tick=False):
        form = client.get(reverse("registry:member_add", args=[household_north.pk]))
        assert form.context["membership_form"]["relation"].value() in (None, "")
        income = client.get(reverse("registry:income_add", args=[household_north.pk]))
        assert income.context["form"]["month"].value() == D(2025, 12, 1)
