"""What is due in social work, for the start pages and the deadlines list.

Four kinds of deadline, each a queryset that starts from the access policy:

- interviews planned or in progress, due on their `due_on` (the 2021 regulation's terms);
  the worker is the interview's worker;
- updates for permanent help (art. 107 ust. 4 u.p.s.): open cases with `permanent_help_since`
  whose last completed interview's update falls due within `UPCOMING_WORKING_DAYS` or has
  passed, and open cases with no interview at all; a case with an interview already planned or
  in progress is left out (that interview's own deadline is shown). The worker is the case's
  current worker;
- reviews of signed contracts: the last review's `next_review_on`, or without a review the
  contract's start plus `FIRST_REVIEW_DAYS`; the worker is the contract's worker;
- referrals sent or accepted more than `REFERRAL_FEEDBACK_DAYS` ago with no feedback; the
  worker is who sent them.

Every function runs a fixed number of queries whatever the number of cases: the due days that
depend on the calendar are turned into thresholds on stored dates in Python first.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.casework.deadlines import (
    DeadlineStatus,
    deadline_status,
    update_due_on,
    working_days_left,
)
from ostoja.casework.models import (
    INTERVIEW_FIXED_STATES,
    CaseFile,
    CaseState,
    ContractReview,
    ContractState,
    Interview,
    InterviewState,
    Referral,
    ReferralState,
    SocialContract,
    SocialWorkNote,
    WorkerAssignment,
)
from ostoja.core.policy import visible_to
from ostoja.core.workdays import add_working_days
from ostoja.registry.models import Membership

WEEK_WORKING_DAYS = 5
UPCOMING_WORKING_DAYS = 10
FIRST_REVIEW_DAYS = 30
REFERRAL_FEEDBACK_DAYS = 14
PANEL_ROWS = 10

OPEN_INTERVIEW_STATES = (InterviewState.PLANNED, InterviewState.IN_PROGRESS)
WAITING_REFERRAL_STATES = (ReferralState.SENT, ReferralState.ACCEPTED)
NO_DATE = datetime.date(1900, 1, 1)  # sorts a case with no interview before every dated one


class Kind:
    """The kinds of deadline, by their code in the address (`?rodzaj=`)."""

    INTERVIEWS = "wywiady"
    UPDATES = "aktualizacje"
    REVIEWS = "przeglady"
    REFERRALS = "skierowania"


# Where each kind's family's area is, from the record.
AREA = {
    Kind.INTERVIEWS: "case__household__area_id",
    Kind.UPDATES: "household__area_id",
    Kind.REVIEWS: "case__household__area_id",
    Kind.REFERRALS: "case__household__area_id",
}


@dataclass(frozen=True)
class Horizons:
    """The day and the thresholds on stored dates that the deadlines compare with."""

    today: datetime.date
    week_end: datetime.date  # the 5th working day from today: "due within a week"
    upcoming: datetime.date  # the 10th working day from today: updates and reviews shown
    last_interview_by: datetime.date  # an interview on or before it has its update due
    review_start_by: datetime.date  # a contract started on or before it is due a first review
    referral_sent_before: datetime.date

    @classmethod
    def on(cls, today: datetime.date) -> "Horizons":
        upcoming = add_working_days(today, UPCOMING_WORKING_DAYS)
        return cls(
            today=today,
            week_end=add_working_days(today, WEEK_WORKING_DAYS),
            upcoming=upcoming,
            last_interview_by=_last_interview_due_by(upcoming),
            review_start_by=upcoming - datetime.timedelta(days=FIRST_REVIEW_DAYS),
            referral_sent_before=today - datetime.timedelta(days=REFERRAL_FEEDBACK_DAYS),
        )


def _last_interview_due_by(day: datetime.date) -> datetime.date:
    """The latest interview date whose update is due on or before `day`.

    `update_due_on` never decreases as the interview's date grows, so the interviews whose
    update is due by `day` are those on or before one date; found from six months back and a
    few days' walk (month ends and days off move the due day by at most a few days)."""
    candidate: datetime.date = day - relativedelta(months=6)
    while update_due_on(conducted_on=candidate) > day:
        candidate -= datetime.timedelta(days=1)
    while update_due_on(conducted_on=candidate + datetime.timedelta(days=1)) <= day:
        candidate += datetime.timedelta(days=1)
    return candidate


# ---------------------------------------------------------------------------------------------
# The querysets, in the user's scope
# ---------------------------------------------------------------------------------------------


def _current_worker(today: datetime.date, case_path: str = "pk") -> Subquery:
    assignments = WorkerAssignment.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        case=OuterRef(case_path),
        valid_from__lte=today,
    ).order_by("-valid_from", "-pk")
    return Subquery(assignments.values("worker_id")[:1], output_field=IntegerField())


def interviews_due(user: User) -> QuerySet[Interview]:
    """Interviews planned or in progress in open cases, soonest due first. A correction of a
    completed interview (a new version that `supersedes` it) is left out: the interview it
    corrects was carried out, and the term with it."""
    return (
        visible_to(user, Interview)
        .filter(state__in=OPEN_INTERVIEW_STATES, supersedes__isnull=True)
        .exclude(case__state=CaseState.CLOSED)
        .select_related("case__household__area", "worker")
        .order_by("due_on", "pk")
    )


def updates_due(
    user: User, horizons: Horizons, cases: QuerySet[CaseFile] | None = None
) -> QuerySet[CaseFile]:
    """Open cases whose interview update is due (see the module's docstring), annotated with
    `last_interview_on` (None: no completed interview) and `current_worker_id`. `cases`: the
    user's scope of cases when the caller has it already (`visible_to(user, CaseFile)`)."""
    interviews = Interview.objects.filter(case=OuterRef("pk"))
    completed = interviews.filter(state__in=INTERVIEW_FIXED_STATES, conducted_on__isnull=False)
    last = completed.order_by("-conducted_on").values("conducted_on")[:1]
    scope = visible_to(user, CaseFile) if cases is None else cases
    result: QuerySet[CaseFile] = (
        scope.exclude(state=CaseState.CLOSED)
        .annotate(
            last_interview_on=Subquery(last, output_field=DateField()),
            has_interview=Exists(interviews),
            has_open_interview=Exists(
                interviews.filter(state__in=OPEN_INTERVIEW_STATES, supersedes__isnull=True)
            ),
            current_worker_id=_current_worker(horizons.today),
            sort_last=Coalesce(Subquery(last, output_field=DateField()), Value(NO_DATE)),
        )
        .filter(
            Q(has_interview=False)
            | Q(
                permanent_help_since__isnull=False,
                has_open_interview=False,
                last_interview_on__lte=horizons.last_interview_by,
            )
        )
        .select_related("household__area")
        .order_by("sort_last", "pk")
    )
    return result


def reviews_due(user: User, horizons: Horizons) -> QuerySet[SocialContract]:
    """Signed contracts whose next review is due by the upcoming horizon, annotated with
    `next_review_on` (None: never reviewed) and `has_reviews`."""
    reviews = ContractReview.objects.filter(contract=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    next_review = Subquery(reviews.values("next_review_on")[:1], output_field=DateField())
    first_review = ExpressionWrapper(
        F("valid_from") + datetime.timedelta(days=FIRST_REVIEW_DAYS), output_field=DateField()
    )
    result: QuerySet[SocialContract] = (
        visible_to(user, SocialContract)
        .filter(state=ContractState.SIGNED)
        .exclude(case__state=CaseState.CLOSED)
        .annotate(has_reviews=Exists(reviews), next_review_on=next_review)
        .filter(
            Q(has_reviews=False, valid_from__lte=horizons.review_start_by)
            | Q(has_reviews=True, next_review_on__lte=horizons.upcoming)
        )
        .annotate(sort_due=Coalesce(next_review, first_review))
        .select_related("case__household__area", "person", "worker")
        .order_by("sort_due", "pk")
    )
    return result


def referrals_waiting(user: User, horizons: Horizons) -> QuerySet[Referral]:
    """Referrals sent or accepted more than two weeks ago with no feedback, oldest first."""
    return (
        visible_to(user, Referral)
        .filter(
            state__in=WAITING_REFERRAL_STATES,
            feedback_on__isnull=True,
            sent_on__lt=horizons.referral_sent_before,
        )
        .select_related("case__household__area", "person", "institution", "sent_by")
        .order_by("sent_on", "pk")
    )


def my_cases(
    user: User, today: datetime.date, cases: QuerySet[CaseFile] | None = None
) -> QuerySet[CaseFile]:
    """Open cases the user is the current worker of, annotated with `last_note_on` and
    `last_interview_on` (the last contact is the later of the two). `cases` as for
    `updates_due`."""
    notes = visible_to(user, SocialWorkNote).filter(case=OuterRef("pk"))
    conducted = Interview.objects.filter(case=OuterRef("pk"), conducted_on__isnull=False)
    scope = visible_to(user, CaseFile) if cases is None else cases
    result: QuerySet[CaseFile] = (
        scope.exclude(state=CaseState.CLOSED)
        .annotate(current_worker_id=_current_worker(today))
        .filter(current_worker_id=user.pk)
        .annotate(
            last_note_on=Subquery(
                notes.order_by("-occurred_on").values("occurred_on")[:1],
                output_field=DateField(),
            ),
            last_interview_on=Subquery(
                conducted.order_by("-conducted_on").values("conducted_on")[:1],
                output_field=DateField(),
            ),
        )
        .select_related("household__area")
        .order_by("pk")
    )
    return result


# ---------------------------------------------------------------------------------------------
# Rows for the screens: the record, its due day, working days left and the status
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    kind: str
    record: Any
    case: CaseFile
    due_on: datetime.date | None
    today: datetime.date
    worker: User | None = None

    @property
    def days_left(self) -> int | None:
        if self.due_on is None:
            return None
        return working_days_left(due_on=self.due_on, today=self.today)

    @property
    def days_late(self) -> int:
        """Working days past the due day (0 when not overdue)."""
        left = self.days_left
        return 0 if left is None or left >= 0 else -left

    @property
    def status(self) -> DeadlineStatus:
        if self.due_on is None:
            return DeadlineStatus.OVERDUE
        return deadline_status(due_on=self.due_on, today=self.today)

    @property
    def overdue(self) -> bool:
        return self.status is DeadlineStatus.OVERDUE


def interview_rows(interviews: Iterable[Interview], today: datetime.date) -> list[DueRow]:
    return [DueRow(Kind.INTERVIEWS, i, i.case, i.due_on, today, i.worker) for i in interviews]


def update_due(case: CaseFile) -> datetime.date | None:
    last: datetime.date | None = getattr(case, "last_interview_on", None)
    return None if last is None else update_due_on(conducted_on=last)


def update_rows(cases: Iterable[CaseFile], today: datetime.date) -> list[DueRow]:
    """Rows of `updates_due`, with each case's current worker (one query for all)."""
    cases = list(cases)
    ids = {getattr(c, "current_worker_id", None) for c in cases} - {None}
    workers = User.objects.in_bulk(ids) if ids else {}
    return [
        DueRow(
            Kind.UPDATES,
            c,
            c,
            update_due(c),
            today,
            workers.get(getattr(c, "current_worker_id", 0)),
        )
        for c in cases
    ]


def review_due(contract: SocialContract) -> datetime.date:
    if getattr(contract, "has_reviews", False):
        due: datetime.date = contract.next_review_on  # type: ignore[attr-defined]
        return due
    return contract.valid_from + datetime.timedelta(days=FIRST_REVIEW_DAYS)


def review_rows(contracts: Iterable[SocialContract], today: datetime.date) -> list[DueRow]:
    return [DueRow(Kind.REVIEWS, c, c.case, review_due(c), today, c.worker) for c in contracts]


def referral_rows(referrals: Iterable[Referral], today: datetime.date) -> list[DueRow]:
    """A referral's "due day" is the day feedback was expected: two weeks after sending."""
    return [
        DueRow(
            Kind.REFERRALS,
            r,
            r.case,
            r.sent_on + datetime.timedelta(days=REFERRAL_FEEDBACK_DAYS),
            today,
            r.sent_by,
        )
        for r in referrals
    ]


@dataclass(frozen=True)
class MyCaseRow:
    case: CaseFile

    @property
    def last_contact_on(self) -> datetime.date | None:
        dates = [
            d
            for d in (
                getattr(self.case, "last_note_on", None),
                getattr(self.case, "last_interview_on", None),
            )
            if d is not None
        ]
        return max(dates) if dates else None


# ---------------------------------------------------------------------------------------------
# The social worker's panel
# ---------------------------------------------------------------------------------------------


@dataclass
class WorkerDeadlines:
    interviews: list[DueRow]
    interviews_count: int
    updates: list[DueRow]
    updates_count: int
    reviews: list[DueRow]
    reviews_count: int
    referrals: list[DueRow]
    referrals_count: int
    # The cases longest without contact first (none recorded before any), the first `limit`.
    cases: list[MyCaseRow]
    cases_count: int = 0
    open_cases: list[CaseFile] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.interviews_count
            or self.updates_count
            or self.reviews_count
            or self.referrals_count
            or self.cases
        )


def _first(queryset: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first `limit` rows and how many there are; the count is asked for only when the
    first rows fill the limit."""
    rows = list(queryset[:limit])
    return rows, (len(rows) if len(rows) < limit else queryset.count())


def worker_deadlines(user: User, today: datetime.date, limit: int = PANEL_ROWS) -> WorkerDeadlines:
    """The user's own deadlines: the first `limit` of each kind and how many there are."""
    horizons = Horizons.on(today)
    scope = visible_to(user, CaseFile)
    interviews, interviews_count = _first(interviews_due(user).filter(worker=user), limit)
    updates, updates_count = _first(
        updates_due(user, horizons, scope).filter(current_worker_id=user.pk),  # type: ignore[misc]
        limit,
    )
    reviews, reviews_count = _first(reviews_due(user, horizons).filter(worker=user), limit)
    referrals, referrals_count = _first(
        referrals_waiting(user, horizons).filter(sent_by=user), limit
    )
    cases = list(my_cases(user, today, scope))
    return WorkerDeadlines(
        interviews=interview_rows(interviews, today),
        interviews_count=interviews_count,
        updates=update_rows(updates, today),
        updates_count=updates_count,
        reviews=review_rows(reviews, today),
        reviews_count=reviews_count,
        referrals=referral_rows(referrals, today),
        referrals_count=referrals_count,
        cases=sorted(
            (MyCaseRow(c) for c in cases),
            key=lambda row: (row.last_contact_on or NO_DATE, row.case.pk),
        )[:limit],
        cases_count=len(cases),
        open_cases=cases,
    )


# ---------------------------------------------------------------------------------------------
# The director's panel: counts per worker and per area
# ---------------------------------------------------------------------------------------------


@dataclass
class Counts:
    interviews_overdue: int = 0
    interviews_week: int = 0
    updates: int = 0
    reviews: int = 0
    referrals: int = 0

    @property
    def total(self) -> int:
        return (
            self.interviews_overdue
            + self.interviews_week
            + self.updates
            + self.reviews
            + self.referrals
        )


@dataclass
class WorkerCounts:
    worker: User | None  # None: deadlines of cases with no current worker
    areas: list[str]
    counts: Counts


@dataclass
class AreaCounts:
    area: Area
    counts: Counts


@dataclass
class DirectorOverview:
    workers: list[WorkerCounts]
    areas: list[AreaCounts]


def director_overview(user: User, today: datetime.date) -> DirectorOverview:
    """Every worker's and every area's counts of what is due, in the user's scope: one grouped
    query per kind of deadline, then the workers and the areas named."""
    horizons = Horizons.on(today)
    by_worker: dict[int | None, Counts] = defaultdict(Counts)
    by_area: dict[int, Counts] = defaultdict(Counts)

    def tally(queryset: QuerySet[Any], worker_key: str, area_key: str, **counts: Any) -> None:
        grouped = (
            queryset.select_related(None).order_by().values(worker_key, area_key).annotate(**counts)
        )
        for row in grouped:
            for attribute in counts:
                for target in (by_worker[row[worker_key]], by_area[row[area_key]]):
                    setattr(target, attribute, getattr(target, attribute) + row[attribute])

    tally(
        interviews_due(user),
        "worker_id",
        AREA[Kind.INTERVIEWS],
        interviews_overdue=Count("pk", filter=Q(due_on__lt=today), distinct=True),
        interviews_week=Count(
            "pk", filter=Q(due_on__gte=today, due_on__lte=horizons.week_end), distinct=True
        ),
    )
    tally(
        updates_due(user, horizons),
        "current_worker_id",
        AREA[Kind.UPDATES],
        updates=Count("pk", distinct=True),
    )
    tally(
        reviews_due(user, horizons),
        "worker_id",
        AREA[Kind.REVIEWS],
        reviews=Count("pk", distinct=True),
    )
    tally(
        referrals_waiting(user, horizons),
        "sent_by_id",
        AREA[Kind.REFERRALS],
        referrals=Count("pk", distinct=True),
    )
    workers = {
        w.pk: w
        for w in User.objects.filter(
            Q(pk__in=[pk for pk in by_worker if pk is not None])
            | Q(role=Role.SOCIAL_WORKER, is_active=True)
        ).prefetch_related("areas")
    }
    rows = [
        WorkerCounts(worker=w, areas=[a.name for a in w.areas.all()], counts=by_worker[w.pk])
        for w in sorted(workers.values(), key=lambda w: (w.last_name, w.first_name, w.pk))
    ]
    if None in by_worker:
        rows.append(WorkerCounts(worker=None, areas=[], counts=by_worker[None]))
    areas = Area.objects.filter(pk__in=list(by_area)).order_by("name")
    return DirectorOverview(
        workers=rows, areas=[AreaCounts(area=a, counts=by_area[a.pk]) for a in areas]
    )


# ---------------------------------------------------------------------------------------------
# The persons a list shows, for its access event
# ---------------------------------------------------------------------------------------------


def persons_shown(rows: Iterable[DueRow | MyCaseRow], today: datetime.date) -> set[int]:
    """The current members of the families listed and the persons named on the rows."""
    household_ids: set[int] = set()
    person_ids: set[int] = set()
    for row in rows:
        household_ids.add(row.case.household_id)
        person_id = getattr(getattr(row, "record", None), "person_id", None)
        if person_id is not None:
            person_ids.add(person_id)
    if household_ids:
        person_ids.update(
            Membership.objects.current_on(today)
            .filter(household_id__in=household_ids)
            .values_list("person_id", flat=True)
        )
    return person_ids
