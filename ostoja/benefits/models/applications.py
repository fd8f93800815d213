"""Applications (wnioski) and proceedings opened ex officio: what was asked, when it reached the
centre, what the family states for the assessment, the attachments, and the periods that do
not count towards the deadline of art. 35 k.p.a."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.models.common import NOT_NEGATIVE, known_benefit, not_future
from ostoja.core.models import TimeStampedModel


class Channel(models.TextChoices):
    IN_PERSON = "osobiscie", _("in person")
    POST = "poczta", _("by post")
    EPUAP = "epuap", _("ePUAP")
    EMPATIA = "empatia", _("Emp@tia")
    EX_OFFICIO = "z_urzedu", _("ex officio")


class ApplicationState(models.TextChoices):
    REGISTERED = "zarejestrowany", pgettext_lazy("application", "registered")
    IN_PROGRESS = "w_toku", pgettext_lazy("application", "in progress")
    SUSPENDED = "zawieszony", pgettext_lazy("application", "suspended")
    DECIDED = "rozpatrzony", pgettext_lazy("application", "decided")
    WITHDRAWN = "wycofany", pgettext_lazy("application", "withdrawn")


OPEN_APPLICATION_STATES = (
    ApplicationState.REGISTERED,
    ApplicationState.IN_PROGRESS,
    ApplicationState.SUSPENDED,
)


class Application(TimeStampedModel):
    """One application (or one proceeding opened ex officio) of one household under one act.

    The day of receipt starts the deadline for settling the case (art. 35 § 3 k.p.a.) and is the
    first month of a cash benefit of social assistance (art. 106 ust. 3 u.p.s.).
    """

    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("family"),
    )
    applicant = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    act = models.CharField(_("act"), max_length=3, choices=Act.choices)
    received_on = models.DateField(
        _("received on"),
        validators=[not_future],
        help_text=_("The day the application reached the centre (the stamp or the UPO)."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ApplicationState.choices,
        default=ApplicationState.REGISTERED,
    )
    complicated = models.BooleanField(
        _("particularly complicated case"),
        default=False,
        help_text=_("Two months instead of one to settle it (art. 35 § 3 k.p.a.)."),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications_handled",
        verbose_name=_("handled by"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # Family benefits: the first day of the benefit period applied for (1 November).
    benefit_period_start = models.DateField(_("benefit period from"), null=True, blank=True)
    # What the family states for the assessment beyond the registry (household-wide facts).
    farm_hectares = models.DecimalField(
        _("conversion hectares of the farm"),
        max_digits=10,
        decimal_places=4,
        default=0,
        validators=[NOT_NEGATIVE],
    )
    # Art. 8 ust. 3 u.p.s.: the month whose income is assessed, where it is not the month
    # before the application (lost income: the month of the application). Empty: the default.
    income_month = models.DateField(
        _("income month"),
        null=True,
        blank=True,
        help_text=_("Only when the income of another month is assessed (the first day)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    decided_on = models.DateField(_("settled on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(act__in=Act.values), name="application_act_code"),
            models.CheckConstraint(
                condition=Q(state__in=ApplicationState.values), name="application_state_code"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="application_channel_code"
            ),
            models.CheckConstraint(
                condition=Q(farm_hectares__gte=0), name="application_hectares_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(state=ApplicationState.WITHDRAWN, withdrawn_on__isnull=False)
                | ~Q(state=ApplicationState.WITHDRAWN),
                name="application_withdrawn_with_date",
            ),
        ]
        indexes = [models.Index(fields=["state", "handled_by"])]

    def __str__(self) -> str:
        return str(
            _("Application of %(applicant)s of %(day)s")
            % {"applicant": self.applicant, "day": f"{self.received_on:%d.%m.%Y}"}
        )

    @property
    def ex_officio(self) -> bool:
        return self.channel == Channel.EX_OFFICIO

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_APPLICATION_STATES

    def clean(self) -> None:
        if self.income_month is not None and self.income_month.day != 1:
            raise ValidationError({"income_month": _("Give the first day of the month.")})
        if self.withdrawn_on and self.received_on and self.withdrawn_on < self.received_on:
            raise ValidationError(
                {"withdrawn_on": _("The application cannot be withdrawn before it was received.")}
            )


class RequestedBenefit(models.Model):
    """A benefit the application asks for (one application may ask for several)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="requested",
        verbose_name=_("application"),
    )
    benefit = models.CharField(
        _("benefit"), max_length=40, choices=Benefit.choices, validators=[known_benefit]
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=300,
        blank=True,
        help_text=_("What the help is for (a purpose allowance: e.g. fuel, medicines)."),
    )
    amount = models.DecimalField(
        _("amount asked for"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE],
    )
    period_from = models.DateField(_("for the period from"), null=True, blank=True)
    period_to = models.DateField(_("for the period until"), null=True, blank=True)

    class Meta:
        verbose_name = _("benefit asked for")
        verbose_name_plural = _("benefits asked for")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "benefit"], name="requested_benefit_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="requested_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(period_to__isnull=True)
                | Q(period_from__isnull=True)
                | Q(period_to__gte=F("period_from")),
                name="requested_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.get_benefit_display()


class Incapacity(models.TextChoices):
    BY_AGE = "age", _("by age")
    NONE = "none", _("able to work")
    TOTAL = "total", _("totally unable to work")


class Disability(models.TextChoices):
    NONE = "none", _("none")
    CERTIFICATE = "certificate", _("disability certificate (child under 16)")
    MODERATE = "moderate", _("moderate degree")
    SIGNIFICANT = "significant", _("significant degree")


class MemberFacts(models.Model):
    """What the application states about one member beyond the registry, as its documents
    show (a disability certificate, a school certificate, the base year's income): the part of
    the rules' household the registry does not hold. Pre-filled from the household's previous
    application."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="member_facts",
        verbose_name=_("application"),
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    # Empty: decided by age on the day (art. 6 pkt 7 u.p.s.).
    incapacity = models.CharField(
        _("inability to work"), max_length=5, choices=Incapacity.choices, blank=True
    )
    disability = models.CharField(
        _("disability"), max_length=12, choices=Disability.choices, default=Disability.NONE
    )
    care_indications = models.BooleanField(
        _("indications of permanent care (point 7 and 8 of the certificate)"), default=False
    )
    # None: the application does not say.
    in_education = models.BooleanField(_("in education"), null=True, blank=True)
    married = models.BooleanField(_("married"), default=False)
    under_legal_guardian = models.BooleanField(_("under a legal guardian"), default=False)
    has_own_child = models.BooleanField(_("has a child of their own"), default=False)
    annual_income = models.DecimalField(
        _("income in the base year"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[NOT_NEGATIVE],
    )
    annual_alimony_paid = models.DecimalField(
        _("alimony paid in the base year"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[NOT_NEGATIVE],
    )
    # Person ids of the members this one cares for (care benefits).
    cares_for = models.JSONField(_("cares for"), default=list, blank=True)
    # Codes of `ostoja.rules.catalogues.BENEFITS_RECEIVED`.
    benefits_received = models.JSONField(_("benefits received"), default=list, blank=True)
    # Supplements of the family allowance asked for this member (the rules' supplement ids).
    supplements = models.JSONField(_("supplements asked for"), default=list, blank=True)

    class Meta:
        verbose_name = _("facts stated about a member")
        verbose_name_plural = _("facts stated about the members")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "person"], name="member_facts_once_per_person"
            ),
            models.CheckConstraint(
                condition=Q(annual_income__gte=0) & Q(annual_alimony_paid__gte=0),
                name="member_facts_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class PauseKind(models.TextChoices):
    SUSPENDED = "zawieszenie", _("proceedings suspended")
    PARTY_DELAY = "opoznienie_strony", _("delay caused by the party")
    STATUTORY_STEP = "czynnosc", _("period set by law for a step")
    BEYOND_CONTROL = "niezalezna", _("reason beyond the authority's control")


class DeadlinePause(TimeStampedModel):
    """A period that does not count towards the deadline (art. 35 § 5 k.p.a.). Periods of one
    application never overlap (PostgreSQL: an exclusion constraint)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PauseKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("period not counted towards the deadline")
        verbose_name_plural = _("periods not counted towards the deadline")
        ordering = ["application", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="pause_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(ends_on__isnull=True),
                name="pause_one_open_per_application",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        if self.ends_on is not None and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})

    def days_on(self, until: datetime.date) -> int:
        """The days of this pause up to `until` (both ends counted)."""
        end = min(self.ends_on or until, until)
        return max((end - self.starts_on).days + 1, 0)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is the checksum: never the party's file name, which may carry data.
    return f"benefits/attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """A scanned or electronic document of the application, stored with its SHA-256."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("application"),
    )
    name = models.CharField(_("document"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "sha256"], name="attachment_once_per_application"
            ),
        ]

    def __str__(self) -> str:
        return self.name
