"""Re-indexation: when the parameters of the law change on a day (the criteria from 1 January,
the yearly amount of świadczenie pielęgnacyjne), every monthly award in force that day is
re-assessed with its frozen input and the new parameters, and an amending decision is drafted
for each award whose amount changes (art. 106 ust. 5 u.p.s.).

One run per day of change; one item per award in a run (a unique constraint), so a run repeated
or resumed after it was killed never drafts twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ostoja.core.models import TimeStampedModel


class ReindexState(models.TextChoices):
    QUEUED = "w_kolejce", pgettext_lazy("task", "queued")
    RUNNING = "w_toku", pgettext_lazy("task", "running")
    DONE = "zakonczona", pgettext_lazy("task", "finished")
    FAILED = "blad", pgettext_lazy("task", "failed")


class Reindexation(TimeStampedModel):
    effective_on = models.DateField(_("parameters change on"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReindexState.choices, default=ReindexState.QUEUED
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("awards in force"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    changed = models.PositiveIntegerField(_("amount changed"), default=0)
    unchanged = models.PositiveIntegerField(_("amount unchanged"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("re-indexation")
        verbose_name_plural = _("re-indexations")
        ordering = ["-effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["effective_on"], name="reindexation_once_per_day"),
            models.CheckConstraint(
                condition=Q(state__in=ReindexState.values), name="reindexation_state_code"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Re-indexation of %(day)s") % {"day": f"{self.effective_on:%d.%m.%Y}"})

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.state == ReindexState.DONE else 0
        return min(100, self.processed * 100 // self.total)


class ReindexOutcome(models.TextChoices):
    CHANGED = "zmiana", _("amount changes")
    UNCHANGED = "bez_zmian", _("amount unchanged")
    NOT_ELIGIBLE = "brak_prawa", _("no longer eligible")
    ERROR = "blad", _("error")


class ReindexItem(models.Model):
    reindexation = models.ForeignKey(Reindexation, on_delete=models.CASCADE, related_name="items")
    award = models.ForeignKey("benefits.Award", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReindexOutcome.choices)
    old_amount = models.DecimalField(_("amount so far"), max_digits=10, decimal_places=2, null=True)
    new_amount = models.DecimalField(_("new amount"), max_digits=10, decimal_places=2, null=True)
    assessment = models.ForeignKey(
        "benefits.Assessment", on_delete=models.PROTECT, null=True, related_name="+"
    )
    decision = models.OneToOneField(
        "benefits.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reindex_item",
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("re-indexed award")
        verbose_name_plural = _("re-indexed awards")
        ordering = ["reindexation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reindexation", "award"], name="reindex_item_once_per_award"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} → {self.new_amount}"

    @property
    def difference(self) -> object:
        if self.old_amount is None or self.new_amount is None:
            return None
        return self.new_amount - self.old_amount
