"""The access log: one event per response with the persons it showed, refused looks without a
person, registered kinds with Polish labels, and append-only tables (the ORM refuses changes,
PostgreSQL's triggers refuse raw SQL too)."""

import ast
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from ostoja.core.audit import (
    ACCESS_KINDS,
    REFUSED_SCREEN,
    access_kind,
    access_kind_choices,
    access_kind_label,
    record_access,
    record_refusal,
)
from ostoja.core.models import AccessLog, AccessLogPerson, AppendOnlyError

ROOT = Path(__file__).resolve().parents[2]


def _request(user: Any, path: str = "/rodziny/7/") -> Any:
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.fixture
def entry(director: Any) -> AccessLog:
    return record_access(request=_request(director, "/x/"), person_ids=[1, 2], what="person_detail")


class TestRecordAccess:
    def test_one_event_per_response_with_each_person_once(self, director: Any) -> None:
        event = record_access(
            request=_request(director), person_ids=[5, 3, 5, 9], what="household_detail"
        )
        assert AccessLog.objects.count() == 1
        assert event.user == director
        assert event.what == "household_detail"
        assert event.route == "/rodziny/7/"
        assert event.outcome == AccessLog.Outcome.SHOWN
        assert event.status is None
        assert event.person_count == 3
        persons = AccessLogPerson.objects.filter(event=event).order_by("id")
        assert list(persons.values_list("person_id", flat=True)) == [5, 3, 9]

    def test_a_response_without_persons_is_an_event_with_none(self, director: Any) -> None:
        event = record_access(
            request=_request(director), person_ids=[], what="privacy.access_log", details={"a": 1}
        )
        assert event.person_count == 0
        assert event.details == {"a": 1}
        assert not AccessLogPerson.objects.exists()

    def test_an_unregistered_kind_is_refused(self, director: Any) -> None:
        with pytest.raises(ValueError, match="unknown access kind"):
            record_access(request=_request(director), person_ids=[1], what="no_such_screen")
        assert not AccessLog.objects.exists()

    def test_a_long_route_is_cut(self, director: Any) -> None:
        event = record_access(
            request=_request(director, "/" + "a" * 400), person_ids=[1], what="person_detail"
        )
        assert len(event.route) == 300


class TestRecordRefusal:
    def test_a_refusal_names_the_screen_and_route_and_no_person(self, director: Any) -> None:
        event = record_refusal(request=_request(director), what="household_detail", status=404)
        assert event is not None
        assert event.outcome == AccessLog.Outcome.REFUSED
        assert event.status == 404
        assert event.what == "household_detail"
        assert event.route == "/rodziny/7/"
        assert event.person_count == 0
        assert not AccessLogPerson.objects.exists()

    def test_nothing_is_written_for_an_anonymous_visitor(self, db: None) -> None:
        from django.contrib.auth.models import AnonymousUser

        assert (
            record_refusal(request=_request(AnonymousUser()), what=REFUSED_SCREEN, status=403)
            is None
        )
        assert not AccessLog.objects.exists()

    def test_an_unregistered_kind_is_refused(self, director: Any) -> None:
        with pytest.raises(ValueError, match="unknown access kind"):
            record_refusal(request=_request(director), what="nothing", status=404)

    def test_the_403_page_logs_the_refused_look(self, iod: Any, login: Any) -> None:
        client = login(iod)
        url = reverse("registry:search")
        response = client.get(url)
        assert response.status_code == 403
        event = AccessLog.objects.get()
        assert event.user == iod
        assert event.outcome == AccessLog.Outcome.REFUSED
        assert event.status == 403
        assert event.what == REFUSED_SCREEN
        assert event.route == url
        assert event.details == {"view": "registry:search"}


class TestKinds:
    def test_every_kind_has_a_polish_label(self) -> None:
        assert len(ACCESS_KINDS) >= 15
        with translation.override("pl"):
            for code, kind in ACCESS_KINDS.items():
                label = str(kind.label)
                assert label.strip(), code
                with translation.override("en"):
                    english = str(kind.label)
                assert label != english, f"{code}: {english!r} has no Polish translation"

    def test_labels_and_choices(self) -> None:
        with translation.override("pl"):
            assert access_kind_label("household_detail") == "karta rodziny"
            assert access_kind_label("retired_screen") == "retired_screen"
            labels = [label for _code, label in access_kind_choices()]
        assert labels == sorted(labels, key=str.casefold)

    def test_a_kind_is_registered_once_and_needs_a_label(self) -> None:
        with pytest.raises(ValueError, match="twice"):
            access_kind("household_detail", "again")
        with pytest.raises(ValueError, match="label"):
            access_kind("core.test_without_label", "")

    def test_every_kind_the_code_logs_is_registered(self) -> None:
        """Reads every `record_access(..., what="...")` and `record_refusal` call in the
        project and every `what="..."` passed to a helper that logs."""
        used: dict[str, str] = {}
        for path in ROOT.rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                for keyword in node.keywords:
                    if (
                        keyword.arg == "what"
                        and isinstance(keyword.value, ast.Constant)
                        and isinstance(keyword.value.value, str)
                    ):
                        used[keyword.value.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
        assert "person_detail" in used
        missing = {code: where for code, where in used.items() if code not in ACCESS_KINDS}
        assert missing == {}


class TestAppendOnly:
    def test_orm_update_and_delete_are_refused(self, entry: AccessLog) -> None:
        with pytest.raises(AppendOnlyError):
            AccessLog.objects.filter(pk=entry.pk).update(what="changed")
        with pytest.raises(AppendOnlyError):
            AccessLog.objects.all().delete()
        with pytest.raises(AppendOnlyError):
            entry.delete()
        entry.what = "changed"
        with pytest.raises(AppendOnlyError):
            entry.save()
        assert AccessLog.objects.get(pk=entry.pk).what == "person_detail"

    def test_orm_changes_to_the_persons_are_refused(self, entry: AccessLog) -> None:
        person = AccessLogPerson.objects.filter(event=entry).first()
        assert person is not None
        with pytest.raises(AppendOnlyError):
            AccessLogPerson.objects.filter(event=entry).update(person_id=99)
        with pytest.raises(AppendOnlyError):
            AccessLogPerson.objects.all().delete()
        with pytest.raises(AppendOnlyError):
            person.delete()
        person.person_id = 99
        with pytest.raises(AppendOnlyError):
            person.save()
        assert sorted(entry.persons.values_list("person_id", flat=True)) == [1, 2]

    def test_str(self, entry: AccessLog) -> None:
        assert "person_detail" in str(entry)
        person = entry.persons.order_by("id").first()
        assert str(person) == f"{entry.pk}:1"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_raw_sql_update_delete_and_truncate_are_refused_on_postgres(director: Any) -> None:
    entry = record_access(request=_request(director, "/s/"), person_ids=[7], what="search_results")
    statements = [
        "UPDATE core_accesslog SET what = 'changed'",
        "DELETE FROM core_accesslog",
        "TRUNCATE core_accesslog CASCADE",
        "UPDATE core_accesslogperson SET person_id = 8",
        "DELETE FROM core_accesslogperson",
        "TRUNCATE core_accesslogperson",
    ]
    for sql in statements:
        with pytest.raises(DatabaseError, match="append-only"):  # noqa: SIM117
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert AccessLog.objects.get(pk=entry.pk).what == "search_results"
    assert list(entry.persons.values_list("person_id", flat=True)) == [7]
