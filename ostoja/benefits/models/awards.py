"""Awards (przyznane świadczenia): what signed decisions grant, the input of payments.

An award is a segment: one benefit for one member, one amount, from a day until a day (or until
further notice). A later decision that changes, suspends or revokes it ends the segment the day
before its effect and, where the benefit goes on, starts a new one, so the history of an award
is its chain of segments. Monthly segments of one benefit for one member never overlap
(PostgreSQL: an exclusion constraint).
"""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.catalogue import Benefit, Frequency
from ostoja.benefits.models.common import NOT_NEGATIVE, known_benefit
from ostoja.benefits.models.decisions import Decision, DecisionLine, PaymentMethod
from ostoja.core.models import TimeStampedModel
from ostoja.registry.validators import validate_nrb


class AwardFrequency(models.TextChoices):
    MONTHLY = Frequency.MONTHLY.value, _("monthly")
    ONE_OFF = Frequency.ONE_OFF.value, _("one-off")


class AwardQuerySet(models.QuerySet["Award"]):
    def in_force_on(self, day: datetime.date) -> "AwardQuerySet":
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def monthly(self) -> "AwardQuerySet":
        return self.filter(frequency=AwardFrequency.MONTHLY)


class Award(TimeStampedModel):
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("granted by the decision"),
    )
    line = models.ForeignKey(
        DecisionLine, on_delete=models.PROTECT, null=True, blank=True, related_name="awards"
    )
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("family"),
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="awards", verbose_name=_("for")
    )
    payee = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("payee")
    )
    benefit = models.CharField(
        _("benefit"), max_length=40, choices=Benefit.choices, validators=[known_benefit]
    )
    frequency = models.CharField(_("frequency"), max_length=12, choices=AwardFrequency.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE],
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    suspended = models.BooleanField(_("suspended"), default=False)
    method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    account = models.CharField(
        _("account number"), max_length=26, blank=True, validators=[validate_nrb]
    )
    # The segment this one continues (after a change or a resumption).
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("continues"),
    )
    # The decision that ended this segment (changed, suspended or revoked it).
    ended_by = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards_ended",
        verbose_name=_("ended by"),
    )

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["household", "benefit", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="award_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="award_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=AwardFrequency.values), name="award_frequency_code"
            ),
            models.CheckConstraint(
                condition=~Q(method=PaymentMethod.BANK) | ~Q(account=""),
                name="award_bank_needs_account",
            ),
        ]
        indexes = [
            models.Index(fields=["benefit", "valid_from", "valid_to"]),
            models.Index(fields=["person", "benefit"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()} {self.valid_from:%d.%m.%Y}"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
