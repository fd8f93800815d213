"""The applications' pages: the list by deadline, registering an application for a family, the
application's page, the download of its documents, and the small forms that change it (each a
page of its own: POST, then back to the application with a message)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.access_kinds import (
    APPLICATION_DETAIL,
    APPLICATION_LIST,
    APPLICATION_REGISTER,
    ATTACHMENT_DOWNLOAD,
)
from ostoja.benefits.forms.applications import (
    ApplicationBenefitsForm,
    ApplicationEditForm,
    ApplicationFilterForm,
    ApplicationRegisterForm,
    AttachmentForm,
    MemberFactsForm,
    PauseEndForm,
    PauseStartForm,
    WithdrawForm,
    benefits_initial,
    unbound_copy,
)
from ostoja.benefits.models import Application, Attachment, DeadlinePause
from ostoja.benefits.selectors import applications as selectors
from ostoja.benefits.services import applications as services
from ostoja.benefits.views.common import (
    application_or_404,
    asked_sort,
    readable_conflict,
    refuse_out_of_scope,
    sort_headers,
    staff,
    validated_field,
    visible_or_404,
)
from ostoja.core.access import requires
from ostoja.core.actions import actions_about
from ostoja.core.audit import record_access
from ostoja.core.exports import FORMATS, table_response
from ostoja.core.locking import ConflictError
from ostoja.core.policy import can, has_capability
from ostoja.core.tables import (
    EXPORT_LIMIT,
    PAGE_PARAM,
    SIZE_PARAM,
    Column,
    page_size,
    query_without,
)
from ostoja.core.text import fold
from ostoja.registry.views.common import add_service_errors, household_or_404, refresh_version

# The register form redraws the benefits of the act chosen (htmx, when the act changes).
REFRESH_HEADER = "X-Ostoja-Refresh"
# The stored file's type gives the downloaded name its extension.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
}


def _columns() -> list[Column]:
    return [
        Column(selectors.DEADLINE, _("KPA deadline"), ()),
        Column(selectors.APPLICANT, _("Applicant"), ()),
        Column(selectors.RECEIVED, _("Received"), ()),
        Column(selectors.STATE, _("State"), ()),
    ]


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------


@requires(Capability.BENEFITS_VIEW)
def application_list(request: HttpRequest) -> HttpResponseBase:
    """The section's landing page: my open applications by their deadline, overdue first; the
    filter shows any the user may see, by handler, state, act and benefit."""
    user = staff(request)
    today = timezone.localdate()
    form = ApplicationFilterForm(request.GET or None, user=user)
    filters = form.filters()
    key, descending = asked_sort(request.GET, selectors.SORT_KEYS)
    entries = selectors.sort_entries(
        selectors.list_entries(selectors.applications_filtered(user, filters), today=today),
        key=key,
        descending=descending,
    )
    if request.GET.get("format") in FORMATS:
        return _export(request, entries)
    page = Paginator(entries, page_size(request.GET)).get_page(request.GET.get(PAGE_PARAM))
    rows = selectors.list_rows(list(page.object_list))
    record_access(
        request=request, person_ids=selectors.list_person_ids(rows), what=APPLICATION_LIST
    )
    return render(
        request,
        "benefits/application_list.html",
        {
            "filter_form": form,
            "page": page,
            "rows": rows,
            "sort": sort_headers(request.GET, _columns(), key=key, descending=descending),
            "mine": filters["handler"] == user,
            "filtered": form.changed_from_default,
            "may_register": has_capability(user, Capability.BENEFITS_EDIT),
            "export_csv": query_without(request.GET, SIZE_PARAM, format="csv"),
            "export_xlsx": query_without(request.GET, SIZE_PARAM, format="xlsx"),
        },
    )


def _export(request: HttpRequest, entries: list[selectors.ListEntry]) -> HttpResponseBase:
    rows = selectors.list_rows(entries[:EXPORT_LIMIT])
    record_access(
        request=request, person_ids=selectors.list_person_ids(rows), what=APPLICATION_LIST
    )
    header = [
        _("family"),
        _("applicant"),
        _("act"),
        _("benefits asked for"),
        _("received on"),
        _("KPA deadline"),
        _("days left"),
        _("state"),
        _("handled by"),
    ]
    return table_response(
        [header, *(_export_row(row) for row in rows)],
        file_format=request.GET["format"],
        name=f"{slugify(fold(_('applications')))}-{timezone.localdate().isoformat()}",
    )


def _export_row(row: selectors.ListRow) -> list[Any]:
    application = row.application
    return [
        str(application.household),
        application.applicant.full_name,
        application.get_act_display(),
        ", ".join(str(item.get_benefit_display()) for item in application.requested.all()),
        application.received_on,
        row.deadline.due_on if row.deadline else None,
        row.deadline.days_left if row.deadline else None,
        application.get_state_display(),
        application.handled_by.get_full_name() or application.handled_by.username,
    ]


# ---------------------------------------------------------------------------------------------
# Registering
# ---------------------------------------------------------------------------------------------


@requires(Capability.BENEFITS_EDIT)
def application_register(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """A new application of the family (or proceedings opened ex officio): the act, what it
    asks for, when and how it came, who applies and who handles it."""
    household = household_or_404(request, household_id)
    user = staff(request)
    if not can(user, benefits_policy.REGISTER, household):
        raise PermissionDenied
    form = ApplicationRegisterForm(request.POST or None, household=household, user=user)
    template = "benefits/application_register.html"
    if request.method == "POST":
        if request.headers.get(REFRESH_HEADER) == "act":
            fresh = unbound_copy(form, household=household, user=user)
            return render(request, f"{template}#act_fields", {"form": fresh})
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                application = services.application_register(
                    actor=user, household=household, **form.application_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The application was registered."))
                return redirect("benefits:application_detail", application_id=application.pk)
    applicants = form.fields["applicant"].queryset  # type: ignore[attr-defined]
    members = list(applicants)
    record_access(request=request, person_ids=[p.pk for p in members], what=APPLICATION_REGISTER)
    return render(
        request,
        template,
        {
            "form": form,
            "household": household,
            "head": selectors.household_head(household, timezone.localdate()),
        },
    )


# ---------------------------------------------------------------------------------------------
# The application's page
# ---------------------------------------------------------------------------------------------


def application_header(request: HttpRequest, application: Application) -> dict[str, Any]:
    """What the header of the application and of its forms shows."""
    user = staff(request)
    today = timezone.localdate()
    members = selectors.members_on_receipt(application)
    pauses = selectors.pauses_of(application)
    return {
        "application": application,
        "household": application.household,
        "members": members,
        "head": selectors.head_of(members),
        "pauses": pauses,
        "open_pause": selectors.open_pause(pauses),
        "deadline": selectors.deadline_explained(application, pauses, today),
        "family_calendar": selectors.family_benefit_calendar(application),
        "today": today,
        "may_edit": can(user, benefits_policy.EDIT_APPLICATION, application),
    }


def _shown_person_ids(application: Application, page: dict[str, Any]) -> list[int]:
    return [application.applicant_id, *(m.person_id for m in page["members"])]


@requires(Capability.BENEFITS_VIEW)
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_or_404(request, application_id)
    user = staff(request)
    page = application_header(request, application)
    requested = selectors.requested_of(application)
    selectors.read_assessments_and_decisions(application)
    case_file = selectors.case_file_of(application)
    page.update(
        requested=requested,
        facts_rows=selectors.facts_rows(application, page["members"]),
        attachments=selectors.attachments_of(application),
        pause_rows=selectors.pause_rows(page["pauses"], page["today"]),
        interview_missing=selectors.interview_missing(application, requested),
        case_file=case_file,
        may_see_case=case_file is not None and has_capability(user, Capability.CASEWORK_VIEW),
        may_register=can(user, benefits_policy.REGISTER, application.household),
        actions=actions_about(application),
    )
    shown = _shown_person_ids(application, page) + selectors.decision_party_ids(application)
    record_access(request=request, person_ids=shown, what=APPLICATION_DETAIL)
    return render(request, "benefits/application_detail.html", page)


@requires(Capability.BENEFITS_VIEW)
def attachment_download(
    request: HttpRequest, application_id: int, attachment_id: int
) -> HttpResponseBase:
    """The document as it was attached, always downloaded (never shown in the page: a file
    from outside is not trusted to run in the application's origin), under a plain name."""
    attachment = visible_or_404(request, Attachment, attachment_id)
    if attachment.application_id != int(application_id):
        raise refuse_out_of_scope(request)
    application = attachment.application
    members = selectors.members_on_receipt(application)
    record_access(
        request=request,
        person_ids=[application.applicant_id, *(m.person_id for m in members)],
        what=ATTACHMENT_DOWNLOAD,
        details={"attachment": attachment.pk},
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(attachment),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download_name(attachment: Attachment) -> str:
    """An ASCII name from the document's description, its id and the extension of its type:
    never the party's own file name, which may carry data or characters a system mangles."""
    stem = slugify(fold(attachment.name))[:60].strip("-") or "dokument"
    return f"{stem}-{attachment.pk}{EXTENSIONS.get(attachment.content_type, '')}"


# ---------------------------------------------------------------------------------------------
# The small forms
# ---------------------------------------------------------------------------------------------


def _may_edit_or_403(request: HttpRequest, application: Application) -> None:
    if not can(staff(request), benefits_policy.EDIT_APPLICATION, application):
        raise PermissionDenied


def _form_page(
    request: HttpRequest,
    application: Application,
    *,
    form: forms.Form,
    save: Callable[[], Any],
    done: str,
    title: str,
    submit: str,
    template: str = "benefits/application_form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponseBase:
    """A small form on the application: validate, call the service once, back to the
    application's page; on an error the form comes back as it was filled."""
    _may_edit_or_403(request, application)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                save()
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("benefits:application_detail", application_id=application.pk)
    return _render_form(request, application, form, title, submit, template, extra)


def _render_form(
    request: HttpRequest,
    application: Application,
    form: forms.Form,
    title: str,
    submit: str,
    template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    page = application_header(request, application)
    record_access(
        request=request, person_ids=_shown_person_ids(application, page), what=APPLICATION_DETAIL
    )
    page.update(form=form, title=title, submit=submit, **(extra or {}))
    return render(request, template, page)


@requires(Capability.BENEFITS_EDIT)
def application_edit(request: HttpRequest, application_id: int) -> HttpResponseBase:
    """Change what was registered. The form carries the version it was opened with: a save
    over someone else's shows what they changed, with the user's values kept."""
    application = application_or_404(request, application_id)
    _may_edit_or_403(request, application)
    user = staff(request)
    form = ApplicationEditForm(request.POST or None, application=application)
    conflict = None
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            changes = form.changes()
            if not changes:
                messages.info(request, _("Nothing was changed."))
                return redirect("benefits:application_detail", application_id=application.pk)
            try:
                # A copy: the service sets the values on the instance before it checks them,
                # and the page's header must show what is saved.
                services.application_update(
                    actor=user,
                    application=selectors.application_get(user, application.pk),
                    base_version=form.cleaned_data["version"],
                    **changes,
                )
            except ConflictError as error:
                conflict = readable_conflict(error, Application)
                refresh_version(form, error.current_version)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("benefits:application_detail", application_id=application.pk)
    return _render_form(
        request,
        application,
        form,
        _("Change the application"),
        _("Save"),
        "benefits/application_form.html",
        {"conflict": conflict},
    )


@requires(Capability.BENEFITS_EDIT)
def application_benefits(request: HttpRequest, application_id: int) -> HttpResponseBase:
    application = application_or_404(request, application_id)
    user = staff(request)
    initial = benefits_initial(selectors.requested_of(application))
    form = ApplicationBenefitsForm(request.POST or None, act=application.act, initial=initial)
    return _form_page(
        request,
        application,
        form=form,
        save=lambda: services.application_benefits_set(
            actor=user, application=application, benefits=form.benefits_asked()
        ),
        done=_("The benefits asked for were saved."),
        title=_("Change the benefits asked for"),
        submit=_("Save"),
        template="benefits/application_benefits.html",
    )


@requires(Capability.BENEFITS_EDIT)
def member_facts(request: HttpRequest, application_id: int, person_id: int) -> HttpResponseBase:
    """What the application states about one member of the family on the day of receipt."""
    application = application_or_404(request, application_id)
    user = staff(request)
    members = selectors.members_on_receipt(application)
    person = next((m.person for m in members if m.person_id == int(person_id)), None)
    if person is None:
        raise refuse_out_of_scope(request)
    facts = application.member_facts.filter(person=person).first()
    form = MemberFactsForm(
        request.POST or None,
        application=application,
        person=person,
        others=[m.person for m in members],
        facts=facts,
    )
    return _form_page(
        request,
        application,
        form=form,
        save=lambda: services.member_facts_set(
            actor=user, application=application, person=person, facts=form.facts()
        ),
        done=_("The facts about %(person)s were saved.") % {"person": person.full_name},
        title=_("Facts stated about %(person)s") % {"person": person.full_name},
        submit=_("Save"),
    )


@requires(Capability.BENEFITS_EDIT)
def attachment_add(request: HttpRequest, application_id: int) -> HttpResponseBase:
    application = application_or_404(request, application_id)
    user = staff(request)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        application,
        form=form,
        save=lambda: services.attachment_add(
            actor=user,
            application=application,
            name=form.cleaned_data["name"],
            upload=form.cleaned_data["file"],
        ),
        done=_("The document was attached."),
        title=_("Attach a document"),
        submit=_("Attach"),
        extra={"multipart": True},
    )


@requires(Capability.BENEFITS_EDIT)
def pause_start(request: HttpRequest, application_id: int) -> HttpResponseBase:
    application = application_or_404(request, application_id)
    user = staff(request)
    form = PauseStartForm(request.POST or None)
    return _form_page(
        request,
        application,
        form=form,
        save=lambda: services.pause_start(
            actor=user,
            application=application,
            kind=form.cleaned_data["kind"],
            starts_on=form.cleaned_data["starts_on"],
            note=form.cleaned_data["note"],
        ),
        done=_("The deadline is stopped."),
        title=_("Stop the deadline"),
        submit=_("Stop the deadline"),
        template="benefits/application_pause.html",
    )


@requires(Capability.BENEFITS_EDIT)
def pause_end(request: HttpRequest, application_id: int, pause_id: int) -> HttpResponseBase:
    application = application_or_404(request, application_id)
    pause = visible_or_404(request, DeadlinePause, pause_id)
    if pause.application_id != application.pk:
        raise refuse_out_of_scope(request)
    user = staff(request)
    form = PauseEndForm(request.POST or None)
    return _form_page(
        request,
        application,
        form=form,
        save=lambda: services.pause_end(
            actor=user, pause=pause, ends_on=form.cleaned_data["ends_on"]
        ),
        done=_("The deadline runs again."),
        title=_("End the period not counted: %(kind)s from %(day)s")
        % {"kind": pause.get_kind_display(), "day": f"{pause.starts_on:%d.%m.%Y}"},
        submit=_("End the period"),
        template="benefits/application_pause.html",
    )


@requires(Capability.BENEFITS_EDIT)
def application_withdraw(request: HttpRequest, application_id: int) -> HttpResponseBase:
    application = application_or_404(request, application_id)
    user = staff(request)
    form = WithdrawForm(request.POST or None)
    return _form_page(
        request,
        application,
        form=form,
        save=lambda: services.application_withdraw(
            actor=user, application=application, withdrawn_on=form.cleaned_data["withdrawn_on"]
        ),
        done=_("The withdrawal of the application was recorded."),
        title=_("Withdrawal of the application"),
        submit=_("Record the withdrawal"),
        template="benefits/application_withdraw.html",
    )
