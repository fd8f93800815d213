"""The directory of institutions: the list (filters, sorting, pages, export), an institution's
page with the referrals to it the user may see, adding, changing, deactivating."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.exports import FORMATS
from ostoja.core.locking import ConflictError
from ostoja.core.policy import can
from ostoja.core.tables import Table
from ostoja.core.text import fold
from ostoja.partners import policy as partners_policy
from ostoja.partners import selectors, services
from ostoja.partners.forms import InstitutionFilterForm, InstitutionForm
from ostoja.partners.models import Institution
from ostoja.registry.views.common import add_service_errors, refresh_version, validated_field

# The access-log kind of the referrals an institution's page lists (social work's code).
REFERRAL_ACCESS = "casework.referral"


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _institution_or_404(request: HttpRequest, institution_id: int) -> Institution:
    try:
        return selectors.institution_get(_staff(request), institution_id)
    except Institution.DoesNotExist as error:
        raise Http404 from error


@requires(Capability.PARTNERS_VIEW)
def institution_list(request: HttpRequest) -> HttpResponseBase:
    user = _staff(request)
    form = InstitutionFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    table = Table(
        request.GET,
        selectors.institution_list(user, filters),
        columns=selectors.institution_columns(),
        default="nazwa",
    )
    if request.GET.get("format") in FORMATS:
        return _export(request, table)
    return render(
        request,
        "partners/institution_list.html",
        {
            "table": table,
            "institutions": table.page,
            "filter_form": form,
            "filtered": any(filters.values()),
            "may_edit": can(user, partners_policy.EDIT),
        },
    )


def _export(request: HttpRequest, table: Table) -> HttpResponseBase:
    header = [
        _("name"),
        _("kind"),
        _("NIP"),
        _("REGON"),
        _("KRS number"),
        _("postcode"),
        _("town"),
        _("street"),
        _("house number"),
        _("phone"),
        _("e-mail"),
        _("contact person"),
        _("active"),
    ]
    return Table.export(
        table.export_rows(),
        header=header,
        row=lambda i: [
            i.name,
            str(i.get_kind_display()),
            i.nip,
            i.regon,
            i.krs,
            i.postcode,
            i.town,
            i.street,
            "/".join(p for p in (i.house_number, i.flat_number) if p),
            i.phone,
            i.email,
            i.contact_person,
            _("yes") if i.active else _("no"),
        ],
        file_format=request.GET["format"],
        name=f"{slugify(fold(_('institutions')))}-{timezone.localdate().isoformat()}",
    )


@requires(Capability.PARTNERS_VIEW)
def institution_detail(request: HttpRequest, institution_id: int) -> HttpResponse:
    user = _staff(request)
    institution = _institution_or_404(request, institution_id)
    referrals = list(selectors.referrals_to(user, institution)[:50])
    if referrals:
        record_access(
            request=request,
            person_ids=sorted({r.person_id for r in referrals}),
            what=REFERRAL_ACCESS,
        )
    return render(
        request,
        "partners/institution_detail.html",
        {
            "institution": institution,
            "referrals": referrals,
            "may_edit": can(user, partners_policy.EDIT, institution),
        },
    )


def _form_page(
    request: HttpRequest, form: InstitutionForm, institution: Institution | None, **extra: object
) -> HttpResponse:
    title = _("Change the institution") if institution else _("New institution")
    context = {"form": form, "institution": institution, "title": title, **extra}
    return render(request, "partners/institution_form.html", context)


@requires(Capability.PARTNERS_EDIT)
def institution_create(request: HttpRequest) -> HttpResponseBase:
    user = _staff(request)
    if not can(user, partners_policy.EDIT):
        raise PermissionDenied
    form = InstitutionForm(request.POST or None)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                institution = services.institution_create(actor=user, data=form.institution_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The institution was added to the directory."))
                next_url = request.POST.get("next", "")
                if next_url.startswith("/") and not next_url.startswith("//"):
                    return redirect(next_url)
                return redirect("partners:institution_detail", institution_id=institution.pk)
    return _form_page(request, form, None, next=request.GET.get("next", ""))


@requires(Capability.PARTNERS_EDIT)
def institution_edit(request: HttpRequest, institution_id: int) -> HttpResponseBase:
    user = _staff(request)
    institution = _institution_or_404(request, institution_id)
    if not can(user, partners_policy.EDIT, institution):
        raise PermissionDenied
    form = InstitutionForm(
        request.POST or None, instance=institution, initial={"version": institution.version}
    )
    conflict = None
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            fresh = Institution.objects.get(pk=institution.pk)
            try:
                services.institution_update(
                    actor=user,
                    institution=fresh,
                    version=form.cleaned_data["version"] or 0,
                    data=form.institution_data(),
                )
            except ConflictError as error:
                conflict = error
                refresh_version(form, error.current_version)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("partners:institution_detail", institution_id=institution.pk)
    return _form_page(request, form, institution, conflict=conflict)


@requires(Capability.PARTNERS_EDIT)
@require_POST
def institution_set_active(request: HttpRequest, institution_id: int) -> HttpResponseBase:
    user = _staff(request)
    institution = _institution_or_404(request, institution_id)
    if not can(user, partners_policy.EDIT, institution):
        raise PermissionDenied
    if request.POST.get("active") == "1":
        services.institution_activate(actor=user, institution=institution)
        messages.success(request, _("The institution is active again."))
    else:
        services.institution_deactivate(actor=user, institution=institution)
        messages.success(request, _("The institution is no longer offered for new referrals."))
    return redirect("partners:institution_detail", institution_id=institution.pk)
