"""Administrative decisions (art. 104 and 107 k.p.a.), their numbers, the authorisations of the
people who sign them, and appeals.

A decision is drafted, sent for approval, signed, delivered and becomes final, or is appealed
and goes to the self-government board of appeal (SKO). A signed decision is never edited: it is
changed by another decision that points at it (`changes`). On PostgreSQL a trigger refuses any
change of a signed decision's content and of its lines.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.models.applications import Application
from ostoja.benefits.models.assessments import Assessment
from ostoja.benefits.models.common import NOT_NEGATIVE, POSITIVE_AMOUNT, known_benefit
from ostoja.core.models import TimeStampedModel
from ostoja.registry.validators import validate_nrb


class DecisionRegister(TimeStampedModel):
    """A register of decisions with its own yearly sequence of numbers (a symbol of the
    office's list of file categories, e.g. GOPS.8311 for social assistance)."""

    name = models.CharField(_("name"), max_length=120)
    symbol = models.CharField(
        _("symbol"),
        max_length=40,
        help_text=_("The part of the number before the sequence, e.g. GOPS.8311."),
    )
    # Empty: the register serves both acts.
    act = models.CharField(_("act"), max_length=3, choices=Act.choices, blank=True)
    pattern = models.CharField(
        _("number pattern"),
        max_length=60,
        default="{symbol}.{number}.{year}",
        help_text=_("How the number is written: {symbol}, {number} and {year}."),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("register of decisions")
        verbose_name_plural = _("registers of decisions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["symbol"], name="register_symbol_unique"),
            models.UniqueConstraint(
                fields=["act"], condition=Q(active=True), name="register_one_active_per_act"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.symbol})"

    def clean(self) -> None:
        if "{number}" not in self.pattern:
            raise ValidationError({"pattern": _("The pattern must contain {number}.")})
        try:
            self.format_number(number=1, year=2000)
        except (KeyError, IndexError, ValueError):
            raise ValidationError(
                {"pattern": _("Use only {symbol}, {number} and {year} in the pattern.")}
            ) from None

    def format_number(self, *, number: int, year: int) -> str:
        return self.pattern.format(symbol=self.symbol, number=number, year=year)


class RegisterCounter(models.Model):
    """The last number given in a register in a year. The signing service locks this row, so
    numbers are given one at a time, never twice and never skipped (a rolled-back signing
    returns its number with the rollback)."""

    register = models.ForeignKey(DecisionRegister, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="counter_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.register.symbol} {self.year}: {self.last_number}"


class Authorisation(TimeStampedModel):
    """An authorisation (upoważnienie) to issue decisions in the name of the authority
    (art. 268a k.p.a., art. 110 ust. 7–8 u.p.s.), as the letter granting it says."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authorisations",
        verbose_name=_("staff member"),
    )
    number = models.CharField(_("number"), max_length=60)
    granted_by = models.CharField(
        _("granted by"), max_length=200, help_text=_("E.g. Wójt Gminy Dębowo.")
    )
    granted_on = models.DateField(_("granted on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    social_assistance = models.BooleanField(_("social assistance"), default=True)
    family_benefits = models.BooleanField(_("family benefits"), default=False)
    position = models.CharField(
        _("position"), max_length=120, help_text=_("As it is printed under the signature.")
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("authorisation")
        verbose_name_plural = _("authorisations")
        ordering = ["user", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="authorisation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(social_assistance=True) | Q(family_benefits=True),
                name="authorisation_covers_an_act",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Authorisation no. %(number)s") % {"number": self.number})

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end cannot be before the start.")})
        if not (self.social_assistance or self.family_benefits):
            raise ValidationError(_("An authorisation covers at least one act."))

    def covers(self, *, act: str, day: datetime.date) -> bool:
        """Valid on the day for decisions under the act."""
        if day < self.valid_from or (self.valid_to is not None and day > self.valid_to):
            return False
        if self.revoked_on is not None and day >= self.revoked_on:
            return False
        if act == Act.SOCIAL_ASSISTANCE:
            return self.social_assistance
        return self.family_benefits


class DecisionKind(models.TextChoices):
    GRANT = "przyznanie", pgettext_lazy("decision kind", "granting")
    REFUSAL = "odmowa", pgettext_lazy("decision kind", "refusal")
    CHANGE = "zmiana", pgettext_lazy("decision kind", "change")
    REVOCATION = "uchylenie", pgettext_lazy("decision kind", "revocation")
    SUSPENSION = "zawieszenie", pgettext_lazy("decision kind", "suspension")
    RESUMPTION = "wznowienie", pgettext_lazy("decision kind", "resumption")
    DISCONTINUANCE = (
        "umorzenie",
        pgettext_lazy("decision kind", "discontinuance of the proceedings"),
    )
    UNDUE = "nienalezne", pgettext_lazy("decision kind", "undue benefit")
    # Art. 104 ust. 4 u.p.s. (applied by art. 98), art. 30 ust. 9 u.ś.r.: waiving, deferring or
    # spreading into instalments what an undue-benefit decision fixed (`Decision.relief`).
    RELIEF = "ulga", pgettext_lazy("decision kind", "relief in repayment")


# Kinds that act on an earlier decision (`Decision.changes` names it).
KINDS_CHANGING_A_DECISION = (
    DecisionKind.CHANGE,
    DecisionKind.REVOCATION,
    DecisionKind.SUSPENSION,
    DecisionKind.RESUMPTION,
)


class Relief(models.TextChoices):
    """What a relief decision grants the debtor of an undue benefit."""

    WAIVER = "umorzenie", _("waiver of the amount in whole or in part")
    DEFERRAL = "odroczenie", _("deferral of the repayment deadline")
    INSTALMENTS = "raty", _("spreading into instalments")
    ABANDONMENT = "odstapienie", _("abandoning the demand for repayment")


# The repayment terms a decision may fix: the deadline and the instalments of an undue-benefit
# decision (art. 104 ust. 3 u.p.s.), and the new ones of a relief decision.
MAX_INSTALMENTS = 120


class DecisionState(models.TextChoices):
    DRAFT = "projekt", pgettext_lazy("decision", "draft")
    FOR_APPROVAL = "do_podpisu", pgettext_lazy("decision", "for signature")
    SIGNED = "podpisana", pgettext_lazy("decision", "signed")
    DELIVERED = "doreczona", pgettext_lazy("decision", "delivered")
    FINAL = "ostateczna", pgettext_lazy("decision", "final")
    APPEALED = "odwolanie", pgettext_lazy("decision", "appealed")
    AT_BOARD = "w_sko", pgettext_lazy("decision", "at the board of appeal")
    REVIEWED = "rozpatrzona", pgettext_lazy("decision", "reviewed by the board of appeal")
    DISCARDED = "odrzucony", pgettext_lazy("decision", "draft discarded")


EDITABLE_STATES = (DecisionState.DRAFT, DecisionState.FOR_APPROVAL)
ISSUED_STATES = (
    DecisionState.SIGNED,
    DecisionState.DELIVERED,
    DecisionState.FINAL,
    DecisionState.APPEALED,
    DecisionState.AT_BOARD,
    DecisionState.REVIEWED,
)


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "osobiscie", _("in person at the centre")
    POST = "poczta", _("by post with a return receipt")
    NOTICE = "awizo", _("by post, not collected (art. 44 k.p.a.)")
    ELECTRONIC = "e_doreczenie", _("electronic delivery")
    REFUSED = "odmowa", _("acceptance refused (art. 47 k.p.a.)")


class Decision(TimeStampedModel):
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("application"),
    )
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("family"),
    )
    party = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("party"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DecisionKind.choices)
    act = models.CharField(_("act"), max_length=3, choices=Act.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=DecisionState.choices, default=DecisionState.DRAFT
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("assessment"),
    )
    changes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changed_by",
        verbose_name=_("changes the decision"),
    )
    reindexation = models.ForeignKey(
        "benefits.Reindexation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    # The terms of repaying an undue benefit (art. 104 ust. 3 u.p.s.: the amount and the
    # deadline are fixed by the decision), and of a relief decision (`Relief`).
    repay_by = models.DateField(
        _("repay by"),
        null=True,
        blank=True,
        help_text=_("The deadline, or the day the first instalment is due."),
    )
    instalments = models.PositiveSmallIntegerField(
        _("number of instalments"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INSTALMENTS)],
        help_text=_("1: at once. Later instalments fall due on the same day of each month."),
    )
    interest_from = models.DateField(
        _("statutory interest from"),
        null=True,
        blank=True,
        help_text=_(
            "Family benefits are repaid with statutory interest for delay (art. 30 ust. 1 "
            "u.ś.r.): the day it runs from."
        ),
    )
    relief = models.CharField(_("relief"), max_length=12, choices=Relief.choices, blank=True)
    relief_amount = models.DecimalField(
        _("amount waived"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[POSITIVE_AMOUNT],
        help_text=_("Empty: everything still owed, with the interest."),
    )
    # Given at signing.
    register = models.ForeignKey(
        DecisionRegister, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("number in the register"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=80, blank=True)
    # The content (art. 107 § 1 k.p.a.), drafted from the assessment, editable until signed.
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"))
    operative = models.TextField(_("operative part"))
    justification_facts = models.TextField(_("factual justification"), blank=True)
    justification_law = models.TextField(_("legal justification"), blank=True)
    appeal_instruction = models.TextField(_("instruction on appeal"))
    distribution = models.TextField(_("distribution list"))
    immediately_enforceable = models.BooleanField(
        _("immediately enforceable (art. 108 k.p.a.)"), default=False
    )
    enforceability_reason = models.CharField(
        _("reason for immediate enforceability"), max_length=300, blank=True
    )
    # Art. 130 § 4 k.p.a.: a decision granting what all parties asked is executed before finality.
    grants_request_in_full = models.BooleanField(
        _("grants the request in full (art. 130 § 4 k.p.a.)"), default=False
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_drafted"
    )
    submitted_at = models.DateTimeField(_("sent for signature"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_signed",
        verbose_name=_("signed by"),
    )
    authorisation = models.ForeignKey(
        Authorisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    issued_on = models.DateField(_("date of the decision"), null=True, blank=True)
    # The document as signed: the PDF frozen at signing, with its checksum.
    document = models.FileField(_("document"), upload_to="benefits/decisions/", blank=True)
    document_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # Delivery (art. 39–47 k.p.a.).
    delivery_method = models.CharField(
        _("delivery"), max_length=12, choices=DeliveryMethod.choices, blank=True
    )
    first_notice_on = models.DateField(_("first notice left on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    waiver_received_on = models.DateField(
        _("waiver of the appeal received on"), null=True, blank=True
    )
    final_on = models.DateField(_("final on"), null=True, blank=True)
    # A decision issued before the centre used Ostoja, recorded from the paper file so that its
    # awards are paid and changed here: its number and signatory are as on the original.
    imported = models.BooleanField(_("issued before Ostoja"), default=False)
    signatory = models.CharField(
        _("signed by (as on the original)"),
        max_length=200,
        blank=True,
        help_text=_("The name and the position of the person who signed the original."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="decision_kind_code"
            ),
            models.CheckConstraint(
                condition=Q(state__in=DecisionState.values), name="decision_state_code"
            ),
            models.CheckConstraint(condition=Q(act__in=Act.values), name="decision_act_code"),
            models.UniqueConstraint(
                fields=["register", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="decision_number_once",
            ),
            # Issued: numbered, signed by someone with an authorisation, dated; or issued before
            # Ostoja with the number, the signatory and the date of the original.
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in EDITABLE_STATES])
                | Q(state=DecisionState.DISCARDED)
                | (
                    Q(imported=False)
                    & Q(sequence__isnull=False)
                    & Q(signed_by__isnull=False)
                    & Q(authorisation__isnull=False)
                    & Q(issued_on__isnull=False)
                )
                | (
                    Q(imported=True) & ~Q(number="") & ~Q(signatory="") & Q(issued_on__isnull=False)
                ),
                name="decision_issued_is_signed_and_numbered",
            ),
            models.CheckConstraint(
                condition=Q(imported=False)
                | Q(state__in=[s.value for s in ISSUED_STATES], sequence__isnull=True),
                name="decision_imported_is_issued_outside_the_register",
            ),
            # A number is never given twice, whether by a register of Ostoja or on paper before.
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="decision_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[k.value for k in KINDS_CHANGING_A_DECISION])
                | Q(changes__isnull=False),
                name="decision_change_names_the_decision",
            ),
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True) | Q(issued_on__isnull=False),
                name="decision_delivered_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(instalments__gte=1, instalments__lte=MAX_INSTALMENTS),
                name="decision_instalments_in_range",
            ),
            models.CheckConstraint(
                condition=Q(relief_amount__isnull=True) | Q(relief_amount__gt=0),
                name="decision_relief_amount_positive",
            ),
            # A relief is granted on an undue-benefit decision, and says which relief it is.
            models.CheckConstraint(
                condition=~Q(kind=DecisionKind.RELIEF)
                | (Q(changes__isnull=False) & Q(relief__in=Relief.values)),
                name="decision_relief_names_the_decision_and_the_relief",
            ),
            models.CheckConstraint(
                condition=Q(kind=DecisionKind.RELIEF) | Q(relief="", relief_amount__isnull=True),
                name="decision_relief_only_in_a_relief_decision",
            ),
        ]
        # The register's orders, each with the id that breaks ties (`core.tables`), so that
        # its first page is read from an index and stops after one page instead of sorting
        # every decision (at 100 000 decisions: 40 ms instead of 350). An index serves both
        # directions where no column may be empty; the number and the date may (a draft has
        # neither), and the empty ones go last either way, so those have one index a way (the
        # descending ones on PostgreSQL only: SQLite cannot index NULLS LAST, migration 0004).
        indexes = [
            models.Index(fields=["state", "id"], name="decision_state_idx"),
            models.Index(fields=["kind", "id"], name="decision_kind_idx"),
            models.Index(fields=["issued_on"]),
            models.Index(
                F("issued_on").desc(nulls_last=True),
                F("id").desc(),
                name="decision_latest_first_idx",
            ),
            models.Index(fields=["year", "sequence", "id"], name="decision_number_idx"),
            models.Index(
                F("year").desc(nulls_last=True),
                F("sequence").desc(nulls_last=True),
                F("id").desc(),
                name="decision_number_desc_idx",
            ),
            models.Index(fields=["drafted_by", "state"]),
        ]

    def __str__(self) -> str:
        if self.number:
            return str(_("Decision %(number)s") % {"number": self.number})
        return str(_("Draft decision (%(kind)s)") % {"kind": self.get_kind_display()})

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_issued(self) -> bool:
        return self.state in ISSUED_STATES


class PaymentMethod(models.TextChoices):
    BANK = "przelew", _("to a bank account")
    CASH = "kasa", _("at the cash desk")
    IN_KIND = "rzeczowe", _("in kind")
    INSTITUTION = "instytucja", _("paid to an institution")
    POSTAL = "przekaz", _("by postal order")


class DecisionLine(models.Model):
    """One benefit in a decision's operative part: what, how much, for which period, to whom
    and how it is paid. The lines of a granting, changing or resuming decision become awards
    when it is signed."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="lines", verbose_name=_("decision")
    )
    benefit = models.CharField(
        _("benefit"), max_length=40, choices=Benefit.choices, validators=[known_benefit]
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("for"),
        help_text=_("The member the benefit is for (the child, the person cared for)."),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE],
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("until"), null=True, blank=True)
    payee = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("payee")
    )
    method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    account = models.CharField(
        _("account number"), max_length=26, blank=True, validators=[validate_nrb]
    )

    class Meta:
        verbose_name = _("benefit in a decision")
        verbose_name_plural = _("benefits in a decision")
        ordering = ["decision", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="decision_line_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(period_to__isnull=True) | Q(period_to__gte=F("period_from")),
                name="decision_line_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(method=PaymentMethod.BANK) | ~Q(account=""),
                name="decision_line_bank_needs_account",
            ),
        ]
        # The register's filter by benefit reads the lines of one benefit, then their decisions.
        indexes = [models.Index(fields=["benefit", "decision"], name="decisionline_benefit_idx")]

    def __str__(self) -> str:
        return self.get_benefit_display()

    def clean(self) -> None:
        if self.period_to and self.period_from and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("The end cannot be before the start.")})
        if self.method == PaymentMethod.BANK and not self.account:
            raise ValidationError({"account": _("Give the account the benefit is paid to.")})


class DecisionBenefit(models.Model):
    """A benefit a decision names, in a line of its operative part or in its assessment (a
    refusal has no line): the register's filter by benefit reads this one index instead of
    both. The database's triggers write it as the lines and the decision's assessment change
    (migration 0005); the code only reads it."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="+", verbose_name=_("decision")
    )
    benefit = models.CharField(_("benefit"), max_length=40, choices=Benefit.choices)

    class Meta:
        verbose_name = _("benefit named by a decision")
        verbose_name_plural = _("benefits named by decisions")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "decision"], name="decision_benefit_once")
        ]

    def __str__(self) -> str:
        return self.get_benefit_display()


class AppealOutcome(models.TextChoices):
    UPHELD = "utrzymana", _("upheld")
    CHANGED = "zmieniona", _("quashed and decided by the board")
    RETURNED = "przekazana", _("quashed and returned for a new examination")
    DISCONTINUED = "umorzone", _("appeal proceedings discontinued")
    SELF_REVIEW = "autokontrola", _("changed by the centre itself (art. 132 k.p.a.)")


class Appeal(TimeStampedModel):
    """An appeal against a decision: lodged through the centre (art. 129 § 1 k.p.a.), sent to
    the board within 7 days with the case file and the centre's reply (art. 133), and the
    board's outcome (art. 138)."""

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="appeal", verbose_name=_("decision")
    )
    received_on = models.DateField(_("received on"))
    posted_on = models.DateField(
        _("posted on"),
        null=True,
        blank=True,
        help_text=_("The postmark, when it came by post (art. 57 § 5 k.p.a.)."),
    )
    reply = models.TextField(_("the centre's position"), blank=True)
    sent_on = models.DateField(_("sent to the board on"), null=True, blank=True)
    board_reference = models.CharField(_("the board's reference"), max_length=80, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=AppealOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("outcome of"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-received_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(sent_on__gte=F("received_on")),
                name="appeal_sent_after_received",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_on__isnull=False),
                name="appeal_outcome_dated",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Appeal against %(decision)s") % {"decision": self.decision})
