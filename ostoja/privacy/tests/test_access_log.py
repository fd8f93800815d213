"""The access log screen, its filters, its CSV export; the log itself is append-only."""

import csv
import datetime
import io
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from ostoja.accounts.models import User
from ostoja.core.models import AccessLog, AppendOnlyError
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


def shown(response) -> list[AccessLog]:
    return [entry["row"] for entry in response.context["entries"]]


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
        assert [row.what for row in rows] == [
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
        rows = shown(officer_client.get(URL, {"person": "zol"}))
        assert {row.person_id for row in rows} == {entries["zoltek"].pk}
        rows = shown(officer_client.get(URL, {"person": "Zi"}))
        assert {row.person_id for row in rows} == {entries["zielinska"].pk}

    def test_filter_by_pesel_is_exact(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        kowal = entries["kowal"]
        rows = shown(officer_client.get(URL, {"person": kowal.pesel or ""}))
        assert [row.person_id for row in rows] == [kowal.pk]

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
        rows = shown(officer_client.get(URL, {"person": kept.pesel or ""}))
        assert [row.person_id for row in rows] == [duplicate.pk]

    def test_filter_by_dates_uses_local_days(
        self, officer_client: Client, entries: dict[str, Person]
    ) -> None:
        rows = shown(officer_client.get(URL, {"date_from": "2026-03-10", "date_to": "2026-04-20"}))
        assert [row.what for row in rows] == ["person_edit", "household_detail"]
        rows = shown(officer_client.get(URL, {"date_to": "02.03.2026"}))
        assert len(rows) == 2

    def test_filter_by_what(self, officer_client: Client, entries: dict[str, Person]) -> None:
        rows = shown(officer_client.get(URL, {"what": "household_detail"}))
        assert [row.person_id for row in rows] == [entries["zielinska"].pk]

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
        AccessLog.objects.bulk_create(
            AccessLog(user=worker, person_id=person.pk, what="person_detail", route="/x/")
            for _ in range(60)
        )
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
    AccessLog.objects.bulk_create(
        AccessLog(user=user, person_id=person.pk, what="person_detail", route="/x/")
        for person in persons
        for user in (worker, clerk)
    )
    # session, user, count, page with users, persons of the page, staff for the filter's select,
    # and the session saved again (savepoint, update, release): 9 however many rows there are.
    with django_assert_max_num_queries(9):
        response = officer_client.get(URL)
    assert len(shown(response)) == 50


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
        assert newest[:4] == ["20.04.2026", "23:00:00", "sw.zielinski", "Marek Zieliński"]
        assert newest[4] == str(zoltek.pk)
        assert newest[5] == "Zofia Żółtek"
        assert newest[6] == zoltek.pesel[:6] + "*****"
        assert newest[7] == "person_edit"
        assert newest[9] == "/osoby/1/edycja/"
        assert zoltek.pesel not in text

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
    assert rows[1][4] == entries["zielinska"].pk
