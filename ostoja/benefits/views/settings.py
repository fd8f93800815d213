"""The benefits' settings (`benefits.admin`: the director and the administrator), part of the
Administracja section: the registers that number decisions, the authorisations of the people who
sign them, and the DOCX templates decisions are printed from.

Every view parses its input with a form, calls one service and goes back to the settings page
with a message; the settings hold no personal data of clients, so nothing here is written to
the access log (the services record every change in the actions' history).
"""

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from ostoja.accounts.roles import Capability
from ostoja.benefits.catalogue import Act
from ostoja.benefits.documents.render import (
    FIELDS,
    default_template_path,
    template_bytes,
)
from ostoja.benefits.forms.settings import (
    DOCX_TYPE,
    AuthorisationForm,
    RegisterForm,
    RevokeForm,
    TemplateUploadForm,
    example_number,
)
from ostoja.benefits.models import (
    Authorisation,
    DecisionKind,
    DecisionRegister,
    DocumentTemplate,
    RegisterCounter,
)
from ostoja.benefits.services import configuration, templates
from ostoja.benefits.views.common import staff, validated_field
from ostoja.core.access import requires
from ostoja.core.actions import actions_about
from ostoja.core.locking import ConflictError
from ostoja.core.policy import has_capability
from ostoja.core.text import fold
from ostoja.registry.views.common import add_service_errors, refresh_version

ONE_DAY = datetime.timedelta(days=1)
# The anchors of the settings page's three sections.
REGISTERS, AUTHORISATIONS, TEMPLATES = "rejestry", "upowaznienia", "wzory"


# ---------------------------------------------------------------------------------------------
# What the settings page shows
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    register: DecisionRegister
    example: str
    # The last number given this year (0: none yet).
    last_number: int


def register_rows(year: int) -> list[RegisterRow]:
    """Every register with the first number of `year` as an example and the last one given."""
    registers = list(DecisionRegister.objects.order_by("-active", "name", "pk"))
    last = dict(RegisterCounter.objects.filter(year=year).values_list("register_id", "last_number"))
    return [
        RegisterRow(register, register.format_number(number=1, year=year), last.get(register.pk, 0))
        for register in registers
    ]


class Standing(StrEnum):
    """An authorisation on a day."""

    VALID = "valid"
    NOT_YET = "not_yet"
    EXPIRED = "expired"
    REVOKED = "revoked"


STANDING_LABELS: dict[Standing, StrOrPromise] = {
    Standing.VALID: gettext_lazy("authorisation valid"),
    Standing.NOT_YET: gettext_lazy("authorisation not in force yet"),
    Standing.EXPIRED: gettext_lazy("authorisation expired"),
    Standing.REVOKED: gettext_lazy("authorisation revoked"),
}
# The badge's colour; its text says the same (never colour alone).
STANDING_BADGES: dict[Standing, str] = {
    Standing.VALID: "text-bg-success",
    Standing.NOT_YET: "text-bg-info",
    Standing.EXPIRED: "text-bg-secondary",
    Standing.REVOKED: "text-bg-dark",
}


@dataclass(frozen=True)
class AuthorisationRow:
    authorisation: Authorisation
    standing: Standing
    # The last day it holds (its end, or the day before its revocation); None: no end.
    last_day: datetime.date | None
    # Calendar days from `day` to the last day (0: it is the last day); None when not valid.
    days_left: int | None

    @property
    def label(self) -> str:
        return str(STANDING_LABELS[self.standing])

    @property
    def badge(self) -> str:
        return STANDING_BADGES[self.standing]


def last_valid_day(authorisation: Authorisation) -> datetime.date | None:
    """The last day the authorisation holds: its end, or the day before its revocation (a
    revocation holds from its day on, `Authorisation.covers`), whichever comes first."""
    ends = [authorisation.valid_to] if authorisation.valid_to is not None else []
    if authorisation.revoked_on is not None:
        ends.append(authorisation.revoked_on - ONE_DAY)
    return min(ends, default=None)


def authorisation_standing(authorisation: Authorisation, day: datetime.date) -> AuthorisationRow:
    """Whether the authorisation holds on `day` (as `Authorisation.covers` reads its dates) and
    for how many more days."""
    last_day = last_valid_day(authorisation)
    if authorisation.revoked_on is not None and authorisation.revoked_on <= day:
        return AuthorisationRow(authorisation, Standing.REVOKED, last_day, None)
    if last_day is not None and last_day < day:
        return AuthorisationRow(authorisation, Standing.EXPIRED, last_day, None)
    if authorisation.valid_from > day:
        return AuthorisationRow(authorisation, Standing.NOT_YET, last_day, None)
    days_left = (last_day - day).days if last_day is not None else None
    return AuthorisationRow(authorisation, Standing.VALID, last_day, days_left)


def authorisation_rows(day: datetime.date) -> list[AuthorisationRow]:
    """Every authorisation on `day`: those valid first, then those not valid yet, expired and
    revoked; within each by the person's name and the latest first."""
    authorisations = Authorisation.objects.select_related("user").order_by(
        "user__last_name", "user__first_name", "-valid_from", "-pk"
    )
    order = list(Standing)
    rows = [authorisation_standing(a, day) for a in authorisations]
    return sorted(rows, key=lambda row: order.index(row.standing))


def acts_without_signer(rows: Iterable[AuthorisationRow]) -> list[str]:
    """The acts under which no one holds a valid authorisation today: no decision under them
    can be signed. An authorisation of someone who no longer signs (deactivated, or moved to a
    role that does not sign) does not count."""
    valid = [
        row.authorisation
        for row in rows
        if row.standing is Standing.VALID
        and row.authorisation.user.has_capability(Capability.BENEFITS_SIGN)
    ]
    missing = []
    if not any(a.social_assistance for a in valid):
        missing.append(str(Act.SOCIAL_ASSISTANCE.label))
    if not any(a.family_benefits for a in valid):
        missing.append(str(Act.FAMILY_BENEFITS.label))
    return missing


@dataclass(frozen=True)
class TemplateRow:
    kind: DecisionKind
    act: Act
    # The centre's own template in use; None: Ostoja's default serves.
    template: DocumentTemplate | None


def template_rows() -> list[TemplateRow]:
    """Every kind of decision under each act with the template in use (one query)."""
    in_use = {
        (t.kind, t.act): t
        for t in DocumentTemplate.objects.filter(active=True).select_related("uploaded_by")
    }
    return [
        TemplateRow(kind, act, in_use.get((kind.value, act.value)))
        for kind in DecisionKind
        for act in Act
    ]


# How a template's author writes the fields (a Jinja expression in Word's text).
FIELDS_HELP = gettext_lazy(
    "Write a field in double braces, e.g. {{ party_name }}; a list is printed with a loop, "
    "e.g. {%% for line in lines %%}{{ line.benefit }}{%% endfor %%}. A template using a field "
    "not listed here is refused at upload."
)


def template_fields() -> list[tuple[str, str]]:
    """The fields a template may use, with what each holds, in the order of `FIELDS`."""
    return [(name, str(description)) for name, description in FIELDS.items()]


# ---------------------------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------------------------


def _crumbs(request: HttpRequest, *trail: tuple[str, str | None]) -> list[tuple[str, Any]]:
    # The administration's own pages are the administrator's; the director, who also keeps
    # these settings, sees "Administracja" without a link.
    administration = (
        reverse("administration:user_list")
        if has_capability(request.user, Capability.STAFF_ADMIN)
        else None
    )
    settings_url = reverse("benefits:settings") if trail else None
    return [
        (_("Administration"), administration),
        (_("Settings of benefits"), settings_url),
        *trail,
    ]


def _back(section: str) -> HttpResponse:
    return redirect(f"{reverse('benefits:settings')}#{section}")


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"nav": "administration", **context})


# ---------------------------------------------------------------------------------------------
# The settings page
# ---------------------------------------------------------------------------------------------


@requires(Capability.BENEFITS_ADMIN)
def settings_index(request: HttpRequest) -> HttpResponse:
    """The three sections: registers of decisions, authorisations, decision templates."""
    today = timezone.localdate()
    authorisations = authorisation_rows(today)
    context = {
        "registers": register_rows(today.year),
        "year": today.year,
        "authorisations": authorisations,
        "acts_without_signer": acts_without_signer(authorisations),
        "template_rows": template_rows(),
        "fields": template_fields(),
        "fields_help": FIELDS_HELP % {},
        "breadcrumbs": _crumbs(request),
    }
    return _render(request, "benefits/settings_index.html", context)


# ---------------------------------------------------------------------------------------------
# Registers
# ---------------------------------------------------------------------------------------------


def _register_page(
    request: HttpRequest,
    form: RegisterForm,
    *,
    title: str,
    register: DecisionRegister | None = None,
    current: DecisionRegister | None = None,
) -> HttpResponse:
    example, problem = form.example(timezone.localdate().year)
    context = {
        "form": form,
        "title": title,
        "register": register,
        "conflict_current": current,
        "example": example,
        "example_problem": problem,
        "actions": actions_about(register) if register is not None else None,
        "breadcrumbs": _crumbs(request, (title, None)),
    }
    return _render(request, "benefits/settings_register_form.html", context)


@requires(Capability.BENEFITS_ADMIN)
def settings_register_create(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                configuration.register_create(actor=staff(request), **form.register_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The register of decisions was created."))
                return _back(REGISTERS)
    return _register_page(request, form, title=_("New register of decisions"))


@requires(Capability.BENEFITS_ADMIN)
def settings_register_edit(request: HttpRequest, register_id: int) -> HttpResponse:
    register = DecisionRegister.objects.filter(pk=register_id).first()
    if register is None:
        raise Http404
    form = RegisterForm.for_register(register, request.POST or None)
    title = _("Edit the register: %(register)s") % {"register": register}
    current = None
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                configuration.register_update(
                    actor=staff(request),
                    register=register,
                    base_version=form.cleaned_data["version"],
                    **form.register_data(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except ConflictError as conflict:
                # Registers keep no change history: the page shows what is saved now beside
                # what the user typed, and the next save goes over it.
                current = DecisionRegister.objects.get(pk=register.pk)
                refresh_version(form, conflict.current_version)
            else:
                messages.success(request, _("The register of decisions was saved."))
                return _back(REGISTERS)
    return _register_page(request, form, title=title, register=register, current=current)


@requires(Capability.BENEFITS_ADMIN)
def settings_register_example(request: HttpRequest) -> HttpResponse:
    """The example number as the user types the symbol or the pattern (htmx)."""
    example, problem = example_number(
        symbol=request.GET.get("symbol", ""),
        pattern=request.GET.get("pattern", ""),
        year=timezone.localdate().year,
    )
    context = {"example": example, "example_problem": problem}
    return render(request, "benefits/settings_register_form.html#example", context)


# ---------------------------------------------------------------------------------------------
# Authorisations
# ---------------------------------------------------------------------------------------------


@requires(Capability.BENEFITS_ADMIN)
def settings_authorisation_create(request: HttpRequest) -> HttpResponse:
    form = AuthorisationForm(request.POST or None)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                configuration.authorisation_create(
                    actor=staff(request), **form.authorisation_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The authorisation was recorded."))
                return _back(AUTHORISATIONS)
    title = _("New authorisation to issue decisions")
    context = {"form": form, "title": title, "breadcrumbs": _crumbs(request, (title, None))}
    return _render(request, "benefits/settings_authorisation_form.html", context)


@requires(Capability.BENEFITS_ADMIN)
def settings_authorisation_revoke(request: HttpRequest, authorisation_id: int) -> HttpResponse:
    authorisation = Authorisation.objects.select_related("user").filter(pk=authorisation_id).first()
    if authorisation is None:
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            configuration.authorisation_revoke(
                actor=staff(request), authorisation=authorisation, revoked_on=form.revocation_day()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The authorisation was revoked."))
            return _back(AUTHORISATIONS)
    title = _("Revoke the authorisation no. %(number)s") % {"number": authorisation.number}
    context = {
        "form": form,
        "title": title,
        "row": authorisation_standing(authorisation, timezone.localdate()),
        "breadcrumbs": _crumbs(request, (title, None)),
    }
    return _render(request, "benefits/settings_authorisation_revoke.html", context)


# ---------------------------------------------------------------------------------------------
# Decision templates
# ---------------------------------------------------------------------------------------------


def _upload_initial(request: HttpRequest) -> dict[str, str]:
    """The kind and act chosen on the settings page (`?rodzaj=…&ustawa=…`)."""
    initial = {}
    if request.GET.get("rodzaj") in DecisionKind.values:
        initial["kind"] = request.GET["rodzaj"]
    if request.GET.get("ustawa") in Act.values:
        initial["act"] = request.GET["ustawa"]
    return initial


@requires(Capability.BENEFITS_ADMIN)
def settings_template_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TemplateUploadForm(request.POST, request.FILES)
    else:
        form = TemplateUploadForm(initial=_upload_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            uploaded = templates.template_upload(actor=staff(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The template “%(name)s” is now in use for %(kind)s (%(act)s).")
                % {
                    "name": uploaded.name,
                    "kind": uploaded.get_kind_display(),
                    "act": uploaded.get_act_display(),
                },
            )
            return _back(TEMPLATES)
    title = _("Upload a decision template")
    context = {
        "form": form,
        "title": title,
        "fields": template_fields(),
        "fields_help": FIELDS_HELP % {},
        "breadcrumbs": _crumbs(request, (title, None)),
    }
    return _render(request, "benefits/settings_template_upload.html", context)


def _docx_response(source: bytes | io.BufferedReader, name: str) -> FileResponse:
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    return FileResponse(stream, as_attachment=True, filename=name, content_type=DOCX_TYPE)


def _file_name(text: str) -> str:
    return f"{slugify(fold(text)) or 'wzor'}.docx"


@requires(Capability.BENEFITS_ADMIN)
def settings_template_download(request: HttpRequest, template_id: int) -> HttpResponseBase:
    """A template the centre uploaded, as it was uploaded."""
    template = DocumentTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise Http404
    try:
        data = template_bytes(template)
    except FileNotFoundError as missing:
        # The row outlived its file (a storage restored without it): nothing to give.
        raise Http404 from missing
    return _docx_response(data, _file_name(template.name))


@requires(Capability.BENEFITS_ADMIN)
def settings_template_default(request: HttpRequest, kind: str) -> HttpResponseBase:
    """Ostoja's default template of a kind of decision, to edit in Word."""
    if kind not in DecisionKind.values:
        raise Http404
    path = default_template_path(kind)
    if not path.is_file():
        raise Http404
    return _docx_response(path.open("rb"), f"wzor-domyslny-{kind}.docx")


@requires(Capability.BENEFITS_ADMIN)
def settings_template_deactivate(request: HttpRequest, template_id: int) -> HttpResponse:
    """Withdraw the centre's template: decisions of its kind use the default again."""
    template = DocumentTemplate.objects.select_related("uploaded_by").filter(pk=template_id).first()
    if template is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            templates.template_deactivate(actor=staff(request), template=template)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                _("The template “%(name)s” was withdrawn; the default template is used again.")
                % {"name": template.name},
            )
            return _back(TEMPLATES)
    title = _("Withdraw the template “%(name)s”") % {"name": template.name}
    context = {
        "template": template,
        "error": error,
        "title": title,
        "breadcrumbs": _crumbs(request, (title, None)),
    }
    return _render(request, "benefits/settings_template_deactivate.html", context)
