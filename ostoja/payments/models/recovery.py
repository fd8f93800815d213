"""The recovery of undue benefits: what the debtor repaid and the reminders sent.

The debt itself is the undue-benefit decision (`benefits.Decision` of kind UNDUE: the amount
in its lines, the deadline and the instalments) with the relief decisions granted on it; the
ledger (`ostoja.payments.recovery`) is computed from them and from the rows here. A repayment
recorded by mistake is never deleted nor edited: it is cancelled, with the reason, and stays in
the ledger's history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ostoja.core.models import TimeStampedModel
from ostoja.payments.models.common import POSITIVE


class RepaymentWay(models.TextChoices):
    CASH = "kasa", _("at the cash desk")
    TRANSFER = "przelew", _("to the centre's account")
    SET_OFF = "potracenie", _("set off against a benefit paid")


class Repayment(TimeStampedModel):
    decision = models.ForeignKey(
        "benefits.Decision",
        on_delete=models.PROTECT,
        related_name="repayments",
        verbose_name=_("undue-benefit decision"),
    )
    debtor = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("debtor")
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, validators=[POSITIVE]
    )
    way = models.CharField(_("how"), max_length=12, choices=RepaymentWay.choices)
    reference = models.CharField(
        _("document"),
        max_length=80,
        blank=True,
        help_text=_("The cash receipt (KP) number or the bank statement's reference."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
            models.CheckConstraint(
                condition=Q(way__in=RepaymentWay.values), name="repayment_way_code"
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancelled_by__isnull=True, cancel_reason="")
                | (
                    Q(cancelled_at__isnull=False, cancelled_by__isnull=False) & ~Q(cancel_reason="")
                ),
                name="repayment_cancelled_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["decision", "paid_on"])]

    def __str__(self) -> str:
        return f"{self.paid_on:%d.%m.%Y} {self.amount}"

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class Reminder(TimeStampedModel):
    """A reminder (upomnienie) sent to the debtor before enforcement (art. 15 § 1 of the act on
    enforcement proceedings in administration): what was owed on the day it was written, and the
    days to pay."""

    decision = models.ForeignKey(
        "benefits.Decision",
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("undue-benefit decision"),
    )
    debtor = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("written on"))
    principal = models.DecimalField(_("principal owed"), max_digits=10, decimal_places=2)
    interest = models.DecimalField(_("interest owed"), max_digits=10, decimal_places=2)
    overdue = models.DecimalField(_("overdue"), max_digits=10, decimal_places=2)
    pay_within_days = models.PositiveSmallIntegerField(_("days to pay"), default=7)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-written_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gte=0, interest__gte=0, overdue__gt=0),
                name="reminder_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.written_on:%d.%m.%Y} {self.overdue}"


class DebtSummary(models.Model):
    """A debt's figures on a day as its ledger computed them, kept for the pages that list
    every debt (`recovery.summaries`), with the fingerprint of what the ledger read. Never
    used to pay or to set off: those compute the ledger."""

    decision = models.OneToOneField(
        "benefits.Decision",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="debt_summary",
        verbose_name=_("undue-benefit decision"),
    )
    as_of = models.DateField(_("on the day"))
    basis = models.CharField(_("fingerprint"), max_length=64)
    state = models.CharField(_("state"), max_length=12)
    principal_fixed = models.DecimalField(_("amount fixed"), max_digits=12, decimal_places=2)
    principal_outstanding = models.DecimalField(
        _("principal owed"), max_digits=12, decimal_places=2
    )
    interest_outstanding = models.DecimalField(_("interest owed"), max_digits=12, decimal_places=2)
    repaid = models.DecimalField(_("repaid"), max_digits=12, decimal_places=2)
    waived = models.DecimalField(_("waived"), max_digits=12, decimal_places=2)
    excess = models.DecimalField(_("repaid above the debt"), max_digits=12, decimal_places=2)
    overdue_principal = models.DecimalField(_("overdue"), max_digits=12, decimal_places=2)
    next_due_on = models.DateField(_("next instalment due"), null=True, blank=True)
    next_outstanding = models.DecimalField(
        _("next instalment"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("figures of a debt")
        verbose_name_plural = _("figures of debts")
        constraints = [
            models.CheckConstraint(
                condition=Q(principal_fixed__gte=0)
                & Q(principal_outstanding__gte=0)
                & Q(interest_outstanding__gte=0)
                & Q(repaid__gte=0)
                & Q(waived__gte=0)
                & Q(excess__gte=0)
                & Q(overdue_principal__gte=0),
                name="debt_summary_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} ({self.as_of:%d.%m.%Y})"
