"""Reads of the access log for the data protection officer.

The officer has no access to the registry: persons appear here by name and masked PESEL only,
looked up in one query per page.
"""

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.core.audit import access_kind_choices, access_kind_label
from ostoja.core.models import AccessLog, AccessLogPerson
from ostoja.core.text import fold
from ostoja.registry.models import Person

PESEL_LIKE = re.compile(r"^\d{11}$")
# Merges can chain (A into B, then B into C); a few rounds reach every record ever merged.
MAX_MERGE_DEPTH = 10
# Beyond this many matching entries the list says "more than 10 000" instead of counting
# millions of rows; the officer narrows the filters.
COUNT_CAP = 10_000
# An event showing more persons than this (an export, a start page) is listed with its count.
PERSONS_SHOWN_PER_EVENT = 3
# A person filter naming more persons than this (a very short surname prefix) is cut off.
MAX_FILTER_PERSONS = 500

# By time the database sorts through its index on `at`. By member of staff (their name) or by
# screen (its label), newest first within each, the list is read group by group (`GroupedRows`).
SORTS = ("at", "-at", "user", "-user", "what", "-what")
DEFAULT_SORT = "-at"


@dataclass(frozen=True)
class AccessLogQuery:
    user: User | None = None
    person: str = ""  # PESEL (exact) or surname prefix, optionally followed by a first-name prefix
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    what: str = ""
    outcome: str = ""
    sort: str = DEFAULT_SORT

    @property
    def only_person(self) -> bool:
        """The query filters by a person and nothing else."""
        others = (self.user, self.date_from, self.date_to, self.what, self.outcome)
        return bool(self.person.strip()) and not any(others)

    def as_details(self) -> dict[str, object]:
        """The filter as the officer's own access event records it."""
        details: dict[str, object] = {}
        if self.user is not None:
            details["user"] = self.user.username
        for name in ("person", "what", "outcome"):
            if value := getattr(self, name):
                details[name] = value
        if self.date_from is not None:
            details["date_from"] = self.date_from.isoformat()
        if self.date_to is not None:
            details["date_to"] = self.date_to.isoformat()
        if self.sort != DEFAULT_SORT:
            details["sort"] = self.sort
        return details


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of a day in the centre's time zone (an index-friendly bound)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def persons_matching(text: str) -> QuerySet[Person]:
    """Persons a filter text names: a PESEL exactly, otherwise a surname prefix (diacritics and
    case ignored) with an optional first-name prefix after a space."""
    text = text.strip()
    compact = re.sub(r"\s", "", text)
    if PESEL_LIKE.match(compact):
        return Person.objects.filter(pesel=compact)
    surname, _, first_name = text.partition(" ")
    persons = Person.objects.filter(surname_folded__startswith=fold(surname))
    if first_name.strip():
        persons = persons.filter(first_names_folded__startswith=fold(first_name))
    return persons


def too_many_persons(text: str) -> bool:
    """Whether a filter text names more persons than the list follows (`MAX_FILTER_PERSONS`)."""
    if not text.strip():
        return False
    return persons_matching(text).values("pk")[: MAX_FILTER_PERSONS + 1].count() > (
        MAX_FILTER_PERSONS
    )


def filter_person_ids(text: str) -> list[int]:
    """The persons a filter names (the first `MAX_FILTER_PERSONS`: the view says when there
    are more), with every record merged into them (their events belong to them too)."""
    if not text.strip():
        return []
    ids = list(persons_matching(text).values_list("pk", flat=True)[:MAX_FILTER_PERSONS])
    frontier = ids
    for _ in range(MAX_MERGE_DEPTH):
        frontier = list(
            Person.objects.filter(merged_into__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        if not frontier:
            break
        ids.extend(frontier)
    return ids


def access_log_filter(
    query: AccessLogQuery, *, person_ids: list[int] | None = None
) -> QuerySet[AccessLog]:
    """Access events matching the query, in the order asked for, with their users.

    `person_ids` are the persons of the query's person filter, when already looked up."""
    ordering = ("at", "id") if query.sort == "at" else ("-at", "-id")
    rows = AccessLog.objects.select_related("user").order_by(*ordering)
    if query.user is not None:
        rows = rows.filter(user=query.user)
    if query.person.strip():
        ids = filter_person_ids(query.person) if person_ids is None else person_ids
        events = AccessLogPerson.objects.filter(person_id__in=ids).values("event_id")
        rows = rows.filter(pk__in=events)
    if query.date_from is not None:
        rows = rows.filter(at__gte=day_start(query.date_from))
    if query.date_to is not None:
        rows = rows.filter(at__lt=day_start(query.date_to + datetime.timedelta(days=1)))
    if query.what:
        rows = rows.filter(what=query.what)
    if query.outcome:
        rows = rows.filter(outcome=query.outcome)
    return rows


class GroupedRows:
    """Events sorted by a column with few values (the member of staff, the screen), newest
    first within each value, read a page at a time: for each value in order, a short scan of the
    index (user, at) or (what, at) instead of the database sorting millions of rows. Rows with
    a value outside the list (a screen no longer registered) come last."""

    def __init__(
        self, rows: QuerySet[AccessLog], *, field: str, values: list[Any], complete: bool
    ) -> None:
        self.rows = rows.order_by("-at", "-id")
        self.field = field
        self.values = values
        self.complete = complete  # every row's value is in the list (a foreign key to staff)

    def _groups(self) -> Iterator[QuerySet[AccessLog]]:
        for value in self.values:
            yield self.rows.filter(**{self.field: value})
        if not self.complete:
            yield self.rows.exclude(**{f"{self.field}__in": self.values})

    def capped_count(self, cap: int) -> int:
        return _capped(self.rows, cap)

    def iterator(self, chunk_size: int = 2000) -> Iterator[AccessLog]:
        """Every row in the list's order, group by group (for an export)."""
        for group in self._groups():
            yield from group.iterator(chunk_size=chunk_size)

    def __getitem__(self, item: slice) -> list[AccessLog]:
        assert isinstance(item, slice)
        assert item.stop is not None
        skip, wanted = item.start or 0, item.stop - (item.start or 0)
        page: list[AccessLog] = []
        for group in self._groups():
            if skip:
                in_group = _capped(group, skip + wanted - 1)
                if in_group <= skip:
                    skip -= in_group
                    continue
            page.extend(group[skip : skip + wanted - len(page)])
            skip = 0
            if len(page) >= wanted:
                break
        return page


def sorted_rows(rows: QuerySet[AccessLog], sort: str) -> QuerySet[AccessLog] | GroupedRows:
    """The filtered events in the order asked for (`SORTS`)."""
    if sort.lstrip("-") == "user":
        staff = list(staff_for_filter().values_list("pk", flat=True))
        values = staff[::-1] if sort.startswith("-") else staff
        return GroupedRows(rows, field="user_id", values=values, complete=True)
    if sort.lstrip("-") == "what":
        kinds = [code for code, _label in access_kind_choices()]
        return GroupedRows(
            rows,
            field="what",
            values=kinds[::-1] if sort.startswith("-") else kinds,
            complete=False,
        )
    return rows


def _capped(rows: QuerySet[AccessLog], cap: int) -> int:
    """How many rows match, up to cap + 1: ids only, without the join to the staff, so that the
    database stops after cap + 1 rows of an index."""
    return rows.select_related(None).order_by().values("pk")[: cap + 1].count()


def capped_count(
    rows: QuerySet[AccessLog] | GroupedRows, *, only_persons: list[int] | None = None
) -> int:
    """How many events match, counted up to `COUNT_CAP` + 1 only.

    `only_persons`: the query filters by these persons and nothing else, so the count comes from
    the (person_id, event) index alone (distinct events: a family's file shows several of the
    persons a surname names), without visiting the events."""
    if isinstance(rows, GroupedRows):
        return rows.capped_count(COUNT_CAP)
    if only_persons is not None:
        return _distinct_events_capped(only_persons, COUNT_CAP)
    return _capped(rows, COUNT_CAP)


def _distinct_events_capped(person_ids: list[int], cap: int) -> int:
    """The distinct events that showed any of the persons, up to cap + 1.

    A database DISTINCT reads every row of the persons before it can stop (a surname prefix
    names up to 500 persons with thousands of looks each). The first 2 × (cap + 1) rows of the
    index are read instead: their distinct events are a lower bound of all, so once they pass
    the cap the whole does too; when the persons have fewer rows, they are all the rows. Only
    when many rows repeat the same events (one event showing several of the persons) is the
    full count asked of the database."""
    shown = AccessLogPerson.objects.filter(person_id__in=person_ids)
    sample = 2 * (cap + 1)
    events = list(shown.values_list("event_id", flat=True)[:sample])
    distinct = len(set(events))
    if distinct > cap or len(events) < sample:
        return min(distinct, cap + 1)
    return shown.values("event_id").distinct()[: cap + 1].count()


def persons_of_events(events: Iterable[AccessLog]) -> dict[int, list[int]]:
    """The person ids of each event that showed only a few persons, in one query."""
    small = [event.pk for event in events if 0 < event.person_count <= PERSONS_SHOWN_PER_EVENT]
    result: dict[int, list[int]] = {}
    if not small:
        return result
    pairs = (
        AccessLogPerson.objects.filter(event_id__in=small)
        .order_by("event_id", "id")
        .values_list("event_id", "person_id")
    )
    for event_id, person_id in pairs:
        result.setdefault(event_id, []).append(person_id)
    return result


def persons_by_id(person_ids: Iterable[int]) -> dict[int, Person]:
    """The persons named in a page of the log, in one query, with only what the page shows."""
    ids = set(person_ids)
    if not ids:
        return {}
    persons = Person.objects.filter(pk__in=ids).only(
        "pk", "first_names", "surname", "pesel", "merged_into"
    )
    return {person.pk: person for person in persons}


def staff_for_filter() -> QuerySet[User]:
    return User.objects.order_by("last_name", "first_name", "username")


def live_person(person: Person) -> Person:
    """The record a person was (perhaps repeatedly) merged into; the person if not merged."""
    for _ in range(MAX_MERGE_DEPTH):
        if person.merged_into_id is None:
            break
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def merged_record_ids(person: Person) -> list[int]:
    """The person's id and the ids of every record merged into it, directly or through others."""
    ids = [person.pk]
    frontier = [person.pk]
    for _ in range(MAX_MERGE_DEPTH):
        frontier = list(
            Person.objects.filter(merged_into__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        if not frontier:
            break
        ids.extend(frontier)
    return ids


@dataclass(frozen=True)
class ReportLine:
    """One line of the art. 15 report: on a day, a member of staff looked at the person's data
    on one screen so many times."""

    day: datetime.date
    who: str
    role: str
    what: str
    times: int


def access_report_lines(
    *, person: Person, date_from: datetime.date, date_to: datetime.date
) -> list[ReportLine]:
    """Every look at the person's data (and at records merged into it) in the period, grouped
    by day, member of staff and screen, oldest day first: what the person is told under
    art. 15 GDPR. An event that showed two merged records of the person counts once."""
    query = (
        AccessLogPerson.objects.filter(
            person_id__in=merged_record_ids(person),
            event__at__gte=day_start(date_from),
            event__at__lt=day_start(date_to + datetime.timedelta(days=1)),
            event__outcome=AccessLog.Outcome.SHOWN,
        )
        .annotate(day=TruncDate("event__at", tzinfo=timezone.get_current_timezone()))
        .values("day", "event__user", "event__what")
        .annotate(times=Count("event", distinct=True))
        .order_by()
    )
    groups = list(query)
    users = User.objects.in_bulk({group["event__user"] for group in groups})
    lines = []
    for group in groups:
        user = users[group["event__user"]]
        lines.append(
            ReportLine(
                day=group["day"],
                who=user.get_full_name() or user.username,
                role=user.get_role_display(),
                what=access_kind_label(group["event__what"]),
                times=group["times"],
            )
        )
    lines.sort(key=lambda line: (line.day, line.who.casefold(), line.what.casefold()))
    return lines
