"""The collation named "pl": ICU pl-PL on PostgreSQL, a Python function on SQLite.

Queries order by `Collate(field, "pl")` and get the Polish order on both databases. The PostgreSQL
collation is created by a migration of this app.
"""

from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate

from ostoja.core.text import polish_sort_key

COLLATION = "pl"


def _compare(left: str, right: str) -> int:
    left_key, right_key = polish_sort_key(left), polish_sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def _on_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def register_sqlite_collation() -> None:
    connection_created.connect(_on_connection, dispatch_uid="ostoja-pl-collation")


def polish(field: str) -> Collate:
    """An expression ordering `field` in Polish alphabetical order."""
    return Collate(F(field), COLLATION)
