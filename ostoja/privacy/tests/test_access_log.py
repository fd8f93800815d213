"""The access log screen, its filters, its CSV export; the log itself is append-only."""

import csv
import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from ostoja.accounts.models import User
from ostoja.core.models import AccessLog, AppendOnlyError
from ostoja.privacy import selectors
from ostoja.privacy.tests.conftest import log
from ostoja.registry.models import Person
from ostoja.registry.services import persons_merge

URL = reverse("privacy:access_log")
EXPORT_URL = reverse("privacy:access_log_export")

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10) -> datetime.datetime:
    moment = datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    return timezone.make_aware(moment)


@pytest.fixture
def entries(worker: User, clerk: User, make_person: Callable[..., Person]) -> dict[str, Person]:
    zoltek = make_person("Żółtek", "Zofia", sex="K")
    zielinska = make_person("Zielińska", "Ewa", sex="K")
    kowal = make_person("Kowal", "Piotr")
    with time_machine.travel(at("2026-03-02"), tick=False):
        log(worker, zoltek, "person_detail", "/osoby/1/")
        log(worker, kowal, "search_results", "/szukaj/")
    with time_machine.travel(at("2026-03-10"), tick=False):
        log(clerk, zielinska, "household_detail", "/rodziny/7/")
    with time_machine.travel(at("2026-04-20", 23), tick=False):  # 23:00 in Warsaw
        log(clerk, zoltek, "person_edit", "/osoby/1/edycja/")
    return {"zoltek": zoltek, "zielinska": zielinska, "kowal": kowal}


def shown(response: Any) -> list[AccessLog]:
    return [entry["row"] for entry in response.context["entries"]]


def person_ids(response: Any) -> list[int]:
    """The persons of the listed events, in the list's order."""
    return [pid for entry in response.context["entries"] for pid, _person in entry["persons"]]


class TestPermissions:
    @pytest.mark.parametrize("url", [URL, EXPORT_URL])
    def test_social_worker_is_refused(self, worker_client: Client, url: str) -> None:
        assert worker_client.get(url).status_code == 403

    @pytest.mark.parametrize("url", [URL, EXPORT_URL])
    def test_anonymous_goes_to_login(self, client: Client, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class TestAccessLog:
    def test_lists_newest_first_with_labels_and_masked_pesel(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        response = officer_client.get(URL)
        assert response.status_code == 200
        rows = shown(response)
        assert [row.what for row in rows] == [  # the officer's own look is logged after the list
            "person_edit",
            "household_detail",
            "search_results",
            "person_detail",
        ]
        html = response.content.decode()
        zoltek = entries["zoltek"]
        assert zoltek.pesel is not None
        assert zoltek.pesel[:6] + "*****" in html
        assert zoltek.pesel not in html
        assert "Żółtek Zofia" in html
        assert "20.04.2026 23:00" in html
        assert "(sw.zielinski)" in html
        assert f'href="{reverse("registry:person_detail", args=[zoltek.pk])}"' not in html
        assert response.context["page"].paginator.count == 4

    def test_the_officer_sees_no_search_box(self, officer_client: Client) -> None:
        html = officer_client.get(URL).content.decode()
        assert reverse("registry:search") not in html

    def test_filter_by_user(
        self, officer_client: Client, entries: dict[str, Person], clerk: User
    ) -> None:
        rows = shown(officer_client.get(URL, {"user": clerk.pk}))
        assert {row.user_id for row in rows} == {clerk.pk}
        assert len(rows) == 2

    def test_filter_by_surname_prefix_ignores_case_and_diacritics(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        response = officer_client.get(URL, {"person": "zol"})
        assert set(person_ids(response)) == {entries["zoltek"].pk}
        assert len(shown(response)) == 2
        # The look filtered by Żółtek is logged with her as the person named.
        response = officer_client.get(URL, {"person": "Zi"})
        assert set(person_ids(response)) == {entries["zielinska"].pk}

    def test_the_officers_look_is_logged_with_the_filter_and_the_persons_named(
        self, officer_client: Client, officer: User, entries: dict[str, Person], clerk: User
    ) -> None:
        officer_client.get(URL)
        officer_client.get(URL, {"person": "zol", "user": str(clerk.pk), "sortuj": "user"})
        first, second = AccessLog.objects.filter(what="privacy.access_log").order_by("id")
        assert (first.user, first.details, first.person_count) == (officer, {}, 0)
        assert second.details == {"person": "zol", "user": "sw.zielinski", "sort": "user"}
        assert list(second.persons.values_list("person_id", flat=True)) == [entries["zoltek"].pk]
        response = officer_client.get(URL, {"person": "zol"})
        assert next(row.what for row in shown(response)) == "privacy.access_log"

    def test_filter_by_pesel_is_exact(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        kowal = entries["kowal"]
        response = officer_client.get(URL, {"person": kowal.pesel or ""})
        assert person_ids(response) == [kowal.pk]

    def test_filter_by_person_includes_records_merged_into_them(
        self,
        officer_client: Client,
        worker: User,
        clerk: User,
        make_person: Callable[..., Person],
    ) -> None:
        kept = make_person("Wiśniewski", "Adam")
        duplicate = make_person(
            "Wisniewski", "Adam", document_type="paszport", document_number="ZZ0000001"
        )
        log(worker, duplicate, "person_detail")
        # Merging is for a user who sees both records: these are in nobody's area.
        persons_merge(actor=clerk, kept=kept, merged=duplicate)
        response = officer_client.get(URL, {"person": kept.pesel or ""})
        assert person_ids(response) == [duplicate.pk]

    def test_filter_by_dates_uses_local_days(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        rows = shown(officer_client.get(URL, {"date_from": "2026-03-10", "date_to": "2026-04-20"}))
        assert [row.what for row in rows] == ["person_edit", "household_detail"]
        rows = shown(officer_client.get(URL, {"date_to": "02.03.2026"}))
        assert [row.what for row in rows] == ["search_results", "person_detail"]

    def test_filter_by_what(self, officer_client: Client, entries: dict[str, Person]) -> None:
        response = officer_client.get(URL, {"what": "household_detail"})
        assert person_ids(response) == [entries["zielinska"].pk]

    def test_period_the_wrong_way_round_is_an_error_on_the_field(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        response = officer_client.get(URL, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
        assert response.context["form"].errors["date_to"]
        assert 'aria-invalid="true"' in response.content.decode()

    def test_htmx_request_gets_only_the_results(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        response = officer_client.get(URL, {"what": "person_edit"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<table" in html
        assert "<html" not in html

    def test_person_missing_from_registry_is_shown_by_number(
        self, officer_client: Client, worker: User
    ) -> None:
        log(worker, 987654, "person_detail")
        html = officer_client.get(URL).content.decode()
        assert "987654" in html

    def test_pagination_keeps_the_filters(
        self, officer_client: Client, worker: User, make_person: Callable[..., Person]
    ) -> None:
        person = make_person("Mazur")
        for _ in range(60):
            log(worker, person, "person_detail", "/x/")
        response = officer_client.get(URL, {"what": "person_detail"})
        assert len(shown(response)) == 50
        assert "?what=person_detail&amp;strona=2" in response.content.decode()
        second = officer_client.get(URL, {"what": "person_detail", "strona": "2"})
        assert len(shown(second)) == 10


def test_query_count_does_not_grow_with_rows(
    officer_client: Client,
    worker: User,
    clerk: User,
    make_person: Callable[..., Person],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    persons = [make_person(f"Nazwisko{index}") for index in range(30)]
    for person in persons:
        for user in (worker, clerk):
            log(user, [person, persons[0]], "person_detail", "/x/")
    log(worker, persons, "search_export", "/szukaj/eksport/")
    # session, user, the second factor's device, capped count, page with users, persons of the
    # events, those persons, staff for the filter's select, the officer's own event (savepoint,
    # insert, release) and the session saved again (savepoint, update, release): 14 however
    # many rows there are.
    with django_assert_max_num_queries(14):
        response = officer_client.get(URL)
    assert len(shown(response)) == 50
    assert "30 osób" in response.content.decode()


class TestExport:
    def test_csv_has_the_filtered_rows(
        self, officer_client: Client, entries: dict[str, Person], clerk: User
    ) -> None:
        response = officer_client.get(EXPORT_URL, {"user": clerk.pk})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert ".csv" in response["Content-Disposition"]
        text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
        assert text.startswith("\ufeff")
        lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        header, *rows = lines
        assert len(header) == 10
        assert len(rows) == 2
        newest = rows[0]
        zoltek = entries["zoltek"]
        assert zoltek.pesel is not None
        assert newest[:3] == ["20.04.2026 23:00:00", "sw.zielinski", "Marek Zieliński"]
        assert newest[3:8] == ["udostępniono", "", "person_edit", "edycja danych osoby", "1"]
        assert newest[8] == f"Zofia Żółtek [{zoltek.pk}] {zoltek.pesel[:6]}*****"
        assert newest[9] == "/osoby/1/edycja/"
        assert zoltek.pesel not in text

    def test_an_event_of_many_persons_is_one_line_naming_the_first_fifty(
        self, officer_client: Client, worker: User
    ) -> None:
        log(worker, list(range(1000, 1557)), "households_export", "/rodziny/eksport/")
        response = officer_client.get(EXPORT_URL, {"what": "households_export"})
        text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
        _header, *rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        assert len(rows) == 1
        assert rows[0][7] == "557"
        names = rows[0][8].split("; ")
        assert len(names) == 51
        assert names[0] == "wpis nr 1000 (brak w ewidencji) [1000]"
        assert names[-1] == "i 507 więcej"

    def test_the_export_is_logged_with_its_filter(
        self, officer_client: Client, officer: User, entries: dict[str, Person], clerk: User
    ) -> None:
        officer_client.get(EXPORT_URL, {"user": str(clerk.pk), "format": "xlsx"})
        event = AccessLog.objects.get(what="privacy.access_log_export")
        assert event.user == officer
        assert event.details == {"user": "sw.zielinski", "format": "xlsx"}
        assert event.person_count == 0

    def test_export_link_carries_the_filters(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        html = officer_client.get(URL, {"what": "person_edit"}).content.decode()
        assert f"{EXPORT_URL}?what=person_edit" in html


class TestAppendOnly:
    def test_a_row_cannot_be_changed_or_deleted(self, worker: User) -> None:
        row = log(worker, 1, "person_detail")
        row.what = "start_page"
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()
        with pytest.raises(AppendOnlyError):
            AccessLog.objects.filter(pk=row.pk).update(what="start_page")
        with pytest.raises(AppendOnlyError):
            AccessLog.objects.filter(pk=row.pk).delete()
        with pytest.raises(AppendOnlyError):
            AccessLog.objects.all().delete()
        assert AccessLog.objects.get(pk=row.pk).what == "person_detail"


def test_xlsx_export_is_a_workbook_with_the_filtered_rows(
    officer_client: Client, entries: dict[str, Person]
) -> None:
    from openpyxl import load_workbook

    response = officer_client.get(
        reverse("privacy:access_log_export"), {"format": "xlsx", "what": "household_detail"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one household_detail row
    # The time is a real date-time cell, in Warsaw time, shown as 10.03.2026 10:00:00.
    assert rows[1][0] == datetime.datetime(2026, 3, 10, 10, 0)  # noqa: DTZ001
    assert sheet.cell(row=2, column=1).number_format == "dd.mm.yyyy hh:mm:ss"
    assert rows[1][7] == 1
    assert str(entries["zielinska"].pk) in rows[1][8]


class TestSorting:
    @pytest.fixture
    def spread(self, worker: User, clerk: User, officer: User) -> None:
        """Kowalska (worker) 30 looks, Zieliński (clerk) 30, at hours that interleave."""
        for hour in range(30):
            with time_machine.travel(
                at("2026-03-02") + datetime.timedelta(minutes=hour), tick=False
            ):
                log(worker, 1, "person_detail" if hour % 2 else "household_detail")
            with time_machine.travel(
                at("2026-03-03") + datetime.timedelta(minutes=hour), tick=False
            ):
                log(clerk, 2, "search_results")
        with time_machine.travel(at("2026-03-04"), tick=False):
            log(clerk, 3, "retired_screen")  # a code no longer registered

    def test_by_user_in_name_order_newest_first_across_pages(
        self, officer_client: Client, spread: None, worker: User, clerk: User
    ) -> None:
        # Staff by surname: Kowalska, Nowak (the officer, no looks yet), Zieliński.
        first = officer_client.get(URL, {"sortuj": "user", "what": "", "outcome": "shown"})
        rows = shown(first)
        assert [row.user_id for row in rows] == [worker.pk] * 30 + [clerk.pk] * 20
        assert rows[0].at > rows[29].at
        assert rows[30].what == "retired_screen"  # the clerk's newest
        second = officer_client.get(URL, {"sortuj": "user", "strona": "2"})
        rows = shown(second)
        # 61 events plus the officer's own first look (Nowak, between the two).
        assert [row.user_id for row in rows][:1] == [clerk.pk]
        assert len(rows) == 12
        assert first.context["page"].paginator.count == 61

    def test_the_export_follows_the_lists_order(
        self, officer_client: Client, spread: None, worker: User, clerk: User, officer: User
    ) -> None:
        response = officer_client.get(
            reverse("privacy:access_log_export"), {"sortuj": "user", "outcome": "shown"}
        )
        content = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        usernames = [line.split(";")[1] for line in content.splitlines()[1:]]
        # By surname: Kowalska's 30 looks, Nowak's (the officer: this export, logged before the
        # file is written), then Zieliński's 31.
        assert usernames == [worker.username] * 30 + [officer.username] + [clerk.username] * 31

    def test_by_user_descending(
        self, officer_client: Client, spread: None, worker: User, clerk: User
    ) -> None:
        rows = shown(officer_client.get(URL, {"sortuj": "-user", "user": str(worker.pk)}))
        assert {row.user_id for row in rows} == {worker.pk}
        rows = shown(officer_client.get(URL, {"sortuj": "-user", "outcome": "shown"}))
        assert rows[0].user_id == clerk.pk

    def test_by_screen_in_label_order_and_unknown_codes_last(
        self, officer_client: Client, spread: None
    ) -> None:
        response = officer_client.get(URL, {"sortuj": "what", "date_to": "2026-03-04"})
        labels = [entry["what"] for entry in response.context["entries"]]
        # karta osoby (15) < karta rodziny (15) < wyniki wyszukiwania (20 of 30 on page 1)
        assert labels[:15] == ["karta osoby"] * 15
        assert labels[15:30] == ["karta rodziny"] * 15
        assert labels[30:] == ["wyniki wyszukiwania"] * 20
        last = officer_client.get(URL, {"sortuj": "what", "date_to": "2026-03-04", "strona": "2"})
        rows = shown(last)
        assert [row.what for row in rows][-1] == "retired_screen"
        assert len(rows) == 11

    def test_headers_link_to_the_other_direction_and_keep_the_filters(
        self, officer_client: Client, spread: None
    ) -> None:
        html = officer_client.get(
            URL, {"sortuj": "user", "what": "search_results"}
        ).content.decode()
        assert 'aria-sort="ascending"' in html
        assert (
            "?sortuj=-user&amp;what=search_results" in html
            or "?what=search_results&amp;sortuj=-user" in html
        )

    def test_oldest_first(self, officer_client: Client, spread: None) -> None:
        rows = shown(officer_client.get(URL, {"sortuj": "at"}))
        assert rows[0].at == at("2026-03-02")


def test_refused_looks_are_listed_and_filtered_by_outcome(
    officer_client: Client, worker: User, entries: dict[str, Person]
) -> None:
    AccessLog.objects.create(
        user=worker, what="household_detail", route="/rodziny/99/", outcome="refused", status=404
    )
    response = officer_client.get(URL, {"outcome": "refused"})
    rows = shown(response)
    assert [(row.route, row.status) for row in rows] == [("/rodziny/99/", 404)]
    assert "odmówiono (404)" in response.content.decode()
    assert len(shown(officer_client.get(URL, {"outcome": "shown"}))) == 5  # 4 + the first look


def test_the_count_stops_at_the_cap(
    officer_client: Client, worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ostoja.privacy import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    for _ in range(7):
        log(worker, 1, "person_detail")
    response = officer_client.get(URL)
    assert response.context["page"].paginator.count == 6
    assert (
        "ponad\u00a05 wpisów" in response.content.decode()
        or "ponad 5 wpisów" in response.content.decode()
    )


def test_the_count_by_person_alone_counts_events_not_persons(
    officer_client: Client, worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filtered by a person only, the count comes from the persons' index: an event showing two
    of the matching persons (a family) counts once, also above the cap."""
    from ostoja.privacy import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    for _ in range(3):
        log(worker, [10, 11], "household_detail")  # 6 person rows, 3 events
    monkeypatch.setattr(selectors, "filter_person_ids", lambda text: [10, 11])
    response = officer_client.get(URL, {"person": "Nowak"})
    assert response.context["page"].paginator.count == 3
    for _ in range(4):
        log(worker, [10, 11], "household_detail")  # 14 person rows, 7 events: above the cap
    response = officer_client.get(URL, {"person": "Nowak"})
    assert response.context["page"].paginator.count == 6


def test_a_filter_naming_too_many_persons_says_so_on_the_field(
    officer_client: Client, make_person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ostoja.privacy import selectors

    monkeypatch.setattr(selectors, "MAX_FILTER_PERSONS", 2)
    for first_name in ("Jan", "Ewa", "Olga"):
        make_person("Nowakowski", first_name)
    response = officer_client.get(URL, {"person": "Nowak"})
    assert "Do filtra pasuje ponad 2 osób" in response.content.decode()
    assert response.context["form"].errors["person"]
    response = officer_client.get(URL, {"person": "Nowakowski Ewa"})
    assert "person" not in response.context["form"].errors


class TestCappedCountOfPersonFilters:
    """The count of events that showed any of the named persons, up to a cap (here 2)."""

    def test_exact_below_the_cap_an_event_counted_once(self, worker: User) -> None:
        log(worker, [1, 2], "household_detail")  # one event showing both persons
        assert selectors._distinct_events_capped([1, 2], 2) == 1

    def test_stops_past_the_cap(self, worker: User) -> None:
        for _ in range(7):
            log(worker, 1, "person_detail")
        assert selectors._distinct_events_capped([1], 2) == 3  # cap + 1: "more than 2"

    def test_repeated_events_fall_back_to_the_exact_count(self, worker: User) -> None:
        # Two events, each showing all six persons: 12 rows (more than the sample of 6), whose
        # first rows hold fewer distinct events than the cap.
        log(worker, [1, 2, 3, 4, 5, 6], "search_results")
        log(worker, [1, 2, 3, 4, 5, 6], "search_results")
        assert selectors._distinct_events_capped([1, 2, 3, 4, 5, 6], 2) == 2
