"""The start page lists households by town, street and house number in Polish order, the house
number as a number (`ostoja.registry.search.household_columns`). On PostgreSQL an index on
exactly those expressions lets the first page be read from the index instead of sorting every
household the user may see (50 000 for the director: 45 ms of sorting, 0.2 ms with the index).

PostgreSQL only: on SQLite the "pl" collation is a Python function, and an index using it would
make the database unwritable to any client that does not register it.
"""

from typing import Any

from django.db import migrations

INDEX = "household_list_idx"


def _digits(column: str) -> str:
    # The SQL of ostoja.core.tables.LeadingDigits: it must match the ORDER BY exactly.
    return f"(LENGTH({column}) - LENGTH(LTRIM({column}, '0123456789')))"


def create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON registry_household ("
        '(town COLLATE "pl"), (street COLLATE "pl"), '
        f"{_digits('house_number')}, house_number, {_digits('flat_number')}, flat_number, id)"
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_postgres_collation_and_append_only_log"),
        ("registry", "0004_search_indexes"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
