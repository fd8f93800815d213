"""Social work recorded on a case: notes, social contracts, the duty to cooperate, referrals."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ostoja.casework.models.cases import CaseFile
from ostoja.casework.models.common import not_future
from ostoja.casework.models.interviews import Interview
from ostoja.core.models import TimeStampedModel

# ---------------------------------------------------------------------------------------------
# Records of social work
# ---------------------------------------------------------------------------------------------


class NoteKind(models.TextChoices):
    VISIT = "wizyta", _("home visit")
    COUNSELLING = "poradnictwo", _("counselling")
    CRISIS = "interwencja_kryzysowa", _("crisis intervention")
    PHONE = "telefon", _("phone call")
    LETTER = "pismo", _("letter")
    INSTITUTION = "spotkanie_instytucja", _("meeting with an institution")
    OFFICE = "wizyta_w_osrodku", _("visit at the centre")
    OTHER = "inne", _("other form of work")


class SocialWorkNote(TimeStampedModel):
    """A record of social work: who, when, with whom, what was done, outcome and next step.

    A confidential note (e.g. about violence) is seen only by its author and the director."""

    case = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="notes", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NoteKind.choices)
    occurred_on = models.DateField(_("date"), validators=[not_future])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="casework_notes",
        verbose_name=_("author"),
    )
    persons = models.ManyToManyField(
        "registry.Person", blank=True, related_name="+", verbose_name=_("family members present")
    )
    with_whom = models.CharField(
        _("with whom"),
        max_length=300,
        blank=True,
        help_text=_("Others present: an institution, a neighbour, a relative outside the family."),
    )
    what_was_done = models.TextField(_("what was done"))
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    next_step_on = models.DateField(_("next step by"), null=True, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Seen only by the author and the director, e.g. a note about violence."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("record of social work")
        verbose_name_plural = _("records of social work")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=NoteKind.values), name="note_kind_code"),
            models.CheckConstraint(
                condition=Q(next_step_on__isnull=True) | Q(next_step_on__gte=F("occurred_on")),
                name="note_next_step_after_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d.%m.%Y}"


# ---------------------------------------------------------------------------------------------
# Social contract (kontrakt socjalny, art. 108 u.p.s.; template: Dz.U. 2010 nr 218 poz. 1439)
# ---------------------------------------------------------------------------------------------


class ContractVariant(models.TextChoices):
    # Parts I A + II A: solving the person's or family's difficult situation.
    DIFFICULT_SITUATION = "A", _("A: solving a difficult life situation")
    # Parts I B + II B: strengthening activity and preventing social exclusion.
    ACTIVATION = "B", _("B: strengthening activity, preventing social exclusion")


class ContractState(models.TextChoices):
    DRAFT = "projekt", pgettext_lazy("contract", "draft")
    SIGNED = "podpisany", pgettext_lazy("contract", "signed")
    ENDED = "zakonczony", pgettext_lazy("contract", "ended")


class ContractEnd(models.TextChoices):
    ACHIEVED = "osiagniety", _("goals achieved")
    BROKEN = "zerwany", pgettext_lazy("contract", "broken")
    EXPIRED = "wygasl", pgettext_lazy("contract", "expired")


class SocialContract(TimeStampedModel):
    case = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("case")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("client"),
        help_text=_("The person who concludes the contract (for a family: its representative)."),
    )
    variant = models.CharField(_("variant"), max_length=1, choices=ContractVariant.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=ContractState.choices, default=ContractState.DRAFT
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("social worker"),
    )
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"))
    problem = models.TextField(
        _("the difficult situation"), help_text=_("What the contract is to solve, in plain words.")
    )
    goals = models.TextField(_("goals"))
    resources = models.TextField(_("the client's strengths and resources"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, validators=[not_future])
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # When the signing and the end were recorded: order the steps of one day on the timeline.
    signed_at = models.DateTimeField(_("signature recorded at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("end recorded at"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=12, choices=ContractEnd.choices, blank=True
    )
    end_note = models.TextField(_("note on the end"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects the version"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("social contract")
        verbose_name_plural = _("social contracts")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(variant__in=ContractVariant.values), name="contract_variant_code"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ContractState.values), name="contract_state_code"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="contract_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(state=ContractState.DRAFT) | Q(signed_on__isnull=False),
                name="contract_signed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state=ContractState.ENDED)
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="contract_ended_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="contract_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Social contract from %(day)s") % {"day": self.valid_from.strftime("%d.%m.%Y")}
        )

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end cannot be before the start.")})

    @property
    def is_fixed(self) -> bool:
        return self.state != ContractState.DRAFT


class Party(models.TextChoices):
    CLIENT = "klient", _("the client")
    CENTRE = "osrodek", _("the centre")


class ContractObligation(models.Model):
    """What one side undertakes to do, by when; the centre's side may carry a cost (the budget
    of help)."""

    contract = models.ForeignKey(
        SocialContract,
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("contract"),
    )
    party = models.CharField(_("who"), max_length=8, choices=Party.choices)
    description = models.TextField(_("what"))
    due_on = models.DateField(_("by"), null=True, blank=True)
    amount = models.DecimalField(
        _("cost of help"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For the centre's obligations: the planned cost, in zł."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["contract", "party", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party__in=Party.values), name="obligation_party_code"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="obligation_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class ContractReview(models.Model):
    """A periodic review of how the contract is kept: its date and findings."""

    contract = models.ForeignKey(
        SocialContract, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("contract")
    )
    reviewed_on = models.DateField(_("date of the review"), validators=[not_future])
    findings = models.TextField(_("findings"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("review of the contract")
        verbose_name_plural = _("reviews of the contract")
        ordering = ["reviewed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gt=F("reviewed_on")),
                name="review_next_after_this",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewed_on:%d.%m.%Y}"


# ---------------------------------------------------------------------------------------------
# Duty to cooperate (art. 11 u.p.s.)
# ---------------------------------------------------------------------------------------------


class CooperationEventKind(models.TextChoices):
    # art. 11 ust. 2: grounds to refuse, revoke or suspend a cash benefit
    NO_COOPERATION = "brak_wspolpracy", _("no cooperation with the social worker")
    REFUSED_CONTRACT = "odmowa_kontraktu", _("refusal to sign a social contract")
    BROKEN_CONTRACT = "naruszenie_kontraktu", _("breach of the social contract")
    REFUSED_WORK = "odmowa_pracy", _("refusal of a job or other paid work")
    REFUSED_TRAINING = "odmowa_szkolenia", _("refusal or interruption of training or activation")
    REFUSED_TREATMENT = "odmowa_leczenia", _("refusal or interruption of addiction treatment")
    # art. 11 ust. 1: wasting benefits or own resources
    WASTED_BENEFITS = "marnotrawienie", _("wasting benefits or own resources")
    # refusal to allow the interview (art. 107 ust. 4a in fine u.p.s.)
    REFUSED_INTERVIEW = "odmowa_wywiadu", _("refusal of the environmental interview")


class CooperationEvent(TimeStampedModel):
    case = models.ForeignKey(
        CaseFile,
        on_delete=models.PROTECT,
        related_name="cooperation_events",
        verbose_name=_("case"),
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CooperationEventKind.choices)
    occurred_on = models.DateField(_("date"), validators=[not_future])
    evidence = models.TextField(
        _("evidence"), help_text=_("What shows it: a letter of the labour office, a note, …")
    )
    assessment = models.TextField(
        _("the worker's assessment"),
        help_text=_("Whether it was justified, in the light of the family's situation."),
    )
    contract = models.ForeignKey(
        SocialContract,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperation_events",
        verbose_name=_("contract"),
    )
    interview = models.ForeignKey(
        Interview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperation_events",
        verbose_name=_("interview"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event of the duty to cooperate")
        verbose_name_plural = _("events of the duty to cooperate")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CooperationEventKind.values),
                name="cooperation_event_kind_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d.%m.%Y}"


# ---------------------------------------------------------------------------------------------
# Referrals to institutions: skierowania
# ---------------------------------------------------------------------------------------------


class ReferralKind(models.TextChoices):
    ADDICTION_TREATMENT = "leczenie_uzaleznien", _("addiction treatment")
    COUNSELLING = "poradnictwo", _("specialist counselling")
    PSYCHOLOGIST = "psycholog", _("psychologist")
    FAMILY_ASSISTANT = "asystent_rodziny", _("family assistant")
    LABOUR_OFFICE = "urzad_pracy", _("labour office")
    NGO = "organizacja_pozarzadowa", _("non-governmental organisation")
    CARE_HOME = "dps", _("social care home (DPS)")
    DAY_CENTRE = "sds", _("community self-help centre (ŚDS)")
    HEALTH_CARE = "ochrona_zdrowia", _("health care")
    OTHER = "inne", _("other help")


class ReferralState(models.TextChoices):
    SENT = "wyslane", pgettext_lazy("referral", "sent")
    ACCEPTED = "przyjete", pgettext_lazy("referral", "accepted")
    REFUSED = "odmowa", pgettext_lazy("referral", "refused")
    COMPLETED = "zakonczone", pgettext_lazy("referral", "completed")


class Referral(TimeStampedModel):
    case = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ReferralKind.choices)
    institution = models.ForeignKey(
        "partners.Institution",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("institution"),
    )
    purpose = models.TextField(_("purpose"), help_text=_("Why and for what help."))
    sent_on = models.DateField(_("sent on"), validators=[not_future])
    state = models.CharField(
        _("state"), max_length=12, choices=ReferralState.choices, default=ReferralState.SENT
    )
    answered_on = models.DateField(_("answer on"), null=True, blank=True, validators=[not_future])
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, validators=[not_future]
    )
    feedback = models.TextField(_("feedback from the institution"), blank=True)
    feedback_on = models.DateField(_("feedback on"), null=True, blank=True, validators=[not_future])
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When each answer was recorded: order the steps of one day on the timeline.
    answered_at = models.DateTimeField(_("answer recorded at"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("feedback recorded at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completion recorded at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReferralKind.values), name="referral_kind_code"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReferralState.values), name="referral_state_code"
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("sent_on")),
                name="referral_answer_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("sent_on")),
                name="referral_completed_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(feedback_on__isnull=True) | Q(feedback_on__gte=F("sent_on")),
                name="referral_feedback_after_sending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.institution}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for field in ("answered_on", "completed_on", "feedback_on"):
            value = getattr(self, field)
            if value and self.sent_on and value < self.sent_on:
                errors[field] = _("This date cannot be before the referral was sent.")
        if errors:
            raise ValidationError(errors)
