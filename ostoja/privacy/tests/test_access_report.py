"""The access report (art. 15 GDPR): a real PDF, logged, for the person and merged records."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ostoja.accounts.models import User
from ostoja.core.models import AccessLog
from ostoja.privacy.forms import year_ago
from ostoja.privacy.tests.conftest import log, make_pesel
from ostoja.registry.models import Person
from ostoja.registry.services import persons_merge

URL = reverse("privacy:access_report")

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def request_report(client: Client, person: Person, **period: str) -> Any:
    today = timezone.localdate()
    data = {
        "pesel": person.pesel,
        "date_from": period.get("date_from", year_ago(today).isoformat()),
        "date_to": period.get("date_to", today.isoformat()),
    }
    return client.post(URL, data)


class TestPermissions:
    def test_social_worker_is_refused(self, worker_client: Client) -> None:
        assert worker_client.get(URL).status_code == 403
        assert worker_client.post(URL, {}).status_code == 403

    def test_anonymous_goes_to_login(self, client: Client) -> None:
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class TestForm:
    def test_form_proposes_the_last_twelve_months(self, officer_client: Client) -> None:
        response = officer_client.get(URL)
        assert response.status_code == 200
        form = response.context["form"]
        today = timezone.localdate()
        assert form["date_to"].value() == today
        assert form["date_from"].value() == year_ago(today)

    def test_year_ago_of_a_leap_day(self) -> None:
        assert year_ago(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)

    @pytest.mark.parametrize(
        ("pesel", "code"),
        [("1234", "pesel_length"), ("44051401358", "pesel_checksum")],
    )
    def test_bad_pesel_is_an_error_on_the_field(
        self, officer_client: Client, pesel: str, code: str
    ) -> None:
        response = officer_client.post(
            URL, {"pesel": pesel, "date_from": "2026-01-01", "date_to": "2026-02-01"}
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert form.has_error("pesel", code)
        assert 'id="id_pesel_errors"' in response.content.decode()

    def test_unknown_pesel_is_an_error_on_the_field(self, officer_client: Client) -> None:
        pesel = make_pesel(datetime.date(1975, 1, 2), 901)
        response = officer_client.post(
            URL, {"pesel": pesel, "date_from": "2026-01-01", "date_to": "2026-02-01"}
        )
        assert response.context["form"].has_error("pesel", "unknown_person")
        assert not AccessLog.objects.filter(what="access_report").exists()


class TestReport:
    def test_report_is_a_pdf_with_the_accesses_and_is_logged(
        self,
        officer_client: Client,
        officer: User,
        worker: User,
        clerk: User,
        make_person: Callable[..., Person],
    ) -> None:
        person = make_person("Żółkiewska", "Barbara", sex="K")
        other = make_person("Obcy", "Olaf")
        log(worker, person, "person_detail")
        log(clerk, person, "household_detail")
        log(clerk, other, "person_detail")
        response = request_report(officer_client, person)

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert disposition.startswith('attachment; filename="')
        assert disposition.endswith('.pdf"')
        assert "zolkiewska" in disposition
        assert person.pesel is not None
        assert person.pesel not in disposition
        assert response.content.startswith(b"%PDF")

        text = pdf_text(response.content)
        assert "Żółkiewska" in text
        assert person.pesel in text
        assert "ps.kowalska" in text or "Anna Kowalska" in text
        assert "Marek Zieliński" in text
        assert "Obcy" not in text
        assert "Gminny Ośrodek Pomocy Społecznej" in text

        report_log = AccessLog.objects.filter(what="access_report").get()
        assert list(report_log.persons.values_list("person_id", flat=True)) == [person.pk]
        assert report_log.person_count == 1
        assert report_log.user_id == officer.pk

    def test_report_names_the_viewer_by_username_when_they_have_no_name(
        self, officer_client: Client, make_person: Callable[..., Person]
    ) -> None:
        nameless = User.objects.create_user("ksiegowa.7", password="x-1", role="ksiegowosc")
        person = make_person("Lis", "Leon")
        log(nameless, person, "person_detail")
        text = pdf_text(request_report(officer_client, person).content)
        assert "Lis" in text
        assert "ksiegowa.7" in text

    def test_report_includes_records_merged_into_the_person(
        self, officer_client: Client, worker: User, clerk: User, make_person: Callable[..., Person]
    ) -> None:
        kept = make_person("Dąbrowski", "Jan")
        duplicate = make_person(
            "Dabrowski", "Jan", document_type="paszport", document_number="ZZ0000002"
        )
        log(clerk, duplicate, "person_detail")
        # Merging is for a user who sees both records: these are in nobody's area.
        persons_merge(actor=clerk, kept=kept, merged=duplicate)
        text = pdf_text(request_report(officer_client, kept).content)
        assert "Marek Zieliński" in text

    def test_report_keeps_to_the_period(
        self, officer_client: Client, clerk: User, make_person: Callable[..., Person]
    ) -> None:
        person = make_person("Sowa", "Stefan")
        moment = timezone.make_aware(datetime.datetime(2025, 6, 1, 9, 30))  # noqa: DTZ001
        with time_machine.travel(moment, tick=False):
            log(clerk, person, "person_detail")
        inside = pdf_text(
            request_report(
                officer_client, person, date_from="2025-06-01", date_to="2025-06-01"
            ).content
        )
        assert "01.06.2025" in inside
        assert "Marek Zieliński" in inside
        outside = pdf_text(
            request_report(
                officer_client, person, date_from="2025-06-02", date_to="2025-12-31"
            ).content
        )
        assert "Marek Zieliński" not in outside


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


class TestGrouping:
    def test_looks_are_grouped_by_day_worker_and_screen_with_a_count(
        self,
        officer_client: Client,
        worker: User,
        clerk: User,
        make_person: Callable[..., Person],
    ) -> None:
        person = make_person("Wrona", "Wanda", sex="K")
        kept_day = timezone.make_aware(datetime.datetime(2026, 3, 12, 9))  # noqa: DTZ001
        with time_machine.travel(kept_day, tick=False):
            for _ in range(3):
                log(worker, person, "household_detail", "/rodziny/3/")
            log(worker, [person, 99_999], "search_results", "/szukaj/")
            log(clerk, person, "household_detail", "/rodziny/3/")
        # 23:30 in Warsaw on 12 March is still 12 March there (22:30 UTC).
        late = timezone.make_aware(datetime.datetime(2026, 3, 12, 23, 30))  # noqa: DTZ001
        with time_machine.travel(late, tick=False):
            log(worker, person, "household_detail", "/rodziny/3/")
        next_day = timezone.make_aware(datetime.datetime(2026, 3, 13, 8))  # noqa: DTZ001
        with time_machine.travel(next_day, tick=False):
            log(worker, person, "household_detail", "/rodziny/3/")
        text = pdf_text(
            request_report(
                officer_client, person, date_from="2026-03-01", date_to="2026-03-31"
            ).content
        )
        lines = [line for line in _lines(text) if line[:2] in ("12", "13")]
        assert lines == [
            "12.03.2026 — Anna Kowalska (Pracownik socjalny) — karta rodziny — 4 razy",
            "12.03.2026 — Anna Kowalska (Pracownik socjalny) — wyniki wyszukiwania — 1 raz",
            "12.03.2026 — Marek Zieliński (Specjalista ds. świadczeń) — karta rodziny — 1 raz",
            "13.03.2026 — Anna Kowalska (Pracownik socjalny) — karta rodziny — 1 raz",
        ]

    def test_a_refused_look_names_no_person_and_is_not_in_the_report(
        self, officer_client: Client, worker: User, make_person: Callable[..., Person]
    ) -> None:
        person = make_person("Kruk", "Karol")
        AccessLog.objects.create(
            user=worker, what="household_detail", route="/rodziny/3/", outcome="refused"
        )
        text = pdf_text(request_report(officer_client, person).content)
        assert "nikt nie przeglądał Pani/Pana danych" in " ".join(_lines(text))
        assert "karta rodziny" not in text
