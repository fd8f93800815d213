"""Reads of the applications for the benefits' pages: the list by deadline, one application with
what its page shows, and the applications' entries on the case's timeline. Every query starts
from the access policy (`visible_to`).

The list's deadlines are computed here, in Python, from the workdays calendar and the recorded
pauses (art. 35 § 5 k.p.a.): they cannot be ordered in SQL. So the list reads its filtered rows
slim (a few columns, one query, the pauses in one more), sorts them, and reads in full only the
rows of the page shown.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from ostoja.accounts.models import User
from ostoja.benefits import deadlines
from ostoja.benefits.catalogue import Act, spec
from ostoja.benefits.deadlines import (
    COMPLICATED_SETTLEMENT_MONTHS,
    DeadlineView,
    Pause,
    settlement_calendar_end,
    settlement_due_on,
    settlement_months,
)
from ostoja.benefits.models import (
    OPEN_APPLICATION_STATES,
    Application,
    ApplicationState,
    Attachment,
    DeadlinePause,
    MemberFacts,
    RequestedBenefit,
)
from ostoja.benefits.periods import benefit_period_of, benefit_period_start_on
from ostoja.casework.models import CaseFile, Interview, InterviewKind
from ostoja.casework.models.interviews import INTERVIEW_FIXED_STATES
from ostoja.casework.timeline import TimelineEntry, register_timeline_source
from ostoja.core.policy import visible_to
from ostoja.core.text import polish_sort_key
from ostoja.core.workdays import next_working_day
from ostoja.registry.models import Household, Membership, Person, Relation
from ostoja.rules.catalogues import BENEFITS_RECEIVED

APPLICATION_KIND = gettext_lazy("Application")

# The list's sortable columns (the `?sortuj=` keys), the first being the default.
DEADLINE, APPLICANT, RECEIVED, STATE = "termin", "wnioskodawca", "wplyw", "stan"
SORT_KEYS = (DEADLINE, APPLICANT, RECEIVED, STATE)
_STATE_ORDER = {state: index for index, state in enumerate(ApplicationState.values)}

# The supplements of the family allowance a child is entitled to on their own (art. 9, 14 and
# 15 u.ś.r.), by the rules' ids (`ostoja.rules.swiadczenia_rodzinne.zasilek_rodzinny.NA_DZIECKO`).
CHILD_SUPPLEMENTS: dict[str, StrOrPromise] = {
    "urodzenie_dziecka": gettext_lazy("supplement for the birth of a child (art. 9 u.ś.r.)"),
    "rozpoczecie_roku_szkolnego": gettext_lazy(
        "supplement for the start of the school year (art. 14 u.ś.r.)"
    ),
    "nauka_poza_miejscem_zamieszkania_zamieszkanie": gettext_lazy(
        "supplement for schooling away from home: living where the school is (art. 15 u.ś.r.)"
    ),
    "nauka_poza_miejscem_zamieszkania_dojazd": gettext_lazy(
        "supplement for schooling away from home: travel to the school (art. 15 u.ś.r.)"
    ),
}
# The supplements of the whole family (art. 10, 11a, 12a and 13 u.ś.r.), asked for by the
# applicant, by the rules' ids (`ostoja.rules.swiadczenia_rodzinne.zasilek_rodzinny.RODZINNE`):
# the assessment takes each once for the family, from whichever member's facts state it.
FAMILY_SUPPLEMENTS: dict[str, StrOrPromise] = {
    "opieka_w_okresie_urlopu_wychowawczego": gettext_lazy(
        "supplement for childcare during parental leave (art. 10 u.ś.r.)"
    ),
    "samotne_wychowywanie": gettext_lazy(
        "supplement for bringing up a child alone (art. 11a u.ś.r.)"
    ),
    "wielodzietnosc": gettext_lazy(
        "supplement for bringing up a child in a large family (art. 12a u.ś.r.)"
    ),
    "ksztalcenie_rehabilitacja": gettext_lazy(
        "supplement for the education and rehabilitation of a disabled child (art. 13 u.ś.r.)"
    ),
}
SUPPLEMENT_LABELS = {**FAMILY_SUPPLEMENTS, **CHILD_SUPPLEMENTS}
# How the list of documents names the types the service accepts.
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
}

# The kinds of interview that are the environmental interview of art. 107 u.p.s. that art. 106
# ust. 4 asks for: the full one and its update. The family-benefits interview and the records
# of a refused or impossible one are not.
_INTERVIEWS_OF_ART_107 = (InterviewKind.FULL, InterviewKind.UPDATE)


# ---------------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------------


def _usable_pauses(received_on: datetime.date, pauses: Iterable[Pause]) -> list[Pause]:
    """The pauses as `settlement_due_on` accepts them. A pause that begins before the day of
    receipt (the day corrected after the pause was recorded) would make it refuse the whole
    term: it is cut at the day of receipt, whose days never count anyway (the term runs from
    the day after it), and one that ended before that day is left out."""
    usable: list[Pause] = []
    for first, last in pauses:
        if last is not None and last < received_on:
            continue
        usable.append((max(first, received_on), last))
    return usable


def deadline_of(
    *,
    received_on: datetime.date,
    complicated: bool,
    state: str,
    pauses: Iterable[Pause],
    today: datetime.date,
) -> DeadlineView | None:
    """The settlement deadline of an open application as the pages show it on `today`; None
    for one settled or withdrawn, whose term no longer runs."""
    if state not in OPEN_APPLICATION_STATES:
        return None
    usable = _usable_pauses(received_on, pauses)
    due = settlement_due_on(
        received_on=received_on, complicated=complicated, pauses=usable, today=today
    )
    paused = any(last is None for _first, last in usable)
    return DeadlineView(due_on=due, today=today, paused=paused)


def days_not_counted(
    *,
    received_on: datetime.date,
    complicated: bool,
    pauses: Iterable[Pause],
    today: datetime.date,
) -> int:
    """The calendar days the recorded pauses add to the term (art. 35 § 5 k.p.a.), as
    `ostoja.benefits.deadlines.days_not_counted` counts them, from the pauses cut at the day of
    receipt as `deadline_of` cuts them. The page explains the deadline with it ("N days not
    counted")."""
    return deadlines.days_not_counted(
        received_on=received_on,
        complicated=complicated,
        pauses=_usable_pauses(received_on, pauses),
        today=today,
    )


@dataclass(frozen=True)
class DeadlineExplained:
    """The deadline with the reasons for its day, for the application's header."""

    view: DeadlineView
    months: int
    days_not_counted: int
    # The end fell on a Saturday or a day free from work and moved on (art. 57 § 4 k.p.a.).
    moved_off_free_day: bool
    # The end fell within a period not counted that began after the term had run out, and
    # moved to the first working day after it (see `settlement_due_on`).
    moved_past_pause: bool

    @property
    def reasons(self) -> list[str]:
        if self.months == COMPLICATED_SETTLEMENT_MONTHS:
            parts = [
                _(
                    "two months from the day of receipt, a particularly complicated case "
                    "(art. 35 § 3 k.p.a.)"
                )
            ]
        else:
            parts = [_("one month from the day of receipt (art. 35 § 3 k.p.a.)")]
        if self.days_not_counted:
            parts.append(
                _("days not counted (art. 35 § 5 k.p.a.): %(days)d")
                % {"days": self.days_not_counted}
            )
        if self.moved_off_free_day:
            parts.append(_("the end moved to the next working day (art. 57 § 4 k.p.a.)"))
        if self.moved_past_pause:
            parts.append(_("the end moved past a period not counted (art. 35 § 5 k.p.a.)"))
        return parts


def deadline_explained(
    application: Application, pauses: Sequence[DeadlinePause], today: datetime.date
) -> DeadlineExplained | None:
    """The application's deadline on `today` with the reasons for its day; None when its term
    no longer runs."""
    dated = [(p.starts_on, p.ends_on) for p in pauses]
    view = deadline_of(
        received_on=application.received_on,
        complicated=application.complicated,
        state=application.state,
        pauses=dated,
        today=today,
    )
    if view is None:
        return None
    skipped = days_not_counted(
        received_on=application.received_on,
        complicated=application.complicated,
        pauses=dated,
        today=today,
    )
    calendar_end = settlement_calendar_end(
        received_on=application.received_on, complicated=application.complicated
    )
    plain_end = calendar_end + datetime.timedelta(days=skipped)
    working_end = next_working_day(plain_end)
    return DeadlineExplained(
        view=view,
        months=settlement_months(complicated=application.complicated),
        days_not_counted=skipped,
        moved_off_free_day=working_end != plain_end,
        moved_past_pause=view.due_on != working_end,
    )


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListEntry:
    """One application of the list as it is sorted, before its row is read in full."""

    pk: int
    received_on: datetime.date
    state: str
    applicant: tuple[tuple[int, ...], str]
    deadline: DeadlineView | None


@dataclass(frozen=True)
class ListRow:
    application: Application
    deadline: DeadlineView | None


def applications_filtered(user: User, filters: Mapping[str, Any]) -> QuerySet[Application]:
    """The applications the user sees, filtered by `handler` (a user), `states` (codes),
    `act` and `benefit` (codes); a filter left empty does not filter."""
    applications: QuerySet[Application] = visible_to(user, Application)
    handler = filters.get("handler")
    if handler is not None:
        applications = applications.filter(handled_by=handler)
    states = filters.get("states")
    if states:
        applications = applications.filter(state__in=states)
    act = filters.get("act")
    if act:
        applications = applications.filter(act=act)
    benefit = filters.get("benefit")
    if benefit:
        asking = RequestedBenefit.objects.filter(benefit=benefit).values("application_id")
        applications = applications.filter(pk__in=asking)
    return applications


def _pauses_of(applications: QuerySet[Application]) -> dict[int, list[Pause]]:
    rows = DeadlinePause.objects.filter(application__in=applications.values("pk")).values_list(
        "application_id", "starts_on", "ends_on"
    )
    pauses: dict[int, list[Pause]] = defaultdict(list)
    for application_id, starts_on, ends_on in rows:
        pauses[application_id].append((starts_on, ends_on))
    return pauses


def list_entries(applications: QuerySet[Application], *, today: datetime.date) -> list[ListEntry]:
    """Every filtered application with its deadline, from two queries whatever their number."""
    pauses = _pauses_of(applications)
    rows = applications.order_by().values_list(
        "pk", "received_on", "complicated", "state", "applicant__surname", "applicant__first_names"
    )
    return [
        ListEntry(
            pk=pk,
            received_on=received_on,
            state=state,
            applicant=polish_sort_key(f"{surname} {first_names}"),
            deadline=deadline_of(
                received_on=received_on,
                complicated=complicated,
                state=state,
                pauses=pauses.get(pk, ()),
                today=today,
            ),
        )
        for pk, received_on, complicated, state, surname, first_names in rows
    ]


def sort_entries(entries: Iterable[ListEntry], *, key: str, descending: bool) -> list[ListEntry]:
    """The entries in the order of a column. By the deadline: the open applications by their
    due day (so the overdue come first, ascending), then those whose term no longer runs, the
    latest received first, in either direction."""
    entries = list(entries)
    if key == DEADLINE:
        running = [e for e in entries if e.deadline is not None]
        ended = [e for e in entries if e.deadline is None]
        running.sort(key=_by_due_day, reverse=descending)
        ended.sort(key=lambda e: (e.received_on, e.pk), reverse=True)
        return running + ended
    if key == APPLICANT:
        return sorted(entries, key=lambda e: (e.applicant, e.pk), reverse=descending)
    if key == STATE:
        return sorted(
            entries, key=lambda e: (_STATE_ORDER.get(e.state, 99), e.pk), reverse=descending
        )
    if key == RECEIVED:
        return sorted(entries, key=lambda e: (e.received_on, e.pk), reverse=descending)
    raise ValueError(f"not a column of the list: {key!r}")


def _by_due_day(entry: ListEntry) -> tuple[datetime.date, int]:
    assert entry.deadline is not None
    return entry.deadline.due_on, entry.pk


def list_rows(entries: Sequence[ListEntry]) -> list[ListRow]:
    """The entries' applications read in full (one query, one more for what they ask for),
    in the entries' order."""
    ids = [entry.pk for entry in entries]
    applications = Application.objects.filter(pk__in=ids).select_related(
        "household", "applicant", "handled_by"
    )
    found = {
        application.pk: application
        for application in applications.prefetch_related(
            Prefetch("requested", queryset=RequestedBenefit.objects.order_by("pk"))
        )
    }
    return [ListRow(found[e.pk], e.deadline) for e in entries if e.pk in found]


def list_person_ids(rows: Iterable[ListRow]) -> list[int]:
    """The persons a page of the list shows: the applicants."""
    return [row.application.applicant_id for row in rows]


# ---------------------------------------------------------------------------------------------
# One application
# ---------------------------------------------------------------------------------------------


def application_get(user: User, application_id: int) -> Application:
    """The application if the user may see it (`Application.DoesNotExist` otherwise), with
    what its header shows."""
    applications: QuerySet[Application] = visible_to(user, Application)
    return applications.select_related(
        "household", "household__area", "applicant", "handled_by", "registered_by"
    ).get(pk=application_id)


def members_on_receipt(application: Application) -> list[Membership]:
    """The family on the day of receipt, the head first, then by name: the members whose facts
    the application states."""
    memberships = (
        Membership.objects.current_on(application.received_on)
        .filter(household_id=application.household_id)
        .select_related("person")
    )
    return sorted(
        memberships,
        key=lambda m: (
            m.relation != Relation.APPLICANT,
            polish_sort_key(f"{m.person.surname} {m.person.first_names}"),
            m.pk,
        ),
    )


def head_of(members: Iterable[Membership]) -> Person | None:
    return next((m.person for m in members if m.relation == Relation.APPLICANT), None)


def household_head(household: Household, day: datetime.date) -> Person | None:
    """The head of the family on the day."""
    head = (
        Membership.objects.current_on(day)
        .filter(household=household, relation=Relation.APPLICANT)
        .select_related("person")
        .first()
    )
    return head.person if head is not None else None


@dataclass(frozen=True)
class FactsRow:
    """One member of the family on the day of receipt and what the application states about
    them, with the codes it stores in words."""

    membership: Membership
    facts: MemberFacts | None
    # On the day of receipt.
    age: int
    received: list[str]
    supplements: list[str]
    cares_for: list[str]

    @property
    def person(self) -> Person:
        return self.membership.person


def facts_rows(application: Application, members: Sequence[Membership]) -> list[FactsRow]:
    """Each member of the family on the day of receipt with what the application states about
    them (None where nothing is recorded yet)."""
    stated = {facts.person_id: facts for facts in application.member_facts.all()}
    names = {m.person_id: m.person.full_name for m in members}
    day = application.received_on
    rows = []
    for membership in members:
        facts = stated.get(membership.person_id)
        rows.append(
            FactsRow(
                membership=membership,
                facts=facts,
                age=membership.person.age_on(day),
                received=_labels(facts.benefits_received if facts else [], BENEFITS_RECEIVED),
                supplements=_labels(facts.supplements if facts else [], SUPPLEMENT_LABELS),
                cares_for=[
                    names.get(int(pk), str(pk)) for pk in (facts.cares_for if facts else [])
                ],
            )
        )
    return rows


def _labels(codes: Iterable[str], labels: Mapping[str, StrOrPromise]) -> list[str]:
    return [str(labels.get(code, code)) for code in codes or []]


def requested_of(application: Application) -> list[RequestedBenefit]:
    return list(application.requested.order_by("pk"))


@dataclass(frozen=True)
class AttachmentRow:
    attachment: Attachment
    type_label: str


def attachments_of(application: Application) -> list[AttachmentRow]:
    attachments = application.attachments.select_related("uploaded_by").order_by(
        "uploaded_at", "pk"
    )
    return [
        AttachmentRow(a, DOCUMENT_TYPES.get(a.content_type, a.content_type)) for a in attachments
    ]


def pauses_of(application: Application) -> list[DeadlinePause]:
    return list(application.pauses.select_related("recorded_by").order_by("starts_on", "pk"))


@dataclass(frozen=True)
class PauseRow:
    pause: DeadlinePause
    # Its days up to today, both ends counted (an open pause: so far).
    days: int


def pause_rows(pauses: Iterable[DeadlinePause], today: datetime.date) -> list[PauseRow]:
    return [PauseRow(pause, pause.days_on(today)) for pause in pauses]


def open_pause(pauses: Iterable[DeadlinePause]) -> DeadlinePause | None:
    return next((pause for pause in pauses if pause.ends_on is None), None)


def case_file_of(application: Application) -> CaseFile | None:
    return CaseFile.objects.filter(household_id=application.household_id).first()


def interview_missing(application: Application, requested: Iterable[RequestedBenefit]) -> bool:
    """A benefit asked for needs an environmental interview before the decision (art. 106
    ust. 4 u.p.s.) and the family has no completed one (completed, signed or closed). Whether
    the one it has is recent enough is the assessment's question (art. 107 ust. 4)."""
    if not any(spec(item.benefit).needs_interview for item in requested):
        return False
    completed = Interview.objects.filter(
        case__household_id=application.household_id,
        kind__in=_INTERVIEWS_OF_ART_107,
        state__in=INTERVIEW_FIXED_STATES,
    )
    return not completed.exists()


def read_assessments_and_decisions(application: Application) -> None:
    """Read the application's assessments and decisions (with their lines) into it, for the
    sections that list them: two queries, three with the lines, whatever their number."""
    prefetch_related_objects([application], "assessments", "decisions__lines")


def decision_party_ids(application: Application) -> list[int]:
    return [decision.party_id for decision in application.decisions.all()]


# ---------------------------------------------------------------------------------------------
# The case's timeline
# ---------------------------------------------------------------------------------------------


def _title(application: Application) -> str:
    return _("Application of %(day)s") % {"day": f"{application.received_on:%d.%m.%Y}"}


def timeline(case: Any, user: Any) -> list[TimelineEntry]:
    """The family's applications ("Wniosek z dnia …") on the case's timeline, for a user who
    sees them."""
    applications: QuerySet[Application] = visible_to(user, Application)
    found = (
        applications.filter(household_id=case.household_id)
        .prefetch_related(Prefetch("requested", queryset=RequestedBenefit.objects.order_by("pk")))
        .order_by("received_on", "pk")
    )
    return [
        TimelineEntry(
            on=application.received_on,
            kind=str(APPLICATION_KIND),
            title=_title(application),
            summary=", ".join(
                str(item.get_benefit_display()) for item in application.requested.all()
            ),
            url=reverse("benefits:application_detail", args=[application.pk]),
            at=application.created_at,
            state=str(application.get_state_display()),
            person_ids=(application.applicant_id,),
        )
        for application in found
    ]


# The applications register on the case's timeline when this module is first imported (the
# benefits' URLs import it, so before any page is served).
register_timeline_source("benefits.applications", timeline)


@dataclass(frozen=True)
class FamilyBenefitCalendar:
    """When the act wants a family-benefit application settled and paid (art. 26 u.ś.r.)."""

    period_start: datetime.date
    period_end: datetime.date
    first_month: datetime.date
    due_on: datetime.date


def family_benefit_calendar(application: Application) -> FamilyBenefitCalendar | None:
    """For an application under the Family Benefits Act: the benefit period it is for (the one
    stated, else the one of the day of receipt), the first month of the right (art. 24 ust. 2)
    and the day by which the right is established and paid (art. 26,
    `deadlines.family_benefit_payment_due_on`). None for social assistance, or where the act's
    calendar does not cover the period (before 2011/2012) or the period ended before receipt."""
    if application.act != Act.FAMILY_BENEFITS:
        return None
    start = application.benefit_period_start or benefit_period_start_on(application.received_on)
    try:
        due_on = deadlines.family_benefit_payment_due_on(
            received_on=application.received_on, period_start=start
        )
        first_month = deadlines.family_benefit_first_month(
            received_on=application.received_on, period_start=start
        )
    except ValueError:
        return None
    return FamilyBenefitCalendar(
        period_start=start,
        period_end=benefit_period_of(start)[1],
        first_month=first_month,
        due_on=due_on,
    )
