"""The access log is append-only: the ORM refuses changes, and PostgreSQL's trigger refuses raw
SQL too."""

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from ostoja.core.models import AccessLog, AppendOnlyError


@pytest.fixture
def entry(director: Any) -> AccessLog:
    return AccessLog.objects.create(user=director, person_id=1, what="person_detail", route="/x/")


def test_orm_update_and_delete_are_refused(entry: AccessLog) -> None:
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


def test_str(entry: AccessLog) -> None:
    assert "person_detail" in str(entry)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_raw_sql_update_delete_and_truncate_are_refused_on_postgres(director: Any) -> None:
    entry = AccessLog.objects.create(user=director, person_id=7, what="search", route="/s/")
    statements = [
        "UPDATE core_accesslog SET what = 'changed'",
        "DELETE FROM core_accesslog",
        "TRUNCATE core_accesslog",
    ]
    for sql in statements:
        with pytest.raises(DatabaseError, match="append-only"):  # noqa: SIM117
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert AccessLog.objects.get(pk=entry.pk).what == "search"
