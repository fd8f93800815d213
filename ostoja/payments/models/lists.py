"""Payment lists: what is paid on one day by one channel, and the monthly run that makes them.

A run of a month goes over every entitlement (a benefit of a person) and adds to the month's
open lists what is due and not yet on a list (`ostoja.payments.services.generation`). The lists
it fills are `generating` until the run ends, and no page shows them: a run killed half-way
leaves nothing visible, and the next run of the month completes the same lists.

At most one open list (generating or draft) per month, day and channel: a database constraint,
so twenty runs at once still make one. A list prepared for approval is closed to the run; what
becomes due later goes to a supplementary list of the same day (the next `sequence`).

The four eyes: the accountant who approves a list and whoever exports it are never the one who
prepared it, in the service and in a database constraint.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ostoja.core.models import TimeStampedModel
from ostoja.payments.models.common import Channel


class ListState(models.TextChoices):
    GENERATING = "tworzona", _("being generated")
    DRAFT = "szkic", _("draft")
    PREPARED = "do_zatwierdzenia", _("awaiting approval")
    APPROVED = "zatwierdzona", pgettext_lazy("list", "approved")
    EXPORTED = "przekazana", _("sent for payment")
    PAID = "wyplacona", pgettext_lazy("list", "paid")
    PARTLY_RETURNED = "czesciowo_zwrocona", _("paid, partly returned")


OPEN_STATES = (ListState.GENERATING, ListState.DRAFT)
# States in which nothing of the list changes but the marks of its items.
FROZEN_STATES = (
    ListState.APPROVED,
    ListState.EXPORTED,
    ListState.PAID,
    ListState.PARTLY_RETURNED,
)
VISIBLE_STATES = tuple(state for state in ListState if state != ListState.GENERATING)


class PaymentList(TimeStampedModel):
    month = models.DateField(_("month"))
    payment_date = models.DateField(_("payment date"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    sequence = models.PositiveSmallIntegerField(_("list of the day"), default=1)
    state = models.CharField(
        _("state"), max_length=20, choices=ListState.choices, default=ListState.GENERATING
    )
    # The last day a cash list is paid out; afterwards its unpaid lines go back as unpaid.
    pay_until = models.DateField(_("paid out until"), null=True, blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=Decimal(0))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    prepared_at = models.DateTimeField(_("prepared at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    exported_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment list")
        verbose_name_plural = _("payment lists")
        ordering = ["-month", "payment_date", "channel", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "payment_date", "channel", "sequence"],
                name="payment_list_number_once",
            ),
            models.UniqueConstraint(
                fields=["month", "payment_date", "channel"],
                condition=Q(state__in=OPEN_STATES),
                name="payment_list_one_open_per_day_and_channel",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ListState.values), name="payment_list_state_code"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="payment_list_channel_code"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0), name="payment_list_total_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                name="payment_list_approver_is_not_preparer",
            ),
            models.CheckConstraint(
                condition=Q(exported_by__isnull=True) | ~Q(exported_by=F("prepared_by")),
                name="payment_list_exporter_is_not_preparer",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=FROZEN_STATES) | Q(approved_by__isnull=False),
                name="payment_list_frozen_only_approved",
            ),
        ]
        indexes = [models.Index(fields=["state", "month"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """LW/2026/12/P/1: the list's month, its channel's letter and its number of the day
        (a supplementary list of the same day has the next)."""
        letter = {Channel.BANK: "P", Channel.CASH: "K", Channel.POSTAL: "PP"}[Channel(self.channel)]
        day = f"{self.payment_date:%d}"
        return f"LW/{self.month:%Y/%m}/{day}/{letter}/{self.sequence}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES


class RunState(models.TextChoices):
    QUEUED = "w_kolejce", pgettext_lazy("task", "queued")
    RUNNING = "w_toku", pgettext_lazy("task", "running")
    DONE = "zakonczona", pgettext_lazy("task", "finished")
    FAILED = "blad", pgettext_lazy("task", "failed")


class PaymentRun(TimeStampedModel):
    """The generation of one month's lists: one row per month, queued again for a
    supplementary list or after a failure."""

    month = models.DateField(_("month"), unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("entitlements"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    items_added = models.PositiveIntegerField(_("items added"), default=0)
    overpayments_found = models.PositiveIntegerField(_("overpayments found"), default=0)
    error = models.TextField(_("error"), blank=True)
    # What kept an entitlement off the lists (no account, no classification): person and
    # message, for the page of the run.
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("generation of payment lists")
        verbose_name_plural = _("generations of payment lists")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RunState.values), name="payment_run_state_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.state == RunState.DONE else 0
        return min(100, self.processed * 100 // self.total)


# A print still to be made (queued, or being rendered by a worker).
PENDING_STATES = (RunState.QUEUED, RunState.RUNNING)


class ListPrint(TimeStampedModel):
    """One printout of a cash (or postal) list, rendered by a task worker: a city's cash list
    of two thousand lines takes half a minute, longer than a request may. The PDF is kept as
    it was handed to the cash desk, with its SHA-256; each download is logged.

    At most one print per list waits to be made: a database constraint, so a double click or
    two accountants at once queue one."""

    payment_list = models.ForeignKey(
        PaymentList, on_delete=models.PROTECT, related_name="prints", verbose_name=_("list")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    lines = models.PositiveIntegerField(_("lines"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    name = models.CharField(_("file name"), max_length=120, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    data = models.BinaryField(_("PDF"), blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("printout of a list")
        verbose_name_plural = _("printouts of lists")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RunState.values), name="list_print_state_code"
            ),
            models.UniqueConstraint(
                fields=["payment_list"],
                condition=Q(state__in=PENDING_STATES),
                name="list_print_one_pending",
            ),
            # A finished print has its file and the file's checksum.
            models.CheckConstraint(
                condition=~Q(state=RunState.DONE)
                | (Q(sha256__regex=r"^[0-9a-f]{64}$") & ~Q(name="")),
                name="list_print_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_list.number} ({self.created_at:%d.%m.%Y %H:%M})"

    @property
    def pending(self) -> bool:
        return self.state in PENDING_STATES
