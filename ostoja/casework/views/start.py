"""The deadlines list (the start panels' "see all" page) and the quick note of the start page."""

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import CAPABILITIES, Capability, Role
from ostoja.casework import access_kinds
from ostoja.casework.models import CaseFile, NoteKind
from ostoja.casework.policy import NOTE_ADD, SUPERVISE
from ostoja.casework.selectors import start as selectors
from ostoja.casework.selectors.start import DueRow, Horizons, Kind
from ostoja.casework.services.notes import note_create
from ostoja.casework.views.common import staff
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.collation import polish
from ostoja.core.exports import FORMATS
from ostoja.core.policy import can
from ostoja.core.tables import Column, Table
from ostoja.core.text import fold
from ostoja.registry.views.common import add_service_errors

KIND_LABELS = {
    Kind.INTERVIEWS: gettext_lazy("Interviews"),
    Kind.UPDATES: gettext_lazy("Updates of interviews"),
    Kind.REVIEWS: gettext_lazy("Reviews of contracts"),
    Kind.REFERRALS: gettext_lazy("Referrals without feedback"),
}
OVERDUE = "po_terminie"
THIS_WEEK = "tydzien"

# ---------------------------------------------------------------------------------------------
# The quick note
# ---------------------------------------------------------------------------------------------


class QuickNoteForm(forms.Form):
    case = forms.TypedChoiceField(label=gettext_lazy("family"), coerce=int)
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=NoteKind.choices)
    occurred_on = forms.DateField(
        label=gettext_lazy("date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    what_was_done = forms.CharField(
        label=gettext_lazy("what was done"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, cases: Sequence[CaseFile], **kwargs: Any) -> None:
        """`cases`: the open cases the user leads, already read (the start page has them)."""
        kwargs.setdefault("prefix", "notatka")
        super().__init__(*args, **kwargs)
        self.cases = {case.pk: case for case in cases}
        field = self.fields["case"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "---------"), *((c.pk, str(c.household)) for c in cases)]

    def clean_case(self) -> CaseFile:
        return self.cases[self.cleaned_data["case"]]


def quick_note_form(
    user: User,
    today: datetime.date,
    data: Any = None,
    cases: Sequence[CaseFile] | None = None,
) -> QuickNoteForm:
    """The quick note over the open cases the user leads (read here unless given)."""
    if cases is None:
        cases = list(selectors.my_cases(user, today))
    return QuickNoteForm(data, cases=cases, initial={"occurred_on": today, "kind": NoteKind.VISIT})


@require_POST
@requires(Capability.CASEWORK_NOTES)
def quick_note(request: HttpRequest) -> HttpResponseBase:
    """A note from the start page: the family, the kind, the day and what was done. On an
    error the form comes back with everything typed and the message on its field."""
    user = staff(request)
    if not can(user, NOTE_ADD):
        raise PermissionDenied
    today = timezone.localdate()
    form = quick_note_form(user, today, request.POST)
    htmx = bool(getattr(request, "htmx", False))
    if form.is_valid():
        try:
            note_create(
                actor=user,
                case=form.cleaned_data["case"],
                kind=form.cleaned_data["kind"],
                occurred_on=form.cleaned_data["occurred_on"],
                what_was_done=form.cleaned_data["what_was_done"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("The note is saved.")
            if htmx:
                fresh = quick_note_form(user, today)
                context = {"quick_note_form": fresh, "saved_message": message}
                return render(request, "casework/_start_quick_note.html", context)
            messages.success(request, message)
            return redirect("registry:home")
    template = "casework/_start_quick_note.html" if htmx else "casework/start_quick_note.html"
    return render(request, template, {"quick_note_form": form, "nav": "casework"})


# ---------------------------------------------------------------------------------------------
# The deadlines list
# ---------------------------------------------------------------------------------------------


class DeadlineFilterForm(forms.Form):
    rodzaj = forms.ChoiceField(
        label=gettext_lazy("deadlines"),
        choices=list(KIND_LABELS.items()),
        required=False,
    )
    pracownik = forms.ModelChoiceField(
        label=gettext_lazy("social worker"), queryset=User.objects.none(), required=False
    )
    rejon = forms.ModelChoiceField(
        label=gettext_lazy("area"), queryset=Area.objects.none(), required=False
    )
    stan = forms.ChoiceField(
        label=gettext_lazy("interviews"),
        choices=[
            ("", gettext_lazy("all")),
            (OVERDUE, gettext_lazy("overdue")),
            (THIS_WEEK, gettext_lazy("due within a week")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, supervisor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = self.fields["pracownik"]
        areas = self.fields["rejon"]
        assert isinstance(workers, forms.ModelChoiceField)
        assert isinstance(areas, forms.ModelChoiceField)
        areas.queryset = Area.objects.order_by("name")
        if supervisor:
            # Who may lead social work: the roles with CASEWORK_EDIT.
            leading = [role for role in Role if Capability.CASEWORK_EDIT in CAPABILITIES[role]]
            workers.queryset = User.objects.filter(is_active=True, role__in=leading).order_by(
                "last_name", "first_name"
            )
        else:
            del self.fields["pracownik"]


_WORKER_FIELD = {
    Kind.INTERVIEWS: "worker_id",
    Kind.UPDATES: "current_worker_id",
    Kind.REVIEWS: "worker_id",
    Kind.REFERRALS: "sent_by_id",
}
_CASE_PATH = {
    Kind.INTERVIEWS: "case__",
    Kind.UPDATES: "",
    Kind.REVIEWS: "case__",
    Kind.REFERRALS: "case__",
}
_DUE_ORDER = {
    Kind.INTERVIEWS: "due_on",
    Kind.UPDATES: "sort_last",
    Kind.REVIEWS: "sort_due",
    Kind.REFERRALS: "sent_on",
}


def _deadline_rows(
    user: User, kind: str, filters: dict[str, Any], horizons: Horizons
) -> QuerySet[Any]:
    queryset: QuerySet[Any]
    if kind == Kind.UPDATES:
        queryset = selectors.updates_due(user, horizons)
    elif kind == Kind.REVIEWS:
        queryset = selectors.reviews_due(user, horizons)
    elif kind == Kind.REFERRALS:
        queryset = selectors.referrals_waiting(user, horizons)
    else:
        queryset = selectors.interviews_due(user)
        if filters.get("stan") == OVERDUE:
            queryset = queryset.filter(due_on__lt=horizons.today)
        elif filters.get("stan") == THIS_WEEK:
            queryset = queryset.filter(due_on__gte=horizons.today, due_on__lte=horizons.week_end)
    worker = filters.get("pracownik")
    if worker is not None:
        queryset = queryset.filter(**{_WORKER_FIELD[kind]: worker.pk})
    area = filters.get("rejon")
    if area is not None:
        queryset = queryset.filter(**{f"{_CASE_PATH[kind]}household__area_id": area.pk})
    return queryset


def _columns(kind: str) -> list[Column]:
    household = f"{_CASE_PATH[kind]}household__"
    address = (polish(f"{household}town"), polish(f"{household}street"))
    return [
        Column("termin", gettext_lazy("Due on"), (_DUE_ORDER[kind],)),
        Column("rodzina", gettext_lazy("Family"), address),
        Column("rejon", gettext_lazy("Area"), (polish(f"{household}area__name"),), then=address),
    ]


def _rows(kind: str, records: Any, today: datetime.date) -> list[DueRow]:
    if kind == Kind.UPDATES:
        return selectors.update_rows(records, today)
    if kind == Kind.REVIEWS:
        return selectors.review_rows(records, today)
    if kind == Kind.REFERRALS:
        return selectors.referral_rows(records, today)
    return selectors.interview_rows(records, today)


@requires(Capability.CASEWORK_EDIT)
def deadlines(request: HttpRequest) -> HttpResponseBase:
    """Every deadline of one kind, filtered by worker (the director) and area, sorted, paged
    and exported. A social worker sees her own; the director everyone's."""
    user = staff(request)
    supervisor = can(user, SUPERVISE)
    today = timezone.localdate()
    horizons = Horizons.on(today)
    form = DeadlineFilterForm(request.GET, supervisor=supervisor)
    filters: dict[str, Any] = dict(form.cleaned_data) if form.is_valid() else {}
    kind = filters.get("rodzaj") or Kind.INTERVIEWS
    if not supervisor:
        filters["pracownik"] = user
    queryset = _deadline_rows(user, kind, filters, horizons)
    table = Table(request.GET, queryset, columns=_columns(kind), default="termin")
    what = access_kinds.DIRECTOR_START if supervisor else access_kinds.WORKER_START
    if request.GET.get("format") in FORMATS:
        rows = _rows(kind, table.export_rows(), today)
        record_access(request=request, person_ids=selectors.persons_shown(rows, today), what=what)
        return _export(rows, kind, request.GET["format"], today)
    page = table.page
    rows = _rows(kind, page.object_list, today)
    record_access(request=request, person_ids=selectors.persons_shown(rows, today), what=what)
    context = {
        "nav": "casework",
        "form": form,
        "table": table,
        "page": page,
        "rows": rows,
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "kinds": list(KIND_LABELS.items()),
        "supervisor": supervisor,
        "today": today,
    }
    return render(request, "casework/deadlines.html", context)


def _export(
    rows: list[DueRow], kind: str, file_format: str, today: datetime.date
) -> HttpResponseBase:
    header = [
        _("deadline"),
        _("due on"),
        _("working days left"),
        _("status"),
        _("family"),
        _("area"),
        _("social worker"),
        _("case no."),
    ]
    return Table.export(
        rows,
        header=header,
        row=lambda r: [
            str(KIND_LABELS[kind]),
            r.due_on.strftime("%d.%m.%Y") if r.due_on else "",
            "" if r.days_left is None else r.days_left,
            str(r.status.label),
            str(r.case.household),
            r.case.household.area.name,
            str(r.worker) if r.worker else "",
            r.case.pk,
        ],
        file_format=file_format,
        name=f"{slugify(fold(str(KIND_LABELS[kind])))}-{today.isoformat()}",
    )
