"""The directory of institutions and organisations the centre works with: where social workers
refer clients (addiction treatment, counselling, the labour office, NGOs, DPS/ŚDS …), and later
the partners of agreements and programmes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ostoja.core.models import TimeStampedModel
from ostoja.partners.validators import validate_krs, validate_nip, validate_regon
from ostoja.registry.models import POSTCODE_VALIDATOR
from ostoja.registry.validators import validate_phone


class InstitutionKind(models.TextChoices):
    ADDICTION_TREATMENT = "leczenie_uzaleznien", _("addiction treatment centre")
    COUNSELLING = "poradnia", _("counselling centre")
    PSYCHOLOGIST = "psycholog", _("psychological help")
    FAMILY_SUPPORT = "wsparcie_rodziny", _("family support (family assistant)")
    LABOUR_OFFICE = "urzad_pracy", _("labour office")
    NGO = "organizacja_pozarzadowa", _("non-governmental organisation")
    CARE_HOME = "dps", _("social care home (DPS)")
    DAY_CENTRE = "sds", _("community self-help centre (ŚDS)")
    HEALTH_CARE = "ochrona_zdrowia", _("health care")
    SCHOOL = "szkola", _("school or kindergarten")
    COURT = "sad", _("court or probation officer")
    POLICE = "policja", _("police")
    ALCOHOL_COMMISSION = "gkrpa", _("municipal commission for alcohol problems")
    INTERDISCIPLINARY_TEAM = "zespol_interdyscyplinarny", _("interdisciplinary team")
    COUNTY_CENTRE = "pcpr", _("county family support centre (PCPR)")
    OTHER = "inna", _("other institution")


class Institution(TimeStampedModel):
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=30, choices=InstitutionKind.choices)
    nip = models.CharField(
        _("NIP"), max_length=10, blank=True, validators=[validate_nip], help_text=_("10 digits.")
    )
    regon = models.CharField(
        _("REGON"),
        max_length=14,
        blank=True,
        validators=[validate_regon],
        help_text=_("9 or 14 digits."),
    )
    krs = models.CharField(
        _("KRS number"),
        max_length=10,
        blank=True,
        validators=[validate_krs],
        help_text=_("10 digits, for an entity in the National Court Register."),
    )
    town = models.CharField(_("town"), max_length=100)
    street = models.CharField(_("street"), max_length=100, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    flat_number = models.CharField(_("flat number"), max_length=10, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, validators=[POSTCODE_VALIDATOR]
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    offer = models.TextField(
        _("what they offer"),
        blank=True,
        help_text=_("Help, services and hours, in a few words, for the workers who refer."),
    )
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive institution is not offered for new referrals."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InstitutionKind.values), name="institution_kind_code"
            ),
            models.CheckConstraint(
                condition=Q(nip="") | Q(nip__regex=r"^[0-9]{10}$"), name="institution_nip_digits"
            ),
            models.CheckConstraint(
                condition=Q(regon="") | Q(regon__regex=r"^([0-9]{9}|[0-9]{14})$"),
                name="institution_regon_digits",
            ),
            models.CheckConstraint(
                condition=Q(krs="") | Q(krs__regex=r"^[0-9]{10}$"), name="institution_krs_digits"
            ),
            # One entry per NIP and per REGON: two saves at once cannot both pass the service's
            # check for a duplicate.
            models.UniqueConstraint(
                fields=["nip"], condition=~Q(nip=""), name="institution_nip_unique"
            ),
            models.UniqueConstraint(
                fields=["regon"], condition=~Q(regon=""), name="institution_regon_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name
