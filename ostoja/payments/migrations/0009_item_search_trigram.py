"""Trigram indexes for the search within a list (payee's name or decision number, any part of
it, case ignored): a city's list of 15 000 items was scanned whole twice per page, for the
page and for its count (bench/README.md). PostgreSQL only (`pg_trgm`, a trusted extension the
database's owner may create); SQLite scans, as before.

The indexed expression is the one Django's `icontains` asks for: UPPER(column::text)."""

from django.db import migrations

INDEXES = (
    ("payment_item_payee_name_trgm", "payee_name"),
    ("payment_item_decision_number_trgm", "decision_number"),
)


def _create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in INDEXES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON payments_paymentitem "
                f"USING gin (UPPER({column}::text) gin_trgm_ops)"
            )


def _drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _column in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("payments", "0008_item_setoff")]

    operations = [migrations.RunPython(_create, _drop)]
