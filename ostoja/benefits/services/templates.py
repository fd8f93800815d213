"""The centre's own DOCX templates of decisions: upload and withdrawal (`benefits.admin`).

An uploaded file is accepted only when `documents.templates.check_template` finds nothing: a
DOCX, right Jinja syntax, only the fields of `documents.render.FIELDS`, and a sample decision
rendered from it. An accepted file is stored under its SHA-256 and becomes the template in use
for its kind and act; the one in use before is withdrawn in the same transaction (the database
allows one active template per kind and act). Withdrawing the template in use brings back
Ostoja's default for that kind.

The file is written to storage before the row is saved: if the transaction then rolls back, the
file stays, harmlessly, under its checksum, and the same file uploaded again reuses it.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.catalogue import Act
from ostoja.benefits.documents.templates import check_template
from ostoja.benefits.models import DecisionKind, DocumentTemplate
from ostoja.benefits.models.documents import template_path
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action

TEMPLATE_UPLOAD = action_kind(
    "benefits.templates_upload",
    gettext_lazy("Decision template uploaded"),
    gettext_lazy("%(name)s: %(kind)s, %(act)s"),
)
TEMPLATE_DEACTIVATE = action_kind(
    "benefits.templates_deactivate",
    gettext_lazy("Decision template withdrawn"),
    gettext_lazy("%(name)s: %(kind)s, %(act)s"),
)

NAME_LENGTH = DocumentTemplate._meta.get_field("name").max_length or 200


def _require_admin(actor: User) -> None:
    if not policy.can(actor, benefits_policy.ADMIN):
        raise PermissionDenied


def _read(upload: File[bytes] | bytes) -> bytes:
    if isinstance(upload, bytes):
        return upload
    upload.seek(0)
    data = upload.read()
    if not isinstance(data, bytes):
        raise ValidationError({"upload": [_("Upload the file as it is, not as text.")]})
    return data


def _check_choices(kind: str, act: str, name: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = [_("Choose a kind of decision from the list.")]
    if act not in Act.values:
        errors["act"] = [_("Choose an act from the list.")]
    if not name:
        errors["name"] = [_("Give the template a name, e.g. “Przyznanie – wzór 2026”.")]
    elif len(name) > NAME_LENGTH:
        errors["name"] = [
            _("The name may have at most %(length)s characters.") % {"length": NAME_LENGTH}
        ]
    return errors


def _check_size(data: bytes) -> None:
    limit = settings.OSTOJA_ATTACHMENT_MAX_MB
    if len(data) > limit * 1024 * 1024:
        raise ValidationError(
            {"upload": [_("The file is larger than %(limit)s MB.") % {"limit": limit}]}
        )


def _store(template: DocumentTemplate, data: bytes) -> None:
    """The file under its checksum; a file with the same checksum already stored is the same
    file, and is reused rather than stored a second time under another name."""
    path = template_path(template, "")
    storage = template.file.storage
    if storage.exists(path):
        template.file.name = path
    else:
        template.file.save(path, ContentFile(data), save=False)


def _details(template: DocumentTemplate) -> dict[str, Any]:
    return {
        "name": template.name,
        "kind": str(template.get_kind_display()),
        "act": str(template.get_act_display()),
        "sha256": template.sha256,
    }


@transaction.atomic
def template_upload(
    *, actor: User, kind: str, act: str, name: str, upload: File[bytes] | bytes
) -> DocumentTemplate:
    """Accept the centre's DOCX as the template in use for decisions of the kind and act.

    Refused with a `ValidationError` on `upload` that lists the problems found, in Polish (see
    `documents.templates`), or on `kind`, `act` or `name`.
    """
    _require_admin(actor)
    name = name.strip()
    errors = _check_choices(kind, act, name)
    if errors:
        raise ValidationError(errors)
    data = _read(upload)
    _check_size(data)
    problems = check_template(data, kind=kind, act=act)
    if problems:
        raise ValidationError({"upload": problems})
    previous = list(
        DocumentTemplate.objects.select_for_update().filter(kind=kind, act=act, active=True)
    )
    DocumentTemplate.objects.filter(pk__in=[old.pk for old in previous]).update(active=False)
    template = DocumentTemplate(
        kind=kind,
        act=act,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        active=True,
        uploaded_by=actor,
    )
    _store(template, data)
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:
        # Someone else's upload for the same kind and act committed between our lock and save.
        raise ValidationError(
            {"upload": [_("Another template for this kind was uploaded just now: try again.")]}
        ) from None
    record_action(
        actor=actor,
        action=TEMPLATE_UPLOAD,
        subjects=[template, *previous],
        details={**_details(template), "replaced": [old.pk for old in previous]},
    )
    return template


@transaction.atomic
def template_deactivate(*, actor: User, template: DocumentTemplate) -> DocumentTemplate:
    """Withdraw a template in use: decisions of its kind and act use Ostoja's default again
    (or a template uploaded later). The file is kept: documents made from it stay explained."""
    _require_admin(actor)
    locked = DocumentTemplate.objects.select_for_update().get(pk=template.pk)
    if not locked.active:
        raise ValidationError(_("This template is no longer in use."))
    locked.active = False
    locked.save(update_fields=["active"])
    record_action(
        actor=actor, action=TEMPLATE_DEACTIVATE, subjects=[locked], details=_details(locked)
    )
    return locked
