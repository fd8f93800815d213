"""Reads of the access log for the data protection officer.

The officer has no access to the registry: persons appear here by name and masked PESEL only,
looked up in one query per page.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.core.models import AccessLog
from ostoja.core.text import fold
from ostoja.registry.models import Person

PESEL_LIKE = re.compile(r"^\d{11}$")
# Merges can chain (A into B, then B into C); a few rounds reach every record ever merged.
MAX_MERGE_DEPTH = 10


@dataclass(frozen=True)
class AccessLogQuery:
    user: User | None = None
    person: str = ""  # PESEL (exact) or surname prefix, optionally followed by a first-name prefix
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    what: str = ""


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


def access_log_filter(query: AccessLogQuery) -> QuerySet[AccessLog]:
    """Access-log rows matching the query, newest first, with their users."""
    rows = AccessLog.objects.select_related("user").order_by("-at", "-id")
    if query.user is not None:
        rows = rows.filter(user=query.user)
    if query.person.strip():
        matches = persons_matching(query.person).values("pk")
        # Rows of a duplicate record merged into a matching person belong to that person too.
        merged = Person.objects.filter(merged_into__in=matches).values("pk")
        rows = rows.filter(Q(person_id__in=matches) | Q(person_id__in=merged))
    if query.date_from is not None:
        rows = rows.filter(at__gte=day_start(query.date_from))
    if query.date_to is not None:
        rows = rows.filter(at__lt=day_start(query.date_to + datetime.timedelta(days=1)))
    if query.what:
        rows = rows.filter(what=query.what)
    return rows


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


def access_report_rows(
    *, person: Person, date_from: datetime.date, date_to: datetime.date
) -> list[AccessLog]:
    """Every look at the person's data (and at records merged into it) in the period, oldest
    first: what the person is told under art. 15 GDPR."""
    return list(
        AccessLog.objects.filter(
            person_id__in=merged_record_ids(person),
            at__gte=day_start(date_from),
            at__lt=day_start(date_to + datetime.timedelta(days=1)),
        )
        .select_related("user")
        .order_by("at", "id")
    )
