"""The centre's payment settings, kept by the accountant: per benefit its budget classification,
funding, day of payment and transfer title; the centre's bank account and what its bank's
import expects of the files.

Defaults are seeded by a migration (`0002_default_settings`); the classification follows the
Minister of Finance's regulation on the detailed classification of budget income and expenses
as the centres apply it (dział 852 Pomoc społeczna, 855 Rodzina; paragraf 3110 "Świadczenia
społeczne", 4130 "Składki na ubezpieczenie zdrowotne"). [not confirmed: the regulation's
current Dz.U. position was not read; the funding of each task follows art. 17 and art. 18
u.p.s. as the centres report it and is the accountant's to correct.]
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models.common import known_benefit
from ostoja.core.models import TimeStampedModel
from ostoja.payments.models.common import Funding
from ostoja.registry.validators import validate_nrb

SECTION = RegexValidator(r"^\d{3}$", _("A section (dział) has 3 digits, e.g. 852."))
CHAPTER = RegexValidator(r"^\d{5}$", _("A chapter (rozdział) has 5 digits, e.g. 85214."))
PARAGRAPH = RegexValidator(r"^\d{4}$", _("A paragraph has 4 digits, e.g. 3110."))


class BenefitPayment(TimeStampedModel):
    """How the centre pays one benefit."""

    benefit = models.CharField(
        _("benefit"),
        max_length=40,
        choices=Benefit.choices,
        unique=True,
        validators=[known_benefit],
    )
    section = models.CharField(_("section (dział)"), max_length=3, validators=[SECTION])
    chapter = models.CharField(_("chapter (rozdział)"), max_length=5, validators=[CHAPTER])
    paragraph = models.CharField(_("paragraph"), max_length=4, validators=[PARAGRAPH])
    funding = models.CharField(_("funding"), max_length=16, choices=Funding.choices)
    payment_day = models.PositiveSmallIntegerField(
        _("day of payment"),
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "The day of the month the benefit is paid on (1–28); on a Saturday, Sunday or "
            "holiday the list is paid on the working day before."
        ),
    )
    title_template = models.CharField(
        _("transfer title"),
        max_length=200,
        help_text=_(
            "Up to 4 lines of 35 characters separated by |. Fields: {benefit}, {month}, "
            "{decision}, {person}."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment of a benefit")
        verbose_name_plural = _("payments of benefits")
        ordering = ["benefit"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__regex=r"^[0-9]{3}$")
                & Q(chapter__regex=r"^[0-9]{5}$")
                & Q(paragraph__regex=r"^[0-9]{4}$"),
                name="benefit_payment_classification_digits",
            ),
            models.CheckConstraint(
                condition=Q(chapter__startswith=F("section")),
                name="benefit_payment_chapter_in_section",
            ),
            models.CheckConstraint(
                condition=Q(payment_day__gte=1) & Q(payment_day__lte=28),
                name="benefit_payment_day_in_month",
            ),
            models.CheckConstraint(
                condition=Q(funding__in=Funding.values), name="benefit_payment_funding_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()}: {self.classification}"

    @property
    def classification(self) -> str:
        return f"{self.section}/{self.chapter}/{self.paragraph}"


class AccountForm(models.TextChoices):
    IBAN = "iban", _("IBAN (PL and 26 digits)")
    NRB = "nrb", _("NRB (26 digits)")


class Encoding(models.TextChoices):
    CP1250 = "cp1250", "Windows-1250"
    CP852 = "cp852", "CP852 (DOS Latin-2)"
    ISO_8859_2 = "iso-8859-2", "ISO-8859-2"
    UTF8 = "utf-8", "UTF-8"


class PaymentSettings(TimeStampedModel):
    """The centre's account, its bank's import settings and the month it began paying with
    Ostoja: one row (pk 1).

    The Elixir-O details marked in `ostoja.payments.bankfiles` as not confirmed (quoting of the
    account and classification fields, the order type and classification codes, the length of
    the client–bank field, the characters the import rejects) are fields here, so that the
    accountant sets them as the bank's manual says."""

    centre_account = models.CharField(
        _("the centre's account (NRB)"), max_length=26, blank=True, validators=[validate_nrb]
    )
    bank_name = models.CharField(_("bank"), max_length=120, blank=True)
    title_prefix = models.CharField(
        _("code agreed with the bank"),
        max_length=20,
        blank=True,
        help_text=_("Put before every title, if the bank marks exempt benefits by a code."),
    )
    encoding = models.CharField(
        _("encoding of Elixir-O files"),
        max_length=12,
        choices=Encoding.choices,
        default=Encoding.CP1250,
    )
    quote_accounts = models.BooleanField(
        _("account numbers in quotes (fields 6 and 7)"), default=True
    )
    quote_classification = models.BooleanField(
        _("classification in quotes (field 15)"), default=True
    )
    order_type = models.CharField(_("order type (field 1)"), max_length=3, default="110")
    classification = models.CharField(_("classification (field 15)"), max_length=2, default="51")
    reference_length = models.PositiveSmallIntegerField(
        _("length of the client–bank field (field 16)"),
        default=16,
        validators=[MinValueValidator(8), MaxValueValidator(35)],
    )
    forbidden_characters = models.CharField(
        _("characters the bank rejects"), max_length=20, blank=True, default=":;&@$"
    )
    transliterate = models.BooleanField(_("write Polish letters without diacritics"), default=False)
    pain_account_form = models.CharField(
        _("account numbers in pain.001"),
        max_length=4,
        choices=AccountForm.choices,
        default=AccountForm.IBAN,
    )

    # The bank's CSV export of returned transfers: how to read it (ostoja.payments.statements).
    returns_encoding = models.CharField(
        _("encoding of the returns' CSV file"),
        max_length=12,
        choices=Encoding.choices,
        default=Encoding.CP1250,
    )
    returns_delimiter = models.CharField(
        _("column separator"),
        max_length=1,
        default=";",
        validators=[RegexValidator(r"^[;,\t|]$", _("One of ; , | or a tab."))],
    )
    returns_skip_lines = models.PositiveSmallIntegerField(
        _("lines before the header row"), default=0, validators=[MaxValueValidator(50)]
    )
    returns_date_column = models.CharField(
        _("column of the booking date"), max_length=60, default="Data księgowania"
    )
    returns_amount_column = models.CharField(
        _("column of the amount"), max_length=60, default="Kwota"
    )
    returns_description_column = models.CharField(
        _("column of the title"), max_length=60, default="Tytuł"
    )
    returns_account_column = models.CharField(
        _("column of the account number"), max_length=60, blank=True
    )
    returns_name_column = models.CharField(_("column of the name"), max_length=60, blank=True)
    returns_marker = models.CharField(
        _("word marking a return"),
        max_length=20,
        blank=True,
        help_text=_("E.g. ZWROT, if the export lists other entries too; empty: every credit."),
    )

    # The first month paid with Ostoja and when its first run began: months before it were paid
    # by the system used before for the decisions signed before that moment.
    first_month = models.DateField(_("first month paid with Ostoja"), null=True, blank=True)
    first_run_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment settings")
        verbose_name_plural = _("payment settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="payment_settings_single_row"),
            models.CheckConstraint(
                condition=Q(centre_account="") | Q(centre_account__regex=r"^[0-9]{26}$"),
                name="payment_settings_account_digits",
            ),
        ]

    def __str__(self) -> str:
        return str(_("payment settings"))
