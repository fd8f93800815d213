"""The case's timeline: everything that happened in it, across capabilities, in order.

Each capability contributes its events through a source: a function of the case and the user
that returns entries the user may see. Social work's own sources (interviews, notes, contracts,
referrals, the duty to cooperate, the case's own changes) are registered here; later apps
(applications, decisions, payments) register theirs in their `ready()` with
`register_timeline_source`. The case page asks `case_timeline` and shows the entries newest
first; a source never shows a record outside the user's scope: it reads through the selectors.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    # What it is, as a badge reads: "Wywiad środowiskowy", "Notatka", "Skierowanie".
    kind: str
    title: str
    summary: str = ""
    url: str = ""
    # Orders entries of the same day; the time of recording where there is one.
    at: datetime.datetime | None = None
    # A short state shown as a badge ("zaplanowany", "zakończony").
    state: str = ""
    # Persons the entry names, for the access log of the page that shows it.
    person_ids: tuple[int, ...] = field(default=())


TimelineSource = Callable[[Any, Any], list[TimelineEntry]]

_SOURCES: dict[str, TimelineSource] = {}

# Social work's own sources, one per area, imported when first asked for.
_OWN_SOURCES = {
    "casework.cases": "ostoja.casework.selectors.cases.timeline",
    "casework.interviews": "ostoja.casework.selectors.interviews.timeline",
    "casework.notes": "ostoja.casework.selectors.notes.timeline",
    "casework.cooperation": "ostoja.casework.selectors.cooperation.timeline",
    "casework.contracts": "ostoja.casework.selectors.contracts.timeline",
    "casework.referrals": "ostoja.casework.selectors.referrals.timeline",
}


def register_timeline_source(key: str, source: TimelineSource) -> None:
    if key in _SOURCES or key in _OWN_SOURCES:
        raise ValueError(f"timeline source {key!r} registered twice")
    _SOURCES[key] = source


def _sources() -> dict[str, TimelineSource]:
    own = {key: import_string(path) for key, path in _OWN_SOURCES.items()}
    return own | _SOURCES


def _order(entry: TimelineEntry) -> tuple[datetime.date, datetime.datetime]:
    at = entry.at or datetime.datetime.combine(entry.on, datetime.time.min, datetime.UTC)
    return (entry.on, at)


def case_timeline(case: Any, user: Any) -> list[TimelineEntry]:
    """Every entry of every source the user may see, newest first."""
    entries = [entry for source in _sources().values() for entry in source(case, user)]
    return sorted(entries, key=_order, reverse=True)
