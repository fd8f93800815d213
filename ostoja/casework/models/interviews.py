"""The environmental interview (rodzinny wywiad środowiskowy, art. 107 u.p.s.)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ostoja.casework.models.cases import CaseFile
from ostoja.casework.models.common import not_future
from ostoja.core.models import AppendOnlyModel, TimeStampedModel

# ---------------------------------------------------------------------------------------------
# Environmental interview (rodzinny wywiad środowiskowy, art. 107 u.p.s.)
# ---------------------------------------------------------------------------------------------


class InterviewKind(models.TextChoices):
    FULL = "pelny", _("full interview")
    UPDATE = "aktualizacja", _("update of the interview")
    FAMILY_BENEFITS = "swiadczenia_rodzinne", _("interview for family benefits")
    REFUSED = "odmowa", _("refused interview")
    NOT_POSSIBLE = "niemozliwy", _("interview not possible")


class InterviewState(models.TextChoices):
    PLANNED = "zaplanowany", pgettext_lazy("interview", "planned")
    IN_PROGRESS = "w_trakcie", pgettext_lazy("interview", "in progress")
    COMPLETED = "zakonczony", pgettext_lazy("interview", "completed by the worker")
    SIGNED = "podpisany", pgettext_lazy("interview", "signed")
    CLOSED = "zamkniety", pgettext_lazy("interview", "closed")


# Past these states the answers are fixed: a correction is a new version.
INTERVIEW_FIXED_STATES = frozenset(
    {InterviewState.COMPLETED, InterviewState.SIGNED, InterviewState.CLOSED}
)


class Interview(TimeStampedModel):
    """One environmental interview (or its update), on a versioned questionnaire definition.

    `answers` maps a question's key (`"I.A.1"`, see `ostoja.casework.questionnaire`) to its
    value as the definition's answer type gives it. `version` (from TimeStampedModel) is the
    optimistic lock that the offline copy sends back when it syncs.
    """

    case = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=InterviewKind.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=InterviewState.choices, default=InterviewState.PLANNED
    )
    form_code = models.CharField(_("questionnaire"), max_length=40)
    form_version = models.CharField(_("questionnaire version"), max_length=20)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("social worker"),
    )
    need_known_on = models.DateField(
        _("need known on"),
        validators=[not_future],
        help_text=_("The day the centre learnt that the interview is needed."),
    )
    urgent = models.BooleanField(
        _("urgent case"), default=False, help_text=_("Due within 2 working days instead of 14.")
    )
    due_on = models.DateField(_("due on"))
    planned_on = models.DateField(_("visit planned on"), null=True, blank=True)
    conducted_on = models.DateField(
        _("conducted on"), null=True, blank=True, validators=[not_future]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # An update is pre-filled from the interview it updates.
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("updates the interview"),
    )
    # A correction of a completed interview is a new version of it.
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects the version"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # The client's statement (art. 107 ust. 5g u.p.s.) for an interview filled electronically.
    signed_on = models.DateField(_("signed on"), null=True, blank=True, validators=[not_future])
    signed_place = models.CharField(_("signed in"), max_length=100, blank=True)
    # When the signature was recorded: orders the steps of one day on the timeline.
    signed_at = models.DateTimeField(_("signature recorded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    refused_on = models.DateField(_("refused on"), null=True, blank=True, validators=[not_future])
    refusal_circumstances = models.TextField(_("circumstances of the refusal"), blank=True)

    history = HistoricalRecords(excluded_fields=["answers"])

    class Meta:
        verbose_name = _("environmental interview")
        verbose_name_plural = _("environmental interviews")
        ordering = ["-need_known_on", "-id"]
        indexes = [models.Index(fields=["state", "due_on"], name="interview_state_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InterviewKind.values), name="interview_kind_code"
            ),
            models.CheckConstraint(
                condition=Q(state__in=InterviewState.values), name="interview_state_code"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("need_known_on")), name="interview_due_after_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind=InterviewKind.REFUSED)
                | (Q(refused_on__isnull=False) & ~Q(refusal_circumstances="")),
                name="interview_refusal_has_date_and_circumstances",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="interview_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(kind=InterviewKind.UPDATE) | Q(based_on__isnull=False),
                name="interview_update_names_its_interview",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_fixed(self) -> bool:
        """Whether the answers can no longer change (completed, signed or closed)."""
        return self.state in INTERVIEW_FIXED_STATES

    @property
    def is_current_version(self) -> bool:
        return not hasattr(self, "superseded_by")


class InterviewAttempt(models.Model):
    """An attempt to carry out an interview that failed (nobody at home, …)."""

    interview = models.ForeignKey(
        Interview, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("interview")
    )
    attempted_on = models.DateField(_("date"), validators=[not_future])
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.TextField(_("what happened"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attempt at an interview")
        verbose_name_plural = _("attempts at an interview")
        ordering = ["attempted_on", "id"]

    def __str__(self) -> str:
        return f"{self.attempted_on:%d.%m.%Y}"


class InterviewAnswers(AppendOnlyModel):
    """The answers of an interview as saved at each of its versions: what an offline copy
    started from, so that a sync tells which answers changed on the server in the meantime.
    Append-only: one row per saved version."""

    interview = models.ForeignKey(
        Interview,
        on_delete=models.PROTECT,
        related_name="answer_versions",
        verbose_name=_("interview"),
    )
    version = models.PositiveIntegerField(_("version"))
    answers = models.JSONField(_("answers"), default=dict)
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("answers of an interview at a version")
        verbose_name_plural = _("answers of an interview at its versions")
        ordering = ["interview", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "version"], name="interview_answers_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interview_id} v{self.version}"
