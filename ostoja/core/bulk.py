"""Inserting thousands of rows at once.

On PostgreSQL the rows go in with `COPY … FROM STDIN` (psycopg's copy): a month's run inserts
15 000 payment items, and `bulk_create` spent more time building its statement and adapting
its arrays than the server spent on the rows (bench/README.md). The constraints and triggers
hold for copied rows as for inserted ones. Elsewhere (SQLite in the tests) `bulk_create`.

Unlike `bulk_create`, the objects do not get their primary keys.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model


def insert_many(model: type[Model], objects: Sequence[Model]) -> None:
    """Inserts `objects` of `model`, each with every concrete field as `save()` would write
    it (defaults, `auto_now` times, foreign keys by id); not their primary keys."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects)
        return
    fields: list[Field[Any, Any]] = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and field.get_internal_type().endswith("AutoField"))
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    # The copy is psycopg's own: its errors are made Django's (IntegrityError…) as a query's.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        for instance in objects:
            copy.write_row(
                [
                    field.get_db_prep_save(field.pre_save(instance, True), connection)
                    for field in fields
                ]
            )
