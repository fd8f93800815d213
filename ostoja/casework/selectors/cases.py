"""Reads of social work's cases for the screens; every query starts from the access policy."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import (
    CharField,
    DateField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.casework.models import (
    CaseFile,
    CaseReason,
    HelpReason,
    SocialWorkNote,
    WorkerAssignment,
)
from ostoja.casework.services.cases import CASE_ACTIONS
from ostoja.casework.timeline import TimelineEntry
from ostoja.core.actions import ACTION_KINDS
from ostoja.core.collation import polish
from ostoja.core.models import ActionRecord
from ostoja.core.policy import visible_to
from ostoja.core.tables import Column
from ostoja.registry.models import Membership, Relation

CASE_KIND = gettext_lazy("Case file")


def _today() -> datetime.date:
    return timezone.localdate()


def current_worker(case: CaseFile) -> User | None:
    """The social worker who leads the case today: the assignment in force today, else the one
    without an end (a handover set for a later day, or none yet)."""
    today = _today()
    assignments = WorkerAssignment.objects.filter(case=case).select_related("worker")
    in_force = (
        assignments.filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("-valid_from")
        .first()
    )
    if in_force is None:
        in_force = assignments.filter(valid_to__isnull=True).first()
    return in_force.worker if in_force is not None else None


def case_get(user: User, case_id: int) -> CaseFile:
    """The case if the user may see it (`CaseFile.DoesNotExist` otherwise)."""
    cases: QuerySet[CaseFile] = visible_to(user, CaseFile)
    return cases.select_related("household", "household__area").get(pk=case_id)


def case_for_household(user: User, household_id: int) -> CaseFile | None:
    cases: QuerySet[CaseFile] = visible_to(user, CaseFile)
    return cases.filter(household_id=household_id).first()


def assignments_of(case: CaseFile) -> list[WorkerAssignment]:
    return list(case.assignments.select_related("worker").order_by("-valid_from", "-pk"))


def reasons_of(case: CaseFile) -> list[CaseReason]:
    """Every reason of the case, current first, then by start."""
    rows = case.reasons.select_related("reason", "person").order_by("valid_from", "pk")
    today = _today()
    rows_list = list(rows)
    return [r for r in rows_list if r.is_current_on(today)] + [
        r for r in rows_list if not r.is_current_on(today)
    ]


def household_members(case: CaseFile, day: datetime.date | None = None) -> list[Membership]:
    """The case's family today (or on `day`), by name."""
    return household_members_of(case.household, day)


def household_members_of(household: Any, day: datetime.date | None = None) -> list[Membership]:
    day = day or _today()
    return list(
        Membership.objects.current_on(day)
        .filter(household_id=household.pk)
        .select_related("person")
        .order_by("person__surname", "person__first_names", "pk")
    )


# ---------------------------------------------------------------------------------------------
# The list of case files
# ---------------------------------------------------------------------------------------------


def _head_subquery(field: str) -> Subquery:
    today = _today()
    heads = (
        Membership.objects.current_on(today)
        .filter(household_id=OuterRef("household_id"), relation=Relation.APPLICANT)
        .values(f"person__{field}")[:1]
    )
    return Subquery(heads, output_field=CharField())


def _worker_subquery(field: str) -> Subquery:
    current = WorkerAssignment.objects.filter(case_id=OuterRef("pk"), valid_to__isnull=True).values(
        f"worker__{field}"
    )[:1]
    return Subquery(current)


def _last_contact(user: User) -> Subquery:
    """The day of the latest note the user may see (so a confidential note tells nothing)."""
    notes = (
        visible_to(user, SocialWorkNote)
        .filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(last=Max("occurred_on"))
        .values("last")[:1]
    )
    return Subquery(notes, output_field=DateField())


def case_list(user: User, filters: Mapping[str, Any]) -> QuerySet[CaseFile]:
    """The case files the user sees, filtered (`state`, `worker`, `area`, `reason`, `q` for the
    head's surname or the street), annotated for the list's columns and sorting."""
    cases: QuerySet[CaseFile] = visible_to(user, CaseFile)
    today = _today()
    state = filters.get("state")
    if state:
        cases = cases.filter(state=state)
    worker = filters.get("worker")
    if worker:
        cases = cases.filter(assignments__worker=worker, assignments__valid_to__isnull=True)
    area = filters.get("area")
    if area:
        cases = cases.filter(household__area=area)
    reason = filters.get("reason")
    if reason:
        current = CaseReason.objects.filter(reason=reason, valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
        cases = cases.filter(pk__in=current.values("case_id"))
    text = (filters.get("q") or "").strip()
    if text:
        heads = Membership.objects.current_on(today).filter(
            relation=Relation.APPLICANT, person__surname__icontains=text
        )
        cases = cases.filter(
            Q(household__street__icontains=text)
            | Q(household__town__icontains=text)
            | Q(household_id__in=heads.values("household_id"))
        )
    current_reasons = CaseReason.objects.filter(valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    return (
        cases.select_related("household", "household__area")
        .annotate(
            head_surname=Coalesce(_head_subquery("surname"), Value("")),
            head_first_names=Coalesce(_head_subquery("first_names"), Value("")),
            worker_last_name=Coalesce(_worker_subquery("last_name"), Value("")),
            worker_first_name=Coalesce(_worker_subquery("first_name"), Value("")),
            last_contact=_last_contact(user),
        )
        .prefetch_related(
            Prefetch(
                "reasons",
                queryset=current_reasons.select_related("reason", "person").order_by("pk"),
                to_attr="current_reasons",
            )
        )
    )


def head_ids(cases: Any) -> list[int]:
    """The heads of the families of these cases today, for the access log of a list."""
    heads = Membership.objects.current_on(_today()).filter(
        household_id__in=[c.household_id for c in cases], relation=Relation.APPLICANT
    )
    return list(heads.values_list("person_id", flat=True))


def case_columns() -> list[Column]:
    return [
        Column("rodzina", _("Family"), (polish("head_surname"),), then=("head_first_names",)),
        Column("rejon", _("Area"), (polish("household__area__name"),)),
        Column("pracownik", _("Social worker"), (polish("worker_last_name"),)),
        Column("stan", _("State"), ("state",)),
        Column("otwarta", _("Opened"), ("opened_on",)),
        Column("kontakt", _("Last contact"), ("last_contact",), nullable=True),
    ]


def case_reason_choices() -> QuerySet[HelpReason]:
    return HelpReason.objects.filter(active=True).order_by("ordering", "name")


# ---------------------------------------------------------------------------------------------
# The timeline
# ---------------------------------------------------------------------------------------------


def _entry_day(record: ActionRecord) -> datetime.date:
    on = record.details.get("on")
    if isinstance(on, str):
        try:
            return datetime.date.fromisoformat(on[:10])
        except ValueError:
            pass
    return timezone.localdate(record.at)


def _person_ids(record: ActionRecord) -> tuple[int, ...]:
    person_id = record.details.get("person_id")
    return (int(person_id),) if person_id else ()


def timeline(case: Any, user: Any) -> list[TimelineEntry]:
    """The case's own events (opened, closed, reopened, worker changed, reasons added and
    ended, permanent help), read from the action records, for a user who sees the case."""
    if not visible_to(user, CaseFile).filter(pk=case.pk).exists():
        return []
    records = ActionRecord.objects.about(case).filter(action__in=CASE_ACTIONS).order_by("at", "pk")
    url = reverse("casework:case_detail", args=[case.pk])
    entries = []
    for record in records.select_related("actor"):
        kind = ACTION_KINDS[record.action]
        entries.append(
            TimelineEntry(
                on=_entry_day(record),
                kind=str(CASE_KIND),
                title=str(kind.label),
                summary=kind.describe(record.details),
                url=url,
                at=record.at,
                person_ids=_person_ids(record),
            )
        )
    return entries
