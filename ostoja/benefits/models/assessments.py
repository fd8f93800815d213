"""Assessments: what the rules found for one benefit of one application, frozen.

An assessment stores the rules' household exactly as it was computed (`household`, the rules'
JSON schema), the result with its reasons and the parameters used with their references, and the
version of the rules. It is never changed: a re-assessment is a new row, and a decision keeps
pointing at the one it rests on. On PostgreSQL a trigger refuses an update or a delete.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models.applications import Application
from ostoja.benefits.models.common import known_benefit
from ostoja.core.models import AppendOnlyModel, AppendOnlyQuerySet


class AssessmentFlag(models.TextChoices):
    """What the clerk must see before deciding (each with its provision)."""

    INTERVIEW_MISSING = "wywiad_brak", _("no environmental interview (art. 106 ust. 4 u.p.s.)")
    INTERVIEW_STALE = (
        "wywiad_nieaktualny",
        _("the interview is older than six months (art. 107 ust. 4 u.p.s.)"),
    )
    INTERVIEW_REFUSED = (
        "wywiad_odmowa",
        _("the family refused the interview (art. 11 ust. 2 u.p.s.)"),
    )
    COOPERATION = "brak_wspolpracy", _("events of the duty to cooperate recorded (art. 11 u.p.s.)")
    UNVERIFIED = "niepotwierdzone", _("rests on a figure or reading not confirmed in the statute")


class AssessmentQuerySet(AppendOnlyQuerySet["Assessment"]):
    pass


class Assessment(AppendOnlyModel):
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("application"),
    )
    benefit = models.CharField(
        _("benefit"), max_length=40, choices=Benefit.choices, validators=[known_benefit]
    )
    # The day the law is applied on (the day of receipt, or the first day of the benefit period).
    day = models.DateField(_("law in force on"))
    period_kind = models.CharField(_("income period"), max_length=12)
    period_start = models.DateField(_("income period from"))
    period_end = models.DateField(_("income period until"))
    household = models.JSONField(_("household assessed"), encoder=DjangoJSONEncoder)
    # Who is who in `household`: member id -> registry person id.
    persons = models.JSONField(_("persons"), default=dict)
    result = models.JSONField(_("result"), encoder=DjangoJSONEncoder)
    eligible = models.BooleanField(_("eligible"))
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rules_version = models.CharField(_("rules version"), max_length=80)
    flags = models.JSONField(_("warnings"), default=list)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-assessment of"),
    )
    # Set when the assessment was made by a re-indexation rather than by a clerk.
    reindexation = models.ForeignKey(
        "benefits.Reindexation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["application", "-made_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="assessment_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Assessment of %(benefit)s of %(day)s")
            % {"benefit": self.get_benefit_display(), "day": f"{self.day:%d.%m.%Y}"}
        )
