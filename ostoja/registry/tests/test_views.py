"""Every registry view: a happy path, a permission-denied case, and the worker's scope."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ostoja.accounts.models import Area, User
from ostoja.core.models import AccessLog
from ostoja.registry.models import Household, Income, Membership, PaidAlimony, Person, Relation
from ostoja.registry.tests.factories import (
    IncomeFactory,
    MembershipFactory,
    PersonFactory,
    household_form_data,
    income_kind,
    person_form_data,
)

UNKNOWN_ID = 987654


@dataclass(frozen=True)
class Route:
    name: str
    method: str  # "get" or "post"
    args: tuple[str, ...]  # which ids the URL takes: household, person, membership, income
    denied_role: str  # a role fixture that lacks the view's capability


ROUTES = [
    Route("registry:home", "get", (), "roleless"),
    Route("registry:search", "get", (), "administrator"),
    Route("registry:person_detail", "get", ("person",), "iod"),
    Route("registry:person_edit", "get", ("person",), "accountant"),
    Route("registry:person_merge", "get", ("person",), "accountant"),
    Route("registry:household_register", "get", (), "accountant"),
    Route("registry:household_detail", "get", ("household",), "administrator"),
    Route("registry:household_edit", "get", ("household",), "accountant"),
    Route("registry:member_add", "get", ("household",), "accountant"),
    Route("registry:member_attach", "post", ("household",), "accountant"),
    Route("registry:member_end", "get", ("household", "membership"), "accountant"),
    Route("registry:member_edit", "get", ("household", "membership"), "accountant"),
    Route("registry:income_add", "get", ("household",), "accountant"),
    Route("registry:income_remove", "post", ("household",), "accountant"),
    Route("registry:alimony_set", "get", ("household",), "accountant"),
    Route("registry:head_change", "get", ("household",), "accountant"),
    Route("accounts:recovery_codes", "get", (), "roleless"),
    Route("accounts:password_change", "get", (), "roleless"),
]
SCOPED = [route for route in ROUTES if route.args]


def url_for(route: Route, base: Household, **ids: int) -> str:
    head = base.memberships.order_by("pk").first()
    assert head is not None
    income = ids.get("income")
    if "income" in route.args and income is None:
        income = IncomeFactory(person=head.person).pk
    values = {
        "household": ids.get("household", base.pk),
        "person": ids.get("person", head.person_id),
        "membership": ids.get("membership", head.pk),
        "income": income,
    }
    return reverse(route.name, args=[values[arg] for arg in route.args])


def call(client: Any, route: Route, url: str, **headers: str) -> Any:
    return getattr(client, route.method)(url, headers=headers)


def test_every_registry_and_accounts_url_is_in_the_table() -> None:
    from ostoja.accounts import urls as accounts_urls
    from ostoja.registry import urls as registry_urls

    names = {f"registry:{p.name}" for p in registry_urls.urlpatterns}
    names |= {f"accounts:{p.name}" for p in accounts_urls.urlpatterns}
    public = {"accounts:login", "accounts:second_factor", "accounts:enrol", "accounts:logout"}
    assert names - public == {route.name for route in ROUTES}


# ---------------------------------------------------------------------------------------------
# Who may use a view
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_anonymous_is_sent_to_login(
    client: Client, household_north: Household, route: Route
) -> None:
    url = url_for(route, household_north)
    response = call(client, route, url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_role_without_the_capability_gets_403(
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
    household_north: Household,
    route: Route,
) -> None:
    user = request.getfixturevalue(route.denied_role)
    response = call(login(user), route, url_for(route, household_north))
    assert response.status_code == 403
    assert "errors/403.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("route", SCOPED, ids=lambda r: r.name)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_social_worker_gets_404_outside_their_area(
    login: Callable[[User], Client],
    social_worker: User,
    household_south: Household,
    route: Route,
    htmx: bool,
) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    url = url_for(route, household_south)
    response = call(login(social_worker), route, url, **headers)
    assert response.status_code == 404
    # Regression: a refused look was not logged at all. It is logged, naming no person.
    assert not AccessLog.objects.filter(outcome=AccessLog.Outcome.SHOWN).exists()
    refused = AccessLog.objects.get(outcome=AccessLog.Outcome.REFUSED)
    assert (refused.user, refused.route, refused.status) == (social_worker, url, 404)
    assert refused.person_count == 0


@pytest.mark.parametrize("route", SCOPED, ids=lambda r: r.name)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_unknown_id_is_404_not_500(
    login: Callable[[User], Client],
    director: User,
    household_north: Household,
    route: Route,
    htmx: bool,
) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    client = login(director)
    for arg in route.args:  # each id unknown in turn, the others real
        url = url_for(route, household_north, **{arg: UNKNOWN_ID})
        assert call(client, route, url, **headers).status_code == 404, url


def test_person_of_another_area_is_404_everywhere(
    login: Callable[[User], Client], social_worker: User, person_south: Person
) -> None:
    client = login(social_worker)
    for name in ("registry:person_detail", "registry:person_edit", "registry:person_merge"):
        url = reverse(name, args=[person_south.pk])
        assert client.get(url).status_code == 404
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404


def test_shared_household_becomes_visible(
    login: Callable[[User], Client],
    social_worker: User,
    household_south: Household,
    person_south: Person,
) -> None:
    client = login(social_worker)
    detail = reverse("registry:household_detail", args=[household_south.pk])
    person = reverse("registry:person_detail", args=[person_south.pk])
    assert client.get(detail).status_code == 404
    household_south.shared_with.add(social_worker)
    assert client.get(detail).status_code == 200
    assert client.get(person).status_code == 200
    assert client.get(person, headers={"HX-Request": "true"}).status_code == 200


def test_worker_of_the_area_sees_the_household(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    url = reverse("registry:household_detail", args=[household_north.pk])
    assert login(social_worker).get(url).status_code == 200


@pytest.mark.parametrize("role", ["director", "benefits_clerk", "accountant"])
def test_roles_seeing_all_households(
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
    household_south: Household,
    role: str,
) -> None:
    user = request.getfixturevalue(role)
    url = reverse("registry:household_detail", args=[household_south.pk])
    assert login(user).get(url).status_code == 200


# ---------------------------------------------------------------------------------------------
# Happy paths
# ---------------------------------------------------------------------------------------------


def test_home_lists_the_workers_households(
    login: Callable[[User], Client],
    social_worker: User,
    household_north: Household,
    household_south: Household,
) -> None:
    response = login(social_worker).get(reverse("registry:home"))
    assert response.status_code == 200
    shown = [h.pk for h in response.context["households"]]
    assert shown == [household_north.pk]
    head = household_north.memberships.order_by("pk")[0].person
    assert head.full_name in response.content.decode()


@pytest.mark.parametrize("role", ["administrator", "iod"])
def test_home_for_roles_without_the_registry(
    request: pytest.FixtureRequest, login: Callable[[User], Client], role: str
) -> None:
    response = login(request.getfixturevalue(role)).get(reverse("registry:home"))
    assert response.status_code == 200
    assert "households" not in response.context


def test_search_page_and_htmx_fragment(
    login: Callable[[User], Client], director: User, person_north: Person
) -> None:
    client = login(director)
    url = reverse("registry:search") + f"?q={person_north.surname}"
    page = client.get(url)
    assert page.status_code == 200
    assert "registry/search.html" in [t.name for t in page.templates]
    assert [p.pk for p in page.context["results"]] == [person_north.pk]
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "registry/search.html" not in [t.name for t in fragment.templates]
    assert "<html" not in fragment.content.decode()
    assert person_north.surname in fragment.content.decode()
    # The PESEL is shown masked in the list.
    assert person_north.pesel is not None
    assert person_north.pesel not in fragment.content.decode()


def test_search_open_goes_to_the_best_match(
    login: Callable[[User], Client], director: User, person_north: Person
) -> None:
    url = reverse("registry:search") + f"?q={person_north.pesel}&open=1"
    response = login(director).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person_detail", args=[person_north.pk])


def test_person_detail(
    login: Callable[[User], Client], social_worker: User, person_north: Person
) -> None:
    response = login(social_worker).get(reverse("registry:person_detail", args=[person_north.pk]))
    assert response.status_code == 200
    assert person_north.full_name in response.content.decode()


def test_person_edit_saves(
    login: Callable[[User], Client], social_worker: User, person_north: Person
) -> None:
    client = login(social_worker)
    url = reverse("registry:person_edit", args=[person_north.pk])
    assert client.get(url).status_code == 200
    data = person_form_data(person=person_north, phone="600 100 200")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    person_north.refresh_from_db()
    assert person_north.phone == "600 100 200"
    assert person_north.version == 2
    assert person_north.history.first().history_user == social_worker


def test_person_merge(
    login: Callable[[User], Client], director: User, person_north: Person
) -> None:
    duplicate = PersonFactory(
        pesel=None,
        document_type="dowod_osobisty",
        document_number="ABC123456",
        first_names=person_north.first_names,
        surname=person_north.surname,
        birth_date=person_north.birth_date,
        phone="500 000 000",
    )
    client = login(director)
    url = reverse("registry:person_merge", args=[person_north.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert [c.pk for c in page.context["candidates"]] == [duplicate.pk]
    response = client.post(url, {"merged": duplicate.pk, "confirm": "on"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == person_north


def test_household_register(
    login: Callable[[User], Client], social_worker: User, area_north: Area
) -> None:
    client = login(social_worker)
    url = reverse("registry:household_register")
    assert client.get(url).status_code == 200
    data = household_form_data("household", area=area_north) | person_form_data("head")
    response = client.post(url, data)
    assert response.status_code == 302
    household = Household.objects.get()
    assert response["Location"] == reverse("registry:household_detail", args=[household.pk])
    head = household.memberships.get()
    assert head.relation == Relation.APPLICANT
    assert head.person.birth_date == datetime.date(1980, 4, 2)
    assert head.person.sex == "K"
    assert head.valid_from == timezone.localdate()


def test_household_detail(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    response = login(social_worker).get(
        reverse("registry:household_detail", args=[household_north.pk])
    )
    assert response.status_code == 200
    assert len(response.context["current_members"]) == 3
    assert response.context["head"] is not None


def test_household_edit_and_share(
    login: Callable[[User], Client],
    social_worker: User,
    other_social_worker: User,
    household_north: Household,
) -> None:
    client = login(social_worker)
    url = reverse("registry:household_edit", args=[household_north.pk])
    assert client.get(url).status_code == 200
    data = household_form_data(
        area=household_north.area,
        street="Nowa",
        version=household_north.version,
        shared_with=[other_social_worker.pk],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    household_north.refresh_from_db()
    assert household_north.street == "Nowa"
    assert list(household_north.shared_with.all()) == [other_social_worker]
    assert household_north.history.first().history_user == social_worker


def test_household_edit_conflict(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    client = login(social_worker)
    url = reverse("registry:household_edit", args=[household_north.pk])
    old_version = household_north.version
    first = household_form_data(area=household_north.area, street="Pierwsza", version=old_version)
    assert client.post(url, first).status_code == 302
    second = household_form_data(area=household_north.area, street="Druga", version=old_version)
    response = client.post(url, second)
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    household_north.refresh_from_db()
    assert household_north.street == "Pierwsza"


def test_member_add_new_person(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    client = login(social_worker)
    url = reverse("registry:member_add", args=[household_north.pk])
    assert client.get(url).status_code == 200
    data = person_form_data("person") | {
        "membership-relation": Relation.SPOUSE,
        "membership-valid_from": "2024-03-01",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    membership = household_north.memberships.get(relation=Relation.SPOUSE)
    assert membership.valid_from == datetime.date(2024, 3, 1)
    assert membership.history.first().history_user == social_worker


def test_member_attach_existing_person(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    newcomer = PersonFactory()
    # Visible to the worker through a past membership in one of their households.
    MembershipFactory(
        household=household_north,
        person=newcomer,
        valid_from=datetime.date(2010, 1, 1),
        valid_to=datetime.date(2011, 1, 1),
    )
    response = login(social_worker).post(
        reverse("registry:member_attach", args=[household_north.pk]),
        {
            "person_id": newcomer.pk,
            "membership-relation": Relation.GRANDCHILD,
            "membership-valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 302
    assert household_north.memberships.filter(person=newcomer, valid_to__isnull=True).exists()


def test_member_attach_of_an_invisible_person_is_404(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    stranger = PersonFactory()
    response = login(social_worker).post(
        reverse("registry:member_attach", args=[household_north.pk]),
        {"person_id": stranger.pk, "membership-relation": "dziecko", "membership-valid_from": "x"},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(person=stranger).exists()


def test_member_end(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    membership = household_north.memberships.filter(relation=Relation.CHILD).order_by("pk")[0]
    client = login(social_worker)
    url = reverse("registry:member_end", args=[household_north.pk, membership.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"valid_to": "2024-06-30"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to == datetime.date(2024, 6, 30)


def test_member_end_before_start_is_a_field_error(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    membership = household_north.memberships.order_by("pk")[0]
    url = reverse("registry:member_end", args=[household_north.pk, membership.pk])
    response = login(social_worker).post(url, {"valid_to": "2000-01-01"})
    assert response.status_code == 200
    assert "valid_to" in response.context["form"].errors


def test_income_add(
    login: Callable[[User], Client],
    social_worker: User,
    person_north: Person,
    household_north: Household,
) -> None:
    response = login(social_worker).post(
        reverse("registry:income_add", args=[household_north.pk]),
        {
            "income-person": person_north.pk,
            "income-month": "2025-02",
            "income-kind": "emerytura",
            "income-gross": "2500,50",
            "income-tax": "0",
            "income-health": "0",
            "income-social": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"].endswith("#dochody")
    income = Income.objects.get(person=person_north)
    assert income.gross == Decimal("2500.50")
    assert income.month == datetime.date(2025, 2, 1)


def test_income_add_with_deductions_above_gross_is_an_error(
    login: Callable[[User], Client],
    social_worker: User,
    person_north: Person,
    household_north: Household,
) -> None:
    response = login(social_worker).post(
        reverse("registry:income_add", args=[household_north.pk]),
        {
            "income-person": person_north.pk,
            "income-month": "2025-02",
            "income-kind": "emerytura",
            "income-gross": "100",
            "income-tax": "50",
            "income-health": "50",
            "income-social": "1",
        },
    )
    assert response.status_code == 200
    assert "gross" in response.context["form"].errors
    assert not Income.objects.exists()


def test_income_add_for_a_person_outside_the_household(
    login: Callable[[User], Client],
    social_worker: User,
    household_north: Household,
    person_south: Person,
) -> None:
    response = login(social_worker).post(
        reverse("registry:income_add", args=[household_north.pk]),
        {
            "income-person": person_south.pk,
            "income-month": "2025-02",
            "income-kind": "inne",
            "income-gross": "1",
        },
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Income.objects.exists()


def test_income_remove(
    login: Callable[[User], Client],
    social_worker: User,
    person_north: Person,
    household_north: Household,
) -> None:
    income = IncomeFactory(person=person_north, kind=income_kind("renta"))
    response = login(social_worker).post(
        reverse("registry:income_remove", args=[household_north.pk]), {"income": income.pk}
    )
    assert response.status_code == 302
    assert not Income.objects.filter(pk=income.pk).exists()
    assert income.history.first().history_type == "-"
    assert income.history.first().history_user == social_worker


def test_income_of_another_household_cannot_be_removed(
    login: Callable[[User], Client],
    director: User,
    household_north: Household,
    person_south: Person,
) -> None:
    income = IncomeFactory(person=person_south)
    response = login(director).post(
        reverse("registry:income_remove", args=[household_north.pk]), {"income": income.pk}
    )
    assert response.status_code == 404
    assert Income.objects.filter(pk=income.pk).exists()


def test_alimony_set(
    login: Callable[[User], Client],
    social_worker: User,
    person_north: Person,
    household_north: Household,
) -> None:
    url = reverse("registry:alimony_set", args=[household_north.pk])
    client = login(social_worker)
    data = {"alimony-person": person_north.pk, "alimony-month": "2025-03", "alimony-amount": "500"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {"alimony-amount": "650,00"}).status_code == 302
    alimony = PaidAlimony.objects.get(person=person_north)
    assert alimony.amount == Decimal("650.00")
    assert alimony.month == datetime.date(2025, 3, 1)


def test_alimony_set_invalid(
    login: Callable[[User], Client],
    social_worker: User,
    person_north: Person,
    household_north: Household,
) -> None:
    response = login(social_worker).post(
        reverse("registry:alimony_set", args=[household_north.pk]),
        {"alimony-person": person_north.pk, "alimony-month": "2025-03", "alimony-amount": "-5"},
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors


def test_inline_validation_answers_with_the_field_alone(
    login: Callable[[User], Client], social_worker: User
) -> None:
    from ostoja.registry.tests.factories import make_pesel

    pesel = make_pesel(datetime.date(1990, 7, 15), 22, sex="M")
    response = login(social_worker).post(
        reverse("registry:household_register"),
        {"head-pesel": pesel},
        headers={"HX-Request": "true", "X-Ostoja-Validate": "head-pesel"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="pole-head-pesel"' in html
    assert 'hx-swap-oob="true"' in html  # birth date and sex filled in from the PESEL
    assert "1990-07-15" in html
    assert not Person.objects.exists()


def test_income_form_loads_alone_into_the_household_page(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    url = reverse("registry:income_add", args=[household_north.pk])
    fragment = login(social_worker).get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.content.decode().lstrip().startswith("<form")
    assert 'name="income-gross"' in fragment.content.decode()
    page = login(social_worker).get(url)
    assert "<html" in page.content.decode()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_search_results_export_within_scope_and_logged(
    login: Callable[[User], Client],
    social_worker: User,
    person_north: Person,
    person_south: Person,
    file_format: str,
) -> None:
    from ostoja.core.models import AccessLog

    response = login(social_worker).get(
        reverse("registry:search"), {"q": person_north.surname[:2], "format": file_format}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    content = (
        b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
        if file_format == "csv"
        else _xlsx_text(response.content)
    )
    assert person_north.surname in content
    assert person_south.surname not in content or person_south.surname == person_north.surname
    assert person_north.pesel
    assert person_north.pesel not in content  # the PESEL is masked in lists and exports
    assert AccessLog.objects.filter(
        persons__person_id=person_north.pk, what="search_export"
    ).exists()


def test_households_export_lists_only_the_workers_area(
    login: Callable[[User], Client],
    social_worker: User,
    household_north: Household,
    household_south: Household,
) -> None:
    import io

    from openpyxl import load_workbook

    response = login(social_worker).get(reverse("registry:home"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    record_numbers = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert record_numbers == [household_north.pk]


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def test_member_edit_makes_a_new_head(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    head = household_north.memberships.get(relation="wnioskodawca")
    client = login(social_worker)
    url = reverse("registry:member_edit", args=[household_north.pk, head.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url, {"relation": "malzonek", "valid_from": head.valid_from.isoformat(), "valid_to": ""}
    )
    assert response.status_code == 302
    head.refresh_from_db()
    assert head.relation == "malzonek"
