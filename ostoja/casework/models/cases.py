"""The case file: one per household, its social workers over time and its reasons for help."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ostoja.casework.models.common import not_future
from ostoja.core.models import TimeStampedModel

# ---------------------------------------------------------------------------------------------
# The case file
# ---------------------------------------------------------------------------------------------


class HelpReason(models.Model):
    """The reasons for granting help (art. 7 u.p.s.; the list is open, "w szczególności"). Codes
    are stable: reports (MRPiPS-03) count families by them. Seeded by migration 0002."""

    code = models.CharField(_("code"), max_length=50, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    article = models.CharField(_("provision"), max_length=60, blank=True)
    ordering = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reason for help")
        verbose_name_plural = _("reasons for help")
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


class CaseState(models.TextChoices):
    OPEN = "otwarta", pgettext_lazy("case file", "open")
    CLOSED = "zamknieta", pgettext_lazy("case file", "closed")
    REOPENED = "wznowiona", pgettext_lazy("case file", "reopened")


class CloseReason(models.TextChoices):
    NO_LONGER_NEEDED = "ustanie_potrzeby", _("help no longer needed")
    MOVED_AWAY = "wyprowadzka", _("moved out of the gmina")
    DEATH = "zgon", _("death")
    NO_COOPERATION = "brak_wspolpracy", _("no cooperation")
    RESIGNED = "rezygnacja", _("the family gave up help")
    OTHER = "inny", _("other reason")


class CaseFile(TimeStampedModel):
    """The family's case file (teczka). One per household, for good."""

    household = models.OneToOneField(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="case_file",
        verbose_name=_("family"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=CaseState.choices, default=CaseState.OPEN
    )
    opened_on = models.DateField(_("opened on"), validators=[not_future])
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=[not_future])
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.TextField(_("note on closing"), blank=True)
    # Help in a permanent form (zasiłek stały and the like) asks for an update of the interview
    # at least every six months (art. 107 ust. 4 u.p.s., second sentence). Set by the worker
    # until the benefits capability sets it from the awards.
    permanent_help_since = models.DateField(
        _("permanent help since"),
        null=True,
        blank=True,
        help_text=_("E.g. zasiłek stały: the interview is then updated at least every 6 months."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CaseState.values), name="casefile_state_code"
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=CaseState.CLOSED, closed_on__isnull=False) & ~Q(close_reason="")
                    | ~Q(state=CaseState.CLOSED) & Q(closed_on__isnull=True)
                ),
                name="casefile_closed_with_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="casefile_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Case file of %(household)s") % {"household": self.household})

    @property
    def is_open(self) -> bool:
        return self.state != CaseState.CLOSED


class WorkerAssignment(models.Model):
    """Which social worker leads the case, from one day to another; the history of changes."""

    case = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("case")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_assignments",
        verbose_name=_("social worker"),
    )
    valid_from = models.DateField(_("since"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("social worker of the case")
        verbose_name_plural = _("social workers of the case")
        ordering = ["valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(valid_to__isnull=True),
                name="assignment_one_current_worker",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} ({self.valid_from:%d.%m.%Y})"


class CaseReason(TimeStampedModel):
    """A reason for help in this case, for the whole family (no person) or for one member, from
    one day to another. The same reason for the same person never overlaps in time (PostgreSQL:
    an exclusion constraint, migration 0001; SQLite: the service under the write lock)."""

    case = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="reasons", verbose_name=_("case")
    )
    reason = models.ForeignKey(
        HelpReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("reason")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
        help_text=_("Leave empty when the reason concerns the whole family."),
    )
    valid_from = models.DateField(_("since"), validators=[not_future])
    valid_to = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reason for help in the case")
        verbose_name_plural = _("reasons for help in the case")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="casereason_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.reason)

    def clean(self) -> None:
        if self.valid_to is not None and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end cannot be before the start.")})

    def is_current_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
