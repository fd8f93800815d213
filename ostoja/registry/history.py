"""The change history of a registry record, as the detail pages show it."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

HIDDEN_FIELDS = {
    "version",
    "updated_at",
    "created_at",
    "surname_folded",
    "first_names_folded",
    "family_name_folded",
    "street_folded",
    "town_folded",
}


@dataclass
class HistoryEntry:
    when: Any
    who: Any
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


def change_history(records: QuerySet[Any], *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who changed what, from which value to which."""
    rows = list(
        records.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
    )
    entries = []
    for newer, older in zip(rows, [*rows[1:], None], strict=False):
        entry = HistoryEntry(newer.history_date, newer.history_user, newer.history_type)
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                label = newer.instance_type._meta.get_field(change.field).verbose_name
                entry.changes.append((str(label), change.old, change.new))
        entries.append(entry)
    return entries[:limit]
