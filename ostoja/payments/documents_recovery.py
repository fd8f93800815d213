"""The printed reminder (upomnienie) to repay an undue benefit.

Before the enforcement of a money claim the creditor sends the debtor a reminder calling on
him to pay within 7 days of its delivery, warning that enforcement follows otherwise (art. 15
§ 1 of the act on enforcement proceedings in administration; the days are the setting
`OSTOJA_REMINDER_DAYS`, the figure 7 as the commentaries give it, not confirmed in the act's
text we hold). The reminder names the decision that fixed the amount, what is overdue on the
day it is written (the instalments past their day and the interest owed) and the centre's
account. Printed in Polish whatever the interface language: it is a document of a Polish
public body.
"""

from typing import Any

from django.utils import translation

from ostoja.benefits.documents.words import amount_in_words
from ostoja.casework.documents import render_pdf
from ostoja.core.fields import group_account_number
from ostoja.core.money import format_pln
from ostoja.payments.models import PaymentSettings, Reminder

REMINDER_TEMPLATE = "payments/print/reminder.html"


def _debtor_address(reminder: Reminder) -> str:
    debtor = reminder.debtor
    for address in (debtor.actual_address, debtor.registered_address):
        if not address.is_empty:
            return str(address)
    household = reminder.decision.household
    return str(household.address) if not household.address.is_empty else ""


def reminder_context(reminder: Reminder) -> dict[str, Any]:
    decision = reminder.decision
    row = PaymentSettings.objects.filter(pk=1).first()
    account = row.centre_account if row is not None else ""
    return {
        "reminder": reminder,
        "debtor_name": reminder.debtor.full_name,
        "debtor_address": _debtor_address(reminder),
        "decision_number": decision.number,
        "decision_issued_on": decision.issued_on,
        "principal": format_pln(reminder.principal),
        "interest": format_pln(reminder.interest),
        "overdue": format_pln(reminder.overdue),
        "overdue_in_words": amount_in_words(reminder.overdue),
        "with_interest": reminder.interest > 0,
        "days": reminder.pay_within_days,
        "account": group_account_number(account) if account else "",
        "written_by": reminder.written_by.get_full_name() or reminder.written_by.username,
    }


def render_reminder_pdf(reminder: Reminder) -> bytes:
    with translation.override("pl"):
        return render_pdf(REMINDER_TEMPLATE, reminder_context(reminder))


def reminder_filename(reminder: Reminder) -> str:
    return f"upomnienie-{reminder.pk}-{reminder.written_on:%Y-%m-%d}.pdf"
