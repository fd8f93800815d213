"""The health contributions the centre pays to ZUS for recipients of zasiłek stały (składka na
ubezpieczenie zdrowotne za osoby pobierające zasiłek stały).

A recipient not insured on another title is insured by law (art. 66 ust. 1 pkt 26 ustawy
o świadczeniach opieki zdrowotnej finansowanych ze środków publicznych) from the day the
allowance is granted until the right is lost (art. 73); the centre registers them (ZUS ZZA),
deregisters them (ZUS ZWUA, reason code 250) and every month reports each person's base and
contribution (ZUS RZA) with the settlement declaration (ZUS DRA), by the 5th of the following
month for a budget unit.

- `ZusSettings`: the payer's data for the documents, one row (pk 1).
- `ZusOtherTitle`: a person recorded as insured on another title, with the reason: no
  registration is made for them.
- `ZusRegistration`: one period of insurance of a person; periods of one person never overlap
  (PostgreSQL: an exclusion constraint; every database: at most one open period per person).
- `ZusMonth` and `ZusContribution`: a month's contributions, one per person and month, frozen
  once the month is declared (PostgreSQL: a trigger refuses to change or delete them).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from stdnum.pl import regon as stdnum_regon

from ostoja.core.models import TimeStampedModel
from ostoja.partners.validators import validate_nip
from ostoja.registry.validators import validate_nrb

# The reason of deregistration for a person whose zasiłek stały ends: "decyzja o zaprzestaniu
# opłacania składki za osobę pobierającą zasiłek stały z pomocy społecznej" (ZUS code list of
# reasons of deregistration, as the payroll programs list it).
END_OF_ALLOWANCE = "250"

TITLE_CODE = RegexValidator(
    r"^\d{6}$",
    _(
        "The insurance-title code has 6 digits (4 of the title, 1 of the pension right, 1 of the "
        "disability degree), e.g. as the centre's Płatnik shows it."
    ),
)
DECLARATION_NUMBER = RegexValidator(r"^\d{2}$", _("A declaration number has 2 digits, e.g. 01."))
REASON_CODE = RegexValidator(r"^\d{3}$", _("A reason code has 3 digits, e.g. 250."))


def validate_payer_regon(value: str) -> None:
    """The payer's REGON as the ZUS documents carry it: 9 digits with a correct check digit."""
    if not value:
        return
    if not (len(value) == 9 and value.isdigit()) or not stdnum_regon.is_valid(value):
        raise ValidationError(
            _("The payer's REGON has 9 digits; check the last one, the check digit."),
            code="regon",
        )


class ZusSettings(TimeStampedModel):
    """What the ZUS documents say of the centre as the payer: one row (pk 1).

    The insurance-title code of zasiłek stały recipients is a setting and not a constant: the
    code was not confirmed in ZUS's code list (the `18 xx` group holds health-insurance-only
    titles; the code of this title was not found). It is empty until the accountant copies it
    from the centre's Płatnik, and no KEDU file is made without it."""

    payer_nip = models.CharField(
        _("payer's NIP"), max_length=10, blank=True, validators=[validate_nip]
    )
    payer_regon = models.CharField(
        _("payer's REGON"), max_length=9, blank=True, validators=[validate_payer_regon]
    )
    payer_short_name = models.CharField(
        _("payer's short name"),
        max_length=31,
        blank=True,
        help_text=_("As registered with ZUS, up to 31 characters."),
    )
    title_code = models.CharField(
        _("insurance-title code"),
        max_length=6,
        blank=True,
        validators=[TITLE_CODE],
        help_text=_(
            "Not confirmed in ZUS's code list: take it from the centre's Płatnik (the ZUS RZA "
            "of a current recipient of zasiłek stały shows it). Without it no KEDU file is made."
        ),
    )
    declaration_from = models.CharField(
        _("first declaration number of the range"),
        max_length=2,
        default="01",
        validators=[DECLARATION_NUMBER],
        help_text=_(
            "The range of declaration numbers ZUS gave the centre for benefit recipients "
            "(confirm it in the letter from ZUS); the month's declaration takes the first."
        ),
    )
    declaration_to = models.CharField(
        _("last declaration number of the range"),
        max_length=2,
        default="39",
        validators=[DECLARATION_NUMBER],
    )
    contribution_account = models.CharField(
        _("contribution account (NRS)"),
        max_length=26,
        blank=True,
        validators=[validate_nrb],
        help_text=_(
            "The individual contribution account ZUS gave for this range of declarations: "
            "26 digits ending with the payer's NIP."
        ),
    )
    # The first month declared with Ostoja: persons registered before it were registered by
    # the system used before, so Ostoja makes no ZZA for them. Fixed by the first sync.
    first_month = models.DateField(_("first month declared with Ostoja"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ZUS settings")
        verbose_name_plural = _("ZUS settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="zus_settings_single_row"),
            models.CheckConstraint(
                condition=Q(payer_nip="") | Q(payer_nip__regex=r"^[0-9]{10}$"),
                name="zus_settings_nip_digits",
            ),
            models.CheckConstraint(
                condition=Q(payer_regon="") | Q(payer_regon__regex=r"^[0-9]{9}$"),
                name="zus_settings_regon_digits",
            ),
            models.CheckConstraint(
                condition=Q(title_code="") | Q(title_code__regex=r"^[0-9]{6}$"),
                name="zus_settings_title_code_digits",
            ),
            models.CheckConstraint(
                condition=Q(declaration_from__regex=r"^[0-9]{2}$")
                & Q(declaration_to__regex=r"^[0-9]{2}$")
                & Q(declaration_from__lte=F("declaration_to")),
                name="zus_settings_declaration_range",
            ),
            models.CheckConstraint(
                condition=Q(contribution_account="")
                | Q(contribution_account__regex=r"^[0-9]{26}$"),
                name="zus_settings_account_digits",
            ),
        ]

    def __str__(self) -> str:
        return str(_("ZUS settings"))

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.declaration_from > self.declaration_to:
            errors["declaration_to"] = ValidationError(
                _("The last number of the range cannot come before the first.")
            )
        account = self.contribution_account
        if account and len(account) == 26:
            # NRS: check digits, ZUS's sort code 60000002, then a part ending with the NIP.
            if account[2:10] != "60000002":
                errors["contribution_account"] = ValidationError(
                    _("A ZUS contribution account has 60000002 after its first two digits.")
                )
            elif self.payer_nip and not account.endswith(self.payer_nip):
                errors["contribution_account"] = ValidationError(
                    _("A ZUS contribution account ends with the payer's NIP.")
                )
        if errors:
            raise ValidationError(errors)


class ZusOtherTitle(TimeStampedModel):
    """A person the centre recorded as insured on another title (e.g. as a family member of an
    insured person): while `insured_elsewhere` holds, no registration is made for them."""

    person = models.OneToOneField(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="zus_other_title",
        verbose_name=_("person"),
    )
    insured_elsewhere = models.BooleanField(_("insured on another title"), default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("insurance on another title")
        verbose_name_plural = _("insurance on other titles")
        constraints = [
            models.CheckConstraint(
                condition=Q(insured_elsewhere=False) | ~Q(reason=""),
                name="zus_other_title_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.reason}"


class RegistrationState(models.TextChoices):
    REGISTERED = "zgloszona", pgettext_lazy("ZUS registration", "registered")
    DEREGISTERED = "wyrejestrowana", pgettext_lazy("ZUS registration", "deregistered")


class ZusRegistration(TimeStampedModel):
    """One period of a person's health insurance through the centre, from the day the
    zasiłek stały is granted (`valid_from`) to the last day of the right (`valid_to`, empty while
    it lasts). `zza_date` is the day the registration was recorded for the ZZA (empty for a
    person registered before the first month declared with Ostoja); `zwua_date` the day the
    deregistration was recorded for the ZWUA, with its reason code."""

    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="zus_registrations",
        verbose_name=_("person"),
    )
    award = models.ForeignKey(
        "benefits.Award",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("zasiłek stały giving the title"),
    )
    valid_from = models.DateField(_("insured from"))
    valid_to = models.DateField(_("insured until"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=RegistrationState.choices,
        default=RegistrationState.REGISTERED,
    )
    carried_over = models.BooleanField(_("registered before Ostoja"), default=False)
    zza_date = models.DateField(_("ZZA recorded on"), null=True, blank=True)
    zwua_date = models.DateField(_("ZWUA recorded on"), null=True, blank=True)
    zwua_reason = models.CharField(
        _("reason of deregistration"), max_length=3, blank=True, validators=[REASON_CODE]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    deregistered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deregistered by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ZUS health-insurance registration")
        verbose_name_plural = _("ZUS health-insurance registrations")
        ordering = ["person", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="zus_registration_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(state__in=RegistrationState.values),
                name="zus_registration_state_code",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=RegistrationState.REGISTERED)
                    & Q(valid_to__isnull=True)
                    & Q(zwua_date__isnull=True)
                    & Q(zwua_reason="")
                )
                | (
                    Q(state=RegistrationState.DEREGISTERED)
                    & Q(valid_to__isnull=False)
                    & Q(zwua_date__isnull=False)
                    & Q(zwua_reason__regex=r"^[0-9]{3}$")
                ),
                name="zus_registration_deregistered_has_end_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(carried_over=True) | Q(zza_date__isnull=False),
                name="zus_registration_has_zza_unless_carried_over",
            ),
            # The open period of a person is one; that closed ones never overlap each other or
            # it is an exclusion constraint on PostgreSQL (migration 0003) and the service's
            # check elsewhere.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state=RegistrationState.REGISTERED),
                name="zus_registration_one_open_per_person",
            ),
        ]
        indexes = [models.Index(fields=["person", "valid_from"])]

    def __str__(self) -> str:
        until = f"{self.valid_to:%d.%m.%Y}" if self.valid_to else "…"
        return f"{self.person} {self.valid_from:%d.%m.%Y}–{until}"


class ZusMonthState(models.TextChoices):
    PREPARED = "przygotowany", pgettext_lazy("ZUS month", "prepared")
    DECLARED = "zlozony", pgettext_lazy("ZUS month", "declared")


class ZusMonth(TimeStampedModel):
    """The contributions of one month as a whole: prepared (made again on every preparation)
    and then declared (frozen)."""

    month = models.DateField(_("month"), unique=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ZusMonthState.choices, default=ZusMonthState.PREPARED
    )
    person_count = models.PositiveIntegerField(_("persons"), default=0)
    base_total = models.DecimalField(_("sum of bases"), max_digits=14, decimal_places=2, default=0)
    contribution_total = models.DecimalField(
        _("sum of contributions"), max_digits=14, decimal_places=2, default=0
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    prepared_at = models.DateTimeField(_("prepared at"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("month of ZUS contributions")
        verbose_name_plural = _("months of ZUS contributions")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ZusMonthState.values), name="zus_month_state_code"
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=ZusMonthState.PREPARED)
                    & Q(declared_by__isnull=True)
                    & Q(declared_at__isnull=True)
                )
                | (
                    Q(state=ZusMonthState.DECLARED)
                    & Q(declared_by__isnull=False)
                    & Q(declared_at__isnull=False)
                ),
                name="zus_month_declared_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(base_total__gte=0) & Q(contribution_total__gte=0),
                name="zus_month_totals_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}"

    @property
    def is_declared(self) -> bool:
        return self.state == ZusMonthState.DECLARED


class ZusContribution(TimeStampedModel):
    """One person's contribution for one month: the base is the zasiłek stały paid for the
    month, the contribution the rate of the base rounded half-up to the grosz. The title code
    is written on declaration, from the settings of that day."""

    zus_month = models.ForeignKey(
        ZusMonth, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("month")
    )
    registration = models.ForeignKey(
        ZusRegistration,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("registration"),
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="zus_contributions",
        verbose_name=_("person"),
    )
    month = models.DateField(_("month"))
    base = models.DecimalField(_("contribution base"), max_digits=10, decimal_places=2)
    rate = models.DecimalField(_("rate"), max_digits=5, decimal_places=4)
    contribution = models.DecimalField(_("contribution"), max_digits=10, decimal_places=2)
    # The items paid that make the base: id, kind and amount of each.
    computation = models.JSONField(_("computation"), default=list, blank=True)
    title_code = models.CharField(
        _("insurance-title code"), max_length=6, blank=True, validators=[TITLE_CODE]
    )
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )

    class Meta:
        verbose_name = _("ZUS health contribution")
        verbose_name_plural = _("ZUS health contributions")
        ordering = ["month", "person", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month"], name="zus_contribution_one_per_person_and_month"
            ),
            models.CheckConstraint(
                condition=Q(base__gte=0), name="zus_contribution_base_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(contribution__gte=0), name="zus_contribution_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0) & Q(rate__lt=1), name="zus_contribution_rate_a_fraction"
            ),
            models.CheckConstraint(
                condition=(
                    Q(declared_at__isnull=True) & Q(declared_by__isnull=True) & Q(title_code="")
                )
                | (
                    Q(declared_at__isnull=False)
                    & Q(declared_by__isnull=False)
                    & Q(title_code__regex=r"^[0-9]{6}$")
                ),
                name="zus_contribution_declared_has_who_when_and_title",
            ),
        ]
        indexes = [models.Index(fields=["month", "person"])]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%m.%Y}: {self.contribution}"

    @property
    def is_declared(self) -> bool:
        return self.declared_at is not None
