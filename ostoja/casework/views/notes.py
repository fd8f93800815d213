"""The records of social work: adding a note, reading it, its author changing it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.casework import policy as casework_policy
from ostoja.casework.access_kinds import NOTE_DETAIL
from ostoja.casework.forms.notes import NoteForm
from ostoja.casework.models import CaseFile, SocialWorkNote
from ostoja.casework.services import notes as services
from ostoja.casework.views.cases import case_header
from ostoja.casework.views.common import case_or_404, staff, visible_or_404
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.locking import ConflictError
from ostoja.core.policy import can
from ostoja.registry.models import Person
from ostoja.registry.views.common import add_service_errors, refresh_version, validated_field


def _members(case: CaseFile) -> QuerySet[Person]:
    """Everyone who has ever belonged to the family (the service checks the day)."""
    return (
        Person.objects.filter(memberships__household_id=case.household_id)
        .distinct()
        .order_by("surname", "first_names", "pk")
    )


@requires(Capability.CASEWORK_NOTES)
def note_add(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    user = staff(request)
    if not (can(user, casework_policy.NOTE_ADD, case) and can(user, casework_policy.EDIT, case)):
        raise PermissionDenied
    form = NoteForm(request.POST or None, members=_members(case))
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                note = services.note_create(actor=user, case=case, **form.note_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The note was saved."))
                return redirect("casework:note_detail", note_id=note.pk)
    page = case_header(request, case)
    record_access(
        request=request, person_ids=[m.person_id for m in page["members"]], what=NOTE_DETAIL
    )
    page.update(form=form, title=_("New record of social work"))
    return render(request, "casework/note_form.html", page)


@requires(Capability.CASEWORK_NOTES)
def note_detail(request: HttpRequest, note_id: int) -> HttpResponse:
    note = visible_or_404(request, SocialWorkNote, note_id)
    persons = list(note.persons.all())
    page = case_header(request, note.case)
    head = [page["head"].pk] if page["head"] else []
    record_access(request=request, person_ids=head + [p.pk for p in persons], what=NOTE_DETAIL)
    page.update(
        note=note,
        persons=persons,
        may_change=can(staff(request), casework_policy.NOTE_EDIT, note)
        and can(staff(request), casework_policy.EDIT, note.case),
    )
    return render(request, "casework/note_detail.html", page)


@requires(Capability.CASEWORK_NOTES)
def note_edit(request: HttpRequest, note_id: int) -> HttpResponseBase:
    note = visible_or_404(request, SocialWorkNote, note_id)
    user = staff(request)
    if not (
        can(user, casework_policy.NOTE_EDIT, note) and can(user, casework_policy.EDIT, note.case)
    ):
        raise PermissionDenied
    initial = {
        "version": note.version,
        "kind": note.kind,
        "occurred_on": note.occurred_on,
        "persons": list(note.persons.all()),
        "with_whom": note.with_whom,
        "what_was_done": note.what_was_done,
        "outcome": note.outcome,
        "next_step": note.next_step,
        "next_step_on": note.next_step_on,
        "confidential": note.confidential,
    }
    form = NoteForm(request.POST or None, initial=initial, members=_members(note.case))
    conflict = None
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                services.note_update(
                    actor=user,
                    note=note,
                    version=form.cleaned_data["version"] or 0,
                    **form.note_data(),
                )
            except ConflictError as error:
                conflict = error
                refresh_version(form, error.current_version)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("casework:note_detail", note_id=note.pk)
    page = case_header(request, note.case)
    record_access(
        request=request, person_ids=[m.person_id for m in page["members"]], what=NOTE_DETAIL
    )
    page.update(form=form, note=note, conflict=conflict, title=_("Change the note"))
    return render(request, "casework/note_form.html", page)
