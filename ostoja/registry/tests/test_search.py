"""Finding persons: by PESEL, by surname prefix without regard to case and diacritics, by first
name and address, in Polish alphabetical order on either database; and the access log."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ostoja.accounts.models import Area, User
from ostoja.core import models as core_models
from ostoja.core.models import AccessLog
from ostoja.registry.models import Household, Person
from ostoja.registry.search import PersonQuery, person_search
from ostoja.registry.tests.factories import (
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    household_with_members,
)

POLISH_SURNAMES = ["Żak", "Źdźbło", "Zając", "Łukasz", "Łoś", "Lwowski", "Lis"]
POLISH_ORDER = ["Lis", "Lwowski", "Łoś", "Łukasz", "Zając", "Źdźbło", "Żak"]


def _logged(what: str) -> list[int]:
    """The ids of the persons the access log recorded as shown by `what`, sorted: one row per
    person, or one event with its persons, whichever form the log has."""
    per_person: Any = getattr(core_models, "AccessLogPerson", None)
    if per_person is None:
        per_row: Any = AccessLog.objects
        rows = per_row.filter(what=what).values_list("person_id", flat=True)
    else:
        rows = per_person.objects.filter(event__what=what).values_list("person_id", flat=True)
    return sorted(rows)


def _search(user: User, **query: str) -> list[Person]:
    return list(person_search(user=user, query=PersonQuery(**query)))


def test_pesel_finds_exactly_that_person(director: User) -> None:
    target, _other = PersonFactory(), PersonFactory()
    assert target.pesel is not None
    assert _search(director, text=target.pesel) == [target]
    assert _search(director, text=f" {target.pesel[:5]} {target.pesel[5:]} ") == [target]
    wrong_check_digit = target.pesel[:10] + str((int(target.pesel[10]) + 1) % 10)
    assert _search(director, text=wrong_check_digit) == []


@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("zolt", "Żółtek"),
        ("ŻÓŁT", "Żółtek"),
        ("ŁUK", "Łukasiewicz"),
        ("luk", "Łukasiewicz"),
        ("łukasiewicz", "Łukasiewicz"),
    ],
)
def test_surname_prefix_ignores_case_and_diacritics(
    director: User, text: str, surname: str
) -> None:
    person = PersonFactory(surname=surname)
    PersonFactory(surname="Nowak")
    assert _search(director, text=text) == [person]


def test_surname_followed_by_first_name(director: User) -> None:
    anna = PersonFactory(surname="Żółtek", first_names="Anna")
    PersonFactory(surname="Żółtek", first_names="Jan")
    assert _search(director, text="zoltek an") == [anna]
    assert _search(director, text="Żółtek", first_name="ANN") == [anna]


def test_first_name_alone(director: User) -> None:
    ewa = PersonFactory(first_names="Ewa Maria")
    PersonFactory(first_names="Jan")
    assert _search(director, first_name="ewa") == [ewa]


def test_street_or_town_of_the_current_household(director: User, area_north: Area) -> None:
    at_polna = HouseholdFactory(area=area_north, street="Polna", town="Dębowo")
    in_lesna = HouseholdFactory(area=area_north, street="", town="Łęczyca Leśna")
    now = MembershipFactory(household=at_polna).person
    gone = MembershipFactory(household=at_polna, valid_to=datetime.date(2021, 1, 1)).person
    village = MembershipFactory(household=in_lesna).person
    assert _search(director, address="poln") == [now]
    assert gone not in _search(director, address="Polna")
    assert _search(director, address="leczyca") == [village]
    assert set(_search(director, address="DĘBO")) == {now}


def test_merged_records_are_not_found(director: User) -> None:
    kept = PersonFactory(surname="Scalony")
    PersonFactory(surname="Scalony", pesel=None, document_number="X1", merged_into=kept)
    assert _search(director, text="scal") == [kept]


def test_polish_alphabetical_order(director: User) -> None:
    for surname in POLISH_SURNAMES:
        PersonFactory(surname=surname, first_names="Sortowany")
    found = _search(director, first_name="Sortowany")
    assert [p.surname for p in found] == POLISH_ORDER


@pytest.mark.postgres
def test_postgres_uses_the_icu_polish_collation(director: User) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT collprovider FROM pg_collation WHERE collname = 'pl'")
        row = cursor.fetchone()
    assert row is not None
    assert row[0] == "i"  # ICU
    test_polish_alphabetical_order(director)


def test_search_is_limited_to_the_workers_scope(
    social_worker: User, area_north: Area, area_south: Area
) -> None:
    mine = household_with_members(area=area_north, members=1).memberships.get().person
    theirs = household_with_members(area=area_south, members=1).memberships.get().person
    mine.surname = theirs.surname = "Wspólny"
    mine.save()
    theirs.save()
    assert _search(social_worker, text="wspol") == [mine]


def test_search_writes_one_access_row_per_person_shown(
    login: Callable[[User], Client], director: User
) -> None:
    people = [PersonFactory(surname=f"Szukany{i}") for i in range(3)]
    response = login(director).get(reverse("registry:search"), {"q": "szukany"})
    assert response.status_code == 200
    assert _logged("search_results") == sorted(p.pk for p in people)
    rows = AccessLog.objects.filter(what="search_results")
    assert {row.user_id for row in rows} == {director.pk}
    assert {row.route for row in rows} == {reverse("registry:search")}


def test_empty_search_logs_nothing(login: Callable[[User], Client], director: User) -> None:
    PersonFactory()
    assert login(director).get(reverse("registry:search")).status_code == 200
    assert not AccessLog.objects.exists()


def test_person_detail_writes_one_access_row(
    login: Callable[[User], Client], director: User, person_north: Person
) -> None:
    login(director).get(reverse("registry:person_detail", args=[person_north.pk]))
    row = AccessLog.objects.get()
    assert (row.what, row.user) == ("person_detail", director)
    assert _logged("person_detail") == [person_north.pk]


def test_household_detail_writes_one_row_per_member(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    MembershipFactory(
        household=household_north,
        valid_from=datetime.date(2000, 1, 1),
        valid_to=datetime.date(2001, 1, 1),
    )
    login(director).get(reverse("registry:household_detail", args=[household_north.pk]))
    members = list(household_north.memberships.values_list("person_id", flat=True))
    assert len(members) == 4
    assert _logged("household_detail") == sorted(members)


# ---------------------------------------------------------------------------------------------
# Names in either order, family names, addresses
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Andrzej Olszewski", "Olszewski Andrzej", "andrzej olszewski", "OLSZEWSKI ANDRZEJ"]
)
def test_first_name_and_surname_in_either_order(director: User, text: str) -> None:
    andrzej = PersonFactory(surname="Olszewski", first_names="Andrzej")
    PersonFactory(surname="Olszewski", first_names="Piotr")
    PersonFactory(surname="Andrzejewski", first_names="Olszewian")
    assert _search(director, text=text) == [andrzej]


def test_prefixes_of_both_names_in_either_order(director: User) -> None:
    andrzej = PersonFactory(surname="Olszewski", first_names="Andrzej")
    swapped = PersonFactory(surname="Andrzejewski", first_names="Olszewian")
    PersonFactory(surname="Olszewski", first_names="Piotr")
    assert _search(director, text="olsz andrz") == [swapped, andrzej]
    assert _search(director, text="ANDRZ OLSZ") == [swapped, andrzej]


def test_second_first_name_counts(director: User) -> None:
    ewa = PersonFactory(surname="Nowak", first_names="Ewa Maria")
    assert _search(director, text="Maria Nowak") == [ewa]
    assert _search(director, text="Nowak Ewa Maria") == [ewa]


@pytest.mark.parametrize("text", ["Żółtek", "zoltek", "ZÓŁT", "Anna Żółtek"])
def test_family_name_finds_a_person_who_changed_her_surname(director: User, text: str) -> None:
    anna = PersonFactory(surname="Nowak", family_name="Żółtek", first_names="Anna")
    PersonFactory(surname="Kowal", family_name="Nowicka")
    assert _search(director, text=text) == [anna]


def test_family_name_folded_copy_follows_edits(director: User) -> None:
    person = PersonFactory(surname="Nowak", family_name="")
    assert person.family_name_folded == ""
    person.family_name = "Łącka"
    person.save()
    assert Person.objects.get(pk=person.pk).family_name_folded == "lacka"


def _living_at(area: Area, *, street: str, number: str, town: str = "Dębowo") -> Person:
    household = HouseholdFactory(area=area, street=street, house_number=number, town=town)
    return MembershipFactory(household=household, relation="wnioskodawca").person


@pytest.mark.parametrize(
    "text", ["ul. Długa 87", "ul Długa 87", "ul.Długa 87", "UL. DŁUGA 87", "dluga 87", "Długa 87/3"]
)
def test_address_in_the_search_box(director: User, area_north: Area, text: str) -> None:
    at_87 = _living_at(area_north, street="Długa", number="87")
    _living_at(area_north, street="Długa", number="8")  # the number is compared exactly
    _living_at(area_north, street="Krótka", number="87")
    assert _search(director, text=text) == [at_87]
    assert _search(director, address=text) == [at_87]


def test_street_without_a_number_finds_the_whole_street(director: User, area_north: Area) -> None:
    people = {
        _living_at(area_north, street="Kolejowa", number="17"),
        _living_at(area_north, street="Kolejowa", number="2"),
    }
    _living_at(area_north, street="Polna", number="17")
    assert set(_search(director, address="Kolejowa")) == people
    assert set(_search(director, address="ul. kolej")) == people
    assert _search(director, text="Kolejowa 17") == [
        p for p in people if p.memberships.get().household.house_number == "17"
    ]


@pytest.mark.parametrize("prefix", ["al.", "al", "os.", "pl."])
def test_other_street_prefixes_are_ignored(director: User, area_north: Area, prefix: str) -> None:
    person = _living_at(area_north, street="Jana Pawła II", number="4")
    assert _search(director, address=f"{prefix} Jana Pawła II 4") == [person]
    assert _search(director, text=f"{prefix} jana pawla 4") == [person]


def test_village_without_streets_by_town_and_number(director: User, area_north: Area) -> None:
    village = _living_at(area_north, street="", number="12", town="Dębowo")
    _living_at(area_north, street="", number="13", town="Dębowo")
    # A house 12 on a street of the same town is not "Dębowo 12".
    _living_at(area_north, street="Polna", number="12", town="Dębowo")
    assert _search(director, text="Dębowo 12") == [village]
    assert _search(director, address="debowo 12") == [village]


def test_address_matches_only_the_current_household_on_the_day(
    director: User, area_north: Area
) -> None:
    household = HouseholdFactory(area=area_north, street="Długa", house_number="87")
    today = datetime.date(2026, 6, 1)
    now = MembershipFactory(household=household, valid_from=datetime.date(2020, 1, 1)).person
    leaving = MembershipFactory(
        household=household,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2026, 12, 31),  # still a member today
    ).person
    MembershipFactory(  # left before
        household=household,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2026, 5, 31),
    )
    MembershipFactory(household=household, valid_from=datetime.date(2026, 7, 1))  # not yet
    found = person_search(user=director, query=PersonQuery(address="Długa 87"), day=today)
    assert set(found) == {now, leaving}


def test_address_search_stays_within_the_workers_scope(
    social_worker: User, area_north: Area, area_south: Area
) -> None:
    mine = _living_at(area_north, street="Długa", number="1")
    _living_at(area_south, street="Długa", number="1")
    assert _search(social_worker, text="ul. Długa 1") == [mine]
    assert _search(social_worker, address="Długa") == [mine]


# ---------------------------------------------------------------------------------------------
# The screens: same matches live and in full, counts, pages, rows, Enter
# ---------------------------------------------------------------------------------------------


def _people(count: int, surname: str = "Szukana", area: Area | None = None) -> list[Person]:
    household = HouseholdFactory(area=area) if area else HouseholdFactory()
    people = []
    for i in range(count):
        person = PersonFactory(surname=surname, first_names=f"Osoba{i:02d}")
        MembershipFactory(household=household, person=person)
        people.append(person)
    return people


def test_live_search_shows_the_first_of_the_same_matches_and_links_to_all(
    login: Callable[[User], Client], director: User
) -> None:
    people = _people(19)
    client = login(director)
    live = client.get(
        reverse("registry:search"), {"q": "szuk", "live": "1"}, headers={"HX-Request": "true"}
    )
    page = client.get(reverse("registry:search"), {"q": "szuk"})
    assert [r.person for r in live.context["rows"]] == people[:8]
    assert live.context["count"] == 19
    assert "Pokaż wszystkie (19)" in live.content.decode()
    assert 'href="/szukaj/?q=szuk"' in live.content.decode()
    assert [r.person for r in page.context["rows"]] == people
    assert page.context["count"] == 19


def test_live_search_without_more_has_no_show_all_link(
    login: Callable[[User], Client], director: User
) -> None:
    _people(3)
    live = login(director).get(
        reverse("registry:search"), {"q": "szuk", "live": "1"}, headers={"HX-Request": "true"}
    )
    assert len(live.context["rows"]) == 3
    assert "Pokaż wszystkie" not in live.content.decode()


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "Znaleziono 1 osobę"), (2, "Znaleziono 2 osoby"), (5, "Znaleziono 5 osób")],
)
def test_the_count_is_the_number_found_in_polish(
    login: Callable[[User], Client], director: User, count: int, words: str
) -> None:
    _people(count)
    response = login(director).get(reverse("registry:search"), {"q": "szuk"})
    assert words in response.content.decode()


def test_more_than_a_page_paginates_and_counts_all(
    login: Callable[[User], Client], director: User
) -> None:
    people = _people(22)
    client = login(director)
    first = client.get(reverse("registry:search"), {"q": "szuk"})
    content = first.content.decode()
    assert "Znaleziono 22 osoby" in content
    assert len(first.context["rows"]) == 20
    assert "strona 1 z 2" in content
    second = client.get(reverse("registry:search"), {"q": "szuk", "strona": "2"})
    assert [r.person for r in second.context["rows"]] == people[20:]
    # Only the persons shown are logged as seen.
    assert _logged("search_results") == sorted(p.pk for p in people)  # 20 on page 1, 2 on 2


def test_a_result_row_shows_address_and_family(
    login: Callable[[User], Client], director: User, area_north: Area
) -> None:
    household = HouseholdFactory(area=area_north, street="Długa", house_number="87")
    head = MembershipFactory(
        household=household, relation="wnioskodawca", person=PersonFactory(surname="Nowak")
    ).person
    child = MembershipFactory(household=household, person=PersonFactory(surname="Szukany")).person
    response = login(director).get(reverse("registry:search"), {"q": "szukany"})
    content = response.content.decode()
    assert "ul. Długa 87, 00-950 Dębowo" in content
    assert reverse("registry:household_detail", args=[household.pk]) in content
    assert "Rodzina Nowaków" in content
    assert child.birth_date.strftime("%d.%m.%Y") in content
    assert child.pesel is not None
    assert child.pesel[:6] + "*****" in content
    assert head.surname not in [r.person.surname for r in response.context["rows"]]


def test_a_person_without_a_family_shows_their_own_address(
    login: Callable[[User], Client], director: User
) -> None:
    PersonFactory(surname="Samotny", registered_street="Wiejska", registered_house_number="3")
    content = login(director).get(reverse("registry:search"), {"q": "samot"}).content.decode()
    assert "ul. Wiejska 3, Dębowo" in content
    assert "obecnie bez rodziny" in content


def test_enter_opens_only_an_exact_pesel_match(
    login: Callable[[User], Client], director: User
) -> None:
    people = _people(14)
    client = login(director)
    response = client.get(reverse("registry:search"), {"q": "szuk", "open": "1"})
    assert response.status_code == 200
    assert response.context["count"] == 14
    one = client.get(reverse("registry:search"), {"q": "szukana osoba03", "open": "1"})
    assert one.status_code == 200  # one match by name: still the list
    assert not AccessLog.objects.filter(what="person_detail").exists()
    assert people[0].pesel is not None
    exact = client.get(reverse("registry:search"), {"q": people[0].pesel, "open": "1"})
    assert exact.status_code == 302
    assert exact["Location"] == reverse("registry:person_detail", args=[people[0].pk])


# ---------------------------------------------------------------------------------------------
# Sorting, filtering and exporting lists
# ---------------------------------------------------------------------------------------------


def test_results_sort_by_address_town_street_then_number_as_a_number(
    login: Callable[[User], Client], director: User, area_north: Area
) -> None:
    places = [
        ("Adamów", "Wiejska", "1"),
        ("Dębowo", "Akacjowa", "10a"),
        ("Dębowo", "Akacjowa", "2"),
        ("Dębowo", "Akacjowa", "10"),
        ("Dębowo", "Łąkowa", "1"),
        ("Dębowo", "Lipowa", "1"),
    ]
    people = {}
    for town, street, number in places:
        household = HouseholdFactory(area=area_north, town=town, street=street, house_number=number)
        person = MembershipFactory(household=household, person=PersonFactory(surname="Adresowy"))
        people[(town, street, number)] = person.person
    expected = [
        ("Adamów", "Wiejska", "1"),
        ("Dębowo", "Akacjowa", "2"),
        ("Dębowo", "Akacjowa", "10"),
        ("Dębowo", "Akacjowa", "10a"),
        ("Dębowo", "Lipowa", "1"),
        ("Dębowo", "Łąkowa", "1"),
    ]
    client = login(director)
    ascending = client.get(reverse("registry:search"), {"q": "adresowy", "sortuj": "adres"})
    assert [r.person for r in ascending.context["rows"]] == [people[k] for k in expected]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    descending = client.get(reverse("registry:search"), {"q": "adresowy", "sortuj": "-adres"})
    assert [r.person for r in descending.context["rows"]] == [people[k] for k in reversed(expected)]
    assert 'aria-sort="descending"' in descending.content.decode()


def test_results_sort_by_birth_date_and_ignore_unknown_columns(
    login: Callable[[User], Client], director: User
) -> None:
    old = PersonFactory(surname="Bcd", birth_date=datetime.date(1950, 1, 1), pesel=None,
                        document_type="paszport", document_number="EA1234567")  # fmt: skip
    young = PersonFactory(surname="Abc", birth_date=datetime.date(1990, 1, 1))
    PersonFactory(surname="Zet", birth_date=datetime.date(2000, 1, 1))
    client = login(director)
    by_date = client.get(reverse("registry:search"), {"first_name": "jan", "sortuj": "urodzenie"})
    assert [r.person for r in by_date.context["rows"]][:2] == [old, young]
    unknown = client.get(reverse("registry:search"), {"first_name": "jan", "sortuj": "pesel"})
    assert [r.person.surname for r in unknown.context["rows"]] == ["Abc", "Bcd", "Zet"]


def test_sort_links_keep_the_filters(login: Callable[[User], Client], director: User) -> None:
    _people(2)
    response = login(director).get(
        reverse("registry:search"), {"q": "szuk", "address": "Lipowa", "open": "1"}
    )
    content = response.content.decode()
    assert 'href="?q=szuk&amp;address=Lipowa&amp;sortuj=-nazwisko"' in content
    assert 'href="?q=szuk&amp;address=Lipowa&amp;sortuj=adres"' in content


def test_export_has_what_is_filtered_in_the_chosen_order(
    login: Callable[[User], Client], director: User, area_north: Area
) -> None:
    first = _living_at(area_north, street="Długa", number="2")
    second = _living_at(area_north, street="Długa", number="10")
    PersonFactory(surname=first.surname + "x")  # matches the name, not the address
    response = login(director).get(
        reverse("registry:search"),
        {"address": "Długa", "sortuj": "-adres", "format": "csv", "strona": "1"},
    )
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 3
    assert lines[1].startswith(f"{second.surname};")
    assert "ul. Długa 10" in lines[1]
    assert lines[2].startswith(f"{first.surname};")
    assert "ul. Długa 2" in lines[2]


def test_households_list_filters_sorts_and_exports(
    login: Callable[[User], Client], director: User, area_north: Area, area_south: Area
) -> None:
    ten = HouseholdFactory(area=area_north, street="Polna", house_number="10")
    two = HouseholdFactory(area=area_north, street="Polna", house_number="2")
    south = HouseholdFactory(area=area_south, street="Polna", house_number="5")
    HouseholdFactory(area=area_north, street="Leśna", house_number="1")
    client = login(director)
    filtered = client.get(reverse("registry:home"), {"address": "ul. Polna"})
    assert list(filtered.context["households"]) == [two, south, ten]
    assert filtered.context["households"].paginator.count == 3
    in_north = client.get(
        reverse("registry:home"), {"address": "polna", "area": str(area_north.pk)}
    )
    assert list(in_north.context["households"]) == [two, ten]
    # "Rejon Południe" before "Rejon Północ" (o < ó); within an area, by address.
    by_area = client.get(reverse("registry:home"), {"address": "polna", "sortuj": "rejon"})
    assert list(by_area.context["households"]) == [south, two, ten]
    by_area = client.get(reverse("registry:home"), {"address": "polna", "sortuj": "-rejon"})
    assert list(by_area.context["households"]) == [two, ten, south]
    content = in_north.content.decode()
    assert f"?address=polna&amp;area={area_north.pk}&amp;format=csv" in content
    export = client.get(
        reverse("registry:home"), {"address": "polna", "area": str(area_north.pk), "format": "csv"}
    )
    lines = b"".join(export.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert [line.rsplit(";", 1)[-1] for line in lines[1:]] == [str(two.pk), str(ten.pk)]


def test_households_list_with_nothing_matching_says_so(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    content = login(director).get(reverse("registry:home"), {"address": "Nieistniejąca"})
    assert "Żadna rodzina nie spełnia warunków filtru" in content.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize("sort", ["adres", "-adres"])
def test_postgres_reads_the_households_list_from_its_index(
    director: User, area_north: Area, sort: str
) -> None:
    from django.db import connection
    from django.http import QueryDict

    from ostoja.core.tables import Table
    from ostoja.registry.search import household_columns, households_listed

    for number in ("2", "10", "10a"):
        HouseholdFactory(area=area_north, street="Polna", house_number=number)
    table = Table(
        QueryDict(f"sortuj={sort}"),
        households_listed(user=director),
        columns=household_columns(),
        default="adres",
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")  # a sort only if no index fits
    plan = table.rows[:20].explain()
    assert "household_list_idx" in plan
    assert "Sort" not in plan
