"""The year's plan of the benefits paid, per budget classification (dział/rozdział/paragraf)
and, where the centre's budget divides it so, per funding source.

A row with `funding` left blank plans the classification for every source together; a
classification is planned either that way or split by source, never both (the services hold
it: a blank row beside split ones would count the same money twice). The council changes the
plan during the year by its resolutions, so every change is kept in the row's history; the
execution itself is never stored here but read from the payments made
(`ostoja.payments.budget.selectors`).
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ostoja.core.models import TimeStampedModel
from ostoja.payments.models.common import Funding
from ostoja.payments.models.configuration import CHAPTER, PARAGRAPH, SECTION

FIRST_YEAR = 2000
LAST_YEAR = 2100
NOT_NEGATIVE = MinValueValidator(Decimal("0.00"))


class BudgetPlan(TimeStampedModel):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    section = models.CharField(_("section (dział)"), max_length=3, validators=[SECTION])
    chapter = models.CharField(_("chapter (rozdział)"), max_length=5, validators=[CHAPTER])
    paragraph = models.CharField(_("paragraph"), max_length=4, validators=[PARAGRAPH])
    funding = models.CharField(
        _("funding"),
        max_length=16,
        choices=Funding.choices,
        blank=True,
        default="",
        help_text=_("Leave blank when the plan covers every source of the classification."),
    )
    amount = models.DecimalField(
        _("planned amount"), max_digits=14, decimal_places=2, validators=[NOT_NEGATIVE]
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the council's resolution that set or changed the plan."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget plan row")
        verbose_name_plural = _("budget plan")
        ordering = ["year", "section", "chapter", "paragraph", "funding"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "section", "chapter", "paragraph", "funding"],
                name="budget_plan_one_row_per_classification",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="budget_plan_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="budget_plan_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(section__regex=r"^[0-9]{3}$")
                & Q(chapter__regex=r"^[0-9]{5}$")
                & Q(paragraph__regex=r"^[0-9]{4}$"),
                name="budget_plan_classification_digits",
            ),
            models.CheckConstraint(
                condition=Q(chapter__startswith=F("section")),
                name="budget_plan_chapter_in_section",
            ),
            models.CheckConstraint(
                condition=Q(funding="") | Q(funding__in=Funding.values),
                name="budget_plan_funding_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.label}"

    @property
    def classification(self) -> str:
        return f"{self.section}/{self.chapter}/{self.paragraph}"

    @property
    def label(self) -> str:
        """852/85216/3110, with its source when the plan is split by source."""
        if not self.funding:
            return self.classification
        return f"{self.classification} ({self.get_funding_display()})"
