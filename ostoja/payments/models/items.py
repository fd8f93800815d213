"""Payment items: one amount owed to one payee for one benefit and one month, on one list.

An item is made by the run of a month from the awards (`ostoja.payments.schedule` computes
what each month is owed); what the payee, the channel and the account were on that day is
copied onto the item and never follows later changes of the registry. One regular item per
person, benefit and month of service (per award for a one-off benefit), ever (a constraint):
running a month again adds nothing that is already on a list. A change backdated into a month
already paid adds a top-up item (at most one per list and month) or, downwards, an
`Overpayment` to settle; the past is never edited.

An item on an approved list is frozen: only its marks change (paid, returned, not collected,
re-issued), each an `ItemEvent`, and a mark made by mistake is reversed by another event.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ostoja.benefits.catalogue import Benefit
from ostoja.core.models import AppendOnlyModel, AppendOnlyQuerySet, TimeStampedModel
from ostoja.payments.models.common import POSITIVE, Channel, Funding
from ostoja.payments.models.lists import PaymentList, PaymentRun

REFERENCE_PREFIX = "W-"
REFERENCE_DIGITS = 10
# The reference as the bank files carry it and returns repeat it: W-0000012345.
REFERENCE_PATTERN = rf"{REFERENCE_PREFIX}\d{{{REFERENCE_DIGITS}}}"


class ItemKind(models.TextChoices):
    REGULAR = "biezaca", _("for the month")
    TOP_UP = "wyrownanie", _("top-up")
    REISSUE = "ponowna", _("paid again")


class ItemState(models.TextChoices):
    PLANNED = "do_wyplaty", _("to be paid")
    PAID = "wyplacona", pgettext_lazy("item", "paid")
    RETURNED = "zwrocona", _("returned")
    UNCOLLECTED = "niepodjeta", _("not collected")
    REISSUED = "ponowiona", _("paid again by another item")


# What counts as given for the month: everything but an item whose money was paid again by
# another (the new item counts instead). A return or an uncollected cash payment still counts:
# the money waits at the centre and is paid again only when someone decides how.
NOT_COUNTED = (ItemState.REISSUED,)
# Marks after which the money is back at the centre.
BACK_AT_CENTRE = (ItemState.RETURNED, ItemState.UNCOLLECTED)


class PaymentItem(TimeStampedModel):
    payment_list = models.ForeignKey(
        PaymentList, on_delete=models.PROTECT, related_name="items", verbose_name=_("list")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ItemKind.choices, default=ItemKind.REGULAR
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ItemState.choices, default=ItemState.PLANNED
    )
    award = models.ForeignKey(
        "benefits.Award", on_delete=models.PROTECT, related_name="payment_items"
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="payment_items"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="payment_items_for"
    )
    payee = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="payment_items"
    )
    benefit = models.CharField(_("benefit"), max_length=40, choices=Benefit.choices)
    service_month = models.DateField(_("for the month"))
    # A one-off benefit is owed once per award (two zasiłki celowe may fall in one month); a
    # monthly one once per person, benefit and month, whichever segment of it is in force.
    one_off = models.BooleanField(_("one-off"), default=False)
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, validators=[POSITIVE]
    )
    # How the amount was reached: the segments of the month with their days (for the list's
    # reader and the audit).
    computation = models.JSONField(_("computation"), default=list, blank=True)
    # As of the payment, frozen:
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    account = models.CharField(_("account number"), max_length=26, blank=True)
    payee_name = models.CharField(_("payee"), max_length=201)
    payee_address = models.CharField(_("address"), max_length=300, blank=True)
    payee_identity = models.CharField(_("identity document"), max_length=60, blank=True)
    decision_number = models.CharField(_("decision"), max_length=80, blank=True)
    title = models.CharField(_("transfer title"), max_length=200, blank=True)
    section = models.CharField(_("section (dział)"), max_length=3)
    chapter = models.CharField(_("chapter (rozdział)"), max_length=5)
    paragraph = models.CharField(_("paragraph"), max_length=4)
    funding = models.CharField(_("funding"), max_length=16, choices=Funding.choices)
    # The returned or uncollected item this one pays again.
    reissues = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reissued_by",
        verbose_name=_("pays again"),
    )
    # Set off against an undue benefit the payee owes (`ostoja.payments.recovery.setoff`):
    # `amount` is the benefit given, `setoff` the part of it that repays the debt of
    # `setoff_debt`; only the rest (`payable`) leaves for the payee.
    setoff = models.DecimalField(
        _("set off against a debt"), max_digits=10, decimal_places=2, default=0
    )
    setoff_debt = models.ForeignKey(
        "benefits.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="setoff_items",
        verbose_name=_("undue-benefit decision set off"),
    )
    receipt_number = models.CharField(_("cash receipt (KW)"), max_length=40, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment item")
        verbose_name_plural = _("payment items")
        ordering = ["payment_list", "payee_name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_item_amount_positive"),
            models.UniqueConstraint(
                fields=["person", "benefit", "service_month"],
                condition=Q(kind=ItemKind.REGULAR, one_off=False),
                name="payment_item_one_regular_per_month",
            ),
            models.UniqueConstraint(
                fields=["award"],
                condition=Q(kind=ItemKind.REGULAR, one_off=True),
                name="payment_item_one_regular_per_one_off_award",
            ),
            models.UniqueConstraint(
                fields=["payment_list", "person", "benefit", "service_month"],
                condition=Q(kind=ItemKind.TOP_UP),
                name="payment_item_one_top_up_per_list_and_month",
            ),
            models.CheckConstraint(
                condition=(Q(kind=ItemKind.REISSUE) & Q(reissues__isnull=False))
                | (~Q(kind=ItemKind.REISSUE) & Q(reissues__isnull=True)),
                name="payment_item_reissue_names_its_original",
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.BANK) | Q(account__regex=r"^[0-9]{26}$"),
                name="payment_item_transfer_has_account",
            ),
            models.CheckConstraint(
                condition=(Q(setoff=0) & Q(setoff_debt__isnull=True))
                | (Q(setoff__gt=0) & Q(setoff__lte=F("amount")) & Q(setoff_debt__isnull=False)),
                name="payment_item_setoff_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ItemState.values), name="payment_item_state_code"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ItemKind.values), name="payment_item_kind_code"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "benefit", "service_month"]),
            models.Index(fields=["payment_list", "payee_name", "id"]),
            models.Index(fields=["payment_list", "state"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return reference_of(self.pk)

    @property
    def payable(self) -> Decimal:
        """What leaves for the payee: the amount less what was set off against a debt."""
        return self.amount - self.setoff

    @property
    def classification(self) -> str:
        return f"{self.section}/{self.chapter}/{self.paragraph}"


def reference_of(item_id: int) -> str:
    """The reference a payment item is known by on bank files and ledgers: W-0000000042."""
    return f"{REFERENCE_PREFIX}{item_id:0{REFERENCE_DIGITS}d}"


def item_id_of(reference: str) -> int | None:
    """The item's id in a reference read back from the bank (None if it is not ours)."""
    text = reference.strip().upper()
    digits = text.removeprefix(REFERENCE_PREFIX)
    if text == digits or len(digits) != REFERENCE_DIGITS or not digits.isdigit():
        return None
    return int(digits)


class EventKind(models.TextChoices):
    PAID = "wyplata", _("paid")
    RETURNED = "zwrot", _("returned by the bank")
    UNCOLLECTED = "niepodjecie", _("not collected")
    REISSUED = "ponowienie", _("paid again")
    REVERSED = "storno", _("mark reversed")


class ItemEventQuerySet(AppendOnlyQuerySet["ItemEvent"]):
    pass


class ItemEvent(AppendOnlyModel):
    """A mark on an item: never changed; a mistaken one is reversed by a `REVERSED` event."""

    item = models.ForeignKey(PaymentItem, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    on = models.DateField(_("day"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state_before = models.CharField(max_length=12, choices=ItemState.choices)
    state_after = models.CharField(max_length=12, choices=ItemState.choices)
    receipt_number = models.CharField(_("cash receipt (KW)"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ItemEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("mark of a payment item")
        verbose_name_plural = _("marks of payment items")
        ordering = ["item", "at", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.get_kind_display()}"


class OverpaymentState(models.TextChoices):
    OPEN = "do_rozliczenia", _("to settle")
    RECOVERY = "windykacja", _("recovery decided")
    NOT_UNDUE = "nie_nienalezne", _("not undue")
    CANCELLED = "anulowana", _("cancelled by a later change")


class Overpayment(TimeStampedModel):
    """More was given for a month than the awards now say it is owed (a change or revocation
    backdated into a paid month). Not yet an undue benefit: whether it is one (art. 6 pkt 16
    u.p.s.: obtained on untrue information or an unreported change) is for a decision."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    benefit = models.CharField(_("benefit"), max_length=40, choices=Benefit.choices)
    service_month = models.DateField(_("for the month"))
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, validators=[POSITIVE]
    )
    state = models.CharField(
        _("state"), max_length=16, choices=OverpaymentState.choices, default=OverpaymentState.OPEN
    )
    found_by = models.ForeignKey(
        PaymentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="overpayments"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The undue-benefit decision that asks it back (state RECOVERY).
    decision = models.ForeignKey(
        "benefits.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undue-benefit decision"),
    )

    class Meta:
        verbose_name = _("overpayment")
        verbose_name_plural = _("overpayments")
        ordering = ["-service_month", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="overpayment_amount_positive"),
            models.CheckConstraint(
                condition=Q(state__in=OverpaymentState.values), name="overpayment_state_code"
            ),
            models.CheckConstraint(
                condition=~Q(state=OverpaymentState.RECOVERY) | Q(decision__isnull=False),
                name="overpayment_recovery_names_the_decision",
            ),
            models.CheckConstraint(
                condition=~Q(state=OverpaymentState.NOT_UNDUE) | ~Q(note=""),
                name="overpayment_not_undue_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["person", "benefit", "service_month"])]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()} {self.service_month:%m.%Y}: {self.amount}"
