"""The payment settings the accountant keeps: the centre's account and its bank's import
settings, and per benefit its budget classification, funding, day of payment and transfer
title. Each save keeps the row's history (who, when, what) and writes an action."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core.actions import action_kind, record_action
from ostoja.core.services import as_actor, require
from ostoja.payments import policy as payments_policy
from ostoja.payments.bankfiles import TitleTemplateError, check_title_template, render_title
from ostoja.payments.models import BenefitPayment, PaymentSettings

SETTINGS_UPDATE = action_kind(
    "payments.settings_update",
    gettext_lazy("Payment settings changed"),
    gettext_lazy("%(fields)s"),
)
BENEFIT_UPDATE = action_kind(
    "payments.benefit_update",
    gettext_lazy("Payment of a benefit changed"),
    gettext_lazy("%(benefit)s: %(fields)s"),
)

SETTINGS_FIELDS = (
    "centre_account",
    "bank_name",
    "title_prefix",
    "encoding",
    "quote_accounts",
    "quote_classification",
    "order_type",
    "classification",
    "reference_length",
    "forbidden_characters",
    "transliterate",
    "pain_account_form",
    "returns_encoding",
    "returns_delimiter",
    "returns_skip_lines",
    "returns_date_column",
    "returns_amount_column",
    "returns_description_column",
    "returns_account_column",
    "returns_name_column",
    "returns_marker",
)
BENEFIT_FIELDS = ("section", "chapter", "paragraph", "funding", "payment_day", "title_template")
TITLE_PLACEHOLDERS = ("benefit", "month", "decision", "person")
# The longest values a title is likely to be filled with, to find a line that would not fit.
LONGEST_VALUES = {
    "benefit": "specjalny zasiłek celowy",
    "month": "12/2026",
    "decision": "MOPS.DŚ.8311.12345.2026",
    "person": "Katarzyna Wiśniewska-Kowalska",
}
LINE_WIDTH = 35


def check_title(template: str, *, prefix: str = "") -> None:
    """A template the bank files can carry: known fields, at most 4 lines, each line within 35
    characters when filled with long values. A ValidationError on `title_template` if not."""
    try:
        check_title_template(template, TITLE_PLACEHOLDERS)
    except TitleTemplateError as error:
        raise ValidationError({"title_template": str(error)}) from error
    for number, line in enumerate(render_title(template, LONGEST_VALUES, prefix=prefix), 1):
        if len(line) > LINE_WIDTH:
            raise ValidationError(
                {
                    "title_template": _(
                        "Line %(number)s of the title can reach %(length)s characters, e.g. "
                        "“%(line)s”; a line of a transfer title holds %(width)s."
                    )
                    % {"number": number, "length": len(line), "line": line, "width": LINE_WIDTH}
                }
            )


def _apply(instance: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    changed = []
    for name in fields:
        if name in data and getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed.append(str(instance._meta.get_field(name).verbose_name))
    return changed


@transaction.atomic
def payment_settings_update(*, actor: User, data: Mapping[str, Any]) -> PaymentSettings:
    require(actor, payments_policy.ADMIN)
    row = PaymentSettings.objects.select_for_update().get(pk=1)
    changed = _apply(row, data, SETTINGS_FIELDS)
    row.full_clean()
    if changed:
        as_actor(row, actor)
        row.save()
        record_action(
            actor=actor, action=SETTINGS_UPDATE, subjects=[row], details={"fields": changed}
        )
    return row


@transaction.atomic
def benefit_payment_update(
    *, actor: User, benefit_payment: BenefitPayment, data: Mapping[str, Any]
) -> BenefitPayment:
    require(actor, payments_policy.ADMIN)
    row = BenefitPayment.objects.select_for_update().get(pk=benefit_payment.pk)
    changed = _apply(row, data, BENEFIT_FIELDS)
    row.full_clean()
    check_title(row.title_template, prefix=PaymentSettings.objects.get(pk=1).title_prefix)
    if not row.chapter.startswith(row.section):
        raise ValidationError(
            {"chapter": _("A chapter begins with the digits of its section, e.g. 85214 in 852.")}
        )
    if changed:
        as_actor(row, actor)
        row.save()
        record_action(
            actor=actor,
            action=BENEFIT_UPDATE,
            subjects=[row],
            details={"benefit": str(row.get_benefit_display()), "fields": changed},
        )
    return row
