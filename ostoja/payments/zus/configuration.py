"""The payer's data on the ZUS documents (`ZusSettings`, one row): read, changed by the
accountant, and checked before a document is made or a month declared."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core.actions import action_kind, record_action
from ostoja.core.services import as_actor, require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import ZusSettings

SETTINGS_UPDATE = action_kind(
    "payments.zus_settings_update",
    gettext_lazy("ZUS settings changed"),
    gettext_lazy("%(fields)s"),
)

# What the accountant may change; `first_month` is fixed by the first synchronisation.
EDITABLE = (
    "payer_nip",
    "payer_regon",
    "payer_short_name",
    "title_code",
    "declaration_from",
    "declaration_to",
    "contribution_account",
)


def zus_settings(*, for_update: bool = False) -> ZusSettings:
    """The one row of the settings, made empty the first time it is asked for."""
    row, _created = ZusSettings.objects.get_or_create(pk=1)
    if for_update:
        row = ZusSettings.objects.select_for_update().get(pk=1)
    return row


@transaction.atomic
def zus_settings_update(*, actor: User, **changes: Any) -> ZusSettings:
    """Change the payer's data (only the fields of `EDITABLE`), validated as the form is."""
    require(actor, payments_policy.ADMIN)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValueError(f"not editable: {', '.join(unknown)}")
    row = zus_settings(for_update=True)
    changed = [name for name, value in changes.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, changes[name])
    row.full_clean()
    if not changed:
        return row
    row.version += 1
    as_actor(row, actor)
    row.save()
    fields = [ZusSettings._meta.get_field(name) for name in changed]
    labels = [str(getattr(field, "verbose_name", field.name)) for field in fields]
    record_action(actor=actor, action=SETTINGS_UPDATE, subjects=[row], details={"fields": labels})
    return row


def missing_payer_data(row: ZusSettings) -> list[str]:
    """What the documents need and the settings lack, each as a sentence for the page."""
    missing = []
    if not row.title_code:
        missing.append(
            _(
                "The insurance-title code is not set: copy it from the centre's Płatnik into "
                "Payments → ZUS settings (it is not confirmed in ZUS's code list)."
            )
        )
    if not row.payer_nip:
        missing.append(_("The payer's NIP is not set: enter it in Payments → ZUS settings."))
    if not row.payer_regon:
        missing.append(_("The payer's REGON is not set: enter it in Payments → ZUS settings."))
    if not row.payer_short_name:
        missing.append(_("The payer's short name is not set: enter it in Payments → ZUS settings."))
    return missing


def require_payer_data(row: ZusSettings) -> None:
    """A ValidationError naming everything the documents need and the settings lack."""
    missing = missing_payer_data(row)
    if missing:
        raise ValidationError(missing)
