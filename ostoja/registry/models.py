"""The registry: persons, households with dated membership, incomes and paid alimony."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ostoja.core.models import TimeStampedModel
from ostoja.core.text import fold
from ostoja.registry.validators import (
    validate_document_number,
    validate_not_future,
    validate_nrb,
    validate_pesel,
    validate_phone,
)


def first_of_this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


POSTCODE_VALIDATOR = RegexValidator(r"^\d{2}-\d{3}$", _("Write the postcode as NN-NNN."))
NOT_NEGATIVE = MinValueValidator(Decimal("0"))


class Sex(models.TextChoices):
    FEMALE = "K", _("woman")
    MALE = "M", _("man")


class DocumentType(models.TextChoices):
    ID_CARD = "dowod_osobisty", _("ID card")
    PASSPORT = "paszport", _("passport")
    RESIDENCE_CARD = "karta_pobytu", _("residence card")
    OTHER = "inny", _("other document")


class Relation(models.TextChoices):
    """Relation of a member to the head of the household."""

    APPLICANT = "wnioskodawca", _("applicant (head)")
    SPOUSE = "malzonek", _("spouse")
    PARTNER = "partner", _("partner")
    CHILD = "dziecko", _("child")
    PARENT = "rodzic", _("parent")
    SIBLING = "rodzenstwo", _("sibling")
    GRANDCHILD = "wnuk", _("grandchild")
    OTHER_RELATIVE = "inny_krewny", _("other relative")
    UNRELATED = "niespokrewniony", _("unrelated")


@dataclass(frozen=True)
class Address:
    gmina: str
    town: str
    street: str
    house_number: str
    flat_number: str
    postcode: str

    def __str__(self) -> str:
        number = self.house_number + (f"/{self.flat_number}" if self.flat_number else "")
        if self.street:
            street_line = " ".join(part for part in (str(_("St.")), self.street, number) if part)
        else:  # a village without streets: "Dębowo 12"
            street_line = " ".join(part for part in (self.town, number) if part)
        town_line = " ".join(part for part in (self.postcode, self.town) if part)
        return ", ".join(part for part in (street_line, town_line) if part)

    @property
    def is_empty(self) -> bool:
        return not (self.town or self.street or self.house_number or self.postcode)


ADDRESS_PARTS = ("gmina", "town", "street", "house_number", "flat_number", "postcode")


def _address(instance: Any, prefix: str) -> Address:
    return Address(*(getattr(instance, f"{prefix}{part}") for part in ADDRESS_PARTS))


class Person(TimeStampedModel):
    pesel = models.CharField(
        _("PESEL"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_pesel],
        help_text=_("11 digits. Fills in the birth date and sex."),
    )
    document_type = models.CharField(
        _("identity document"),
        max_length=20,
        choices=DocumentType.choices,
        blank=True,
        help_text=_("Only for a person without a PESEL."),
    )
    document_number = models.CharField(_("document number"), max_length=30, blank=True)
    first_names = models.CharField(_("first names"), max_length=100)
    surname = models.CharField(_("surname"), max_length=100)
    family_name = models.CharField(
        _("family name"), max_length=100, blank=True, help_text=_("Surname at birth.")
    )
    birth_date = models.DateField(_("birth date"), validators=[validate_not_future])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(_("citizenship"), max_length=60, default="polskie")
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)

    registered_gmina = models.CharField(_("gmina"), max_length=100, blank=True)
    registered_town = models.CharField(_("town"), max_length=100, blank=True)
    registered_street = models.CharField(_("street"), max_length=100, blank=True)
    registered_house_number = models.CharField(_("house number"), max_length=10, blank=True)
    registered_flat_number = models.CharField(_("flat number"), max_length=10, blank=True)
    registered_postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, validators=[POSTCODE_VALIDATOR]
    )
    actual_gmina = models.CharField(_("gmina"), max_length=100, blank=True)
    actual_town = models.CharField(_("town"), max_length=100, blank=True)
    actual_street = models.CharField(_("street"), max_length=100, blank=True)
    actual_house_number = models.CharField(_("house number"), max_length=10, blank=True)
    actual_flat_number = models.CharField(_("flat number"), max_length=10, blank=True)
    actual_postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, validators=[POSTCODE_VALIDATOR]
    )

    bank_account = models.CharField(
        _("bank account (NRB)"),
        max_length=26,
        blank=True,
        validators=[validate_nrb],
        help_text=_("26 digits."),
    )
    notes = models.TextField(_("notes"), blank=True)

    # Folded copies for diacritics-insensitive prefix search ("zolt" finds "Żółtek").
    surname_folded = models.CharField(max_length=100, editable=False)
    first_names_folded = models.CharField(max_length=100, editable=False)
    family_name_folded = models.CharField(max_length=100, editable=False, default="")

    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )

    history = HistoricalRecords(
        excluded_fields=["surname_folded", "first_names_folded", "family_name_folded"]
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(pesel__isnull=False) | ~Q(document_number="") | Q(merged_into__isnull=False)
                ),
                name="person_has_pesel_or_document",
            ),
            models.CheckConstraint(
                condition=Q(pesel__isnull=True) | Q(pesel__regex=r"^[0-9]{11}$"),
                name="person_pesel_eleven_digits",
            ),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="person_sex_code"),
            models.CheckConstraint(
                condition=Q(bank_account="") | Q(bank_account__regex=r"^[0-9]{26}$"),
                name="person_nrb_26_digits",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("pk")),
                name="person_not_merged_into_itself",
            ),
        ]
        indexes = [
            # Pattern opclasses let PostgreSQL use the index for LIKE 'prefix%' under any
            # collation; other databases ignore them.
            models.Index(
                fields=["surname_folded", "first_names_folded"],
                name="person_name_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["family_name_folded"],
                name="person_family_name_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["birth_date"], name="person_birth_idx"),
            # Lists of other records sorted by the person's name (the register of decisions by
            # the party) walk this index and stop after a page.
            models.Index(fields=["surname", "first_names", "id"], name="person_sort_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_names} {self.surname}"

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.document_number:
            try:
                validate_document_number(self.document_type, self.document_number)
            except ValidationError as error:
                errors["document_number"] = [error]
        if not self.pesel and self.merged_into_id is None:
            if not self.document_type:
                errors.setdefault("document_type", []).append(
                    ValidationError(_("Without a PESEL, choose the identity document."))
                )
            if not self.document_number:
                errors.setdefault("document_number", []).append(
                    ValidationError(_("Without a PESEL, give the number of the identity document."))
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.surname_folded = fold(self.surname)
        self.first_names_folded = fold(self.first_names)
        self.family_name_folded = fold(self.family_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.surname}"

    @property
    def registered_address(self) -> Address:
        return _address(self, "registered_")

    @property
    def actual_address(self) -> Address:
        return _address(self, "actual_")

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class Household(TimeStampedModel):
    """A family or a person keeping house alone, as the centre works with it."""

    area = models.ForeignKey(
        "accounts.Area",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("area"),
    )
    gmina = models.CharField(_("gmina"), max_length=100)
    town = models.CharField(_("town"), max_length=100)
    street = models.CharField(_("street"), max_length=100, blank=True)
    house_number = models.CharField(_("house number"), max_length=10)
    flat_number = models.CharField(_("flat number"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, validators=[POSTCODE_VALIDATOR])
    street_folded = models.CharField(max_length=100, editable=False)
    town_folded = models.CharField(max_length=100, editable=False)
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="shared_households",
        verbose_name=_("shared with"),
        help_text=_("Social workers of other areas who may see this family."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["street_folded", "town_folded"])

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [
            models.Index(
                fields=["street_folded"],
                name="household_street_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["town_folded"], name="household_town_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return str(self.address)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.street_folded = fold(self.street)
        self.town_folded = fold(self.town)
        super().save(*args, **kwargs)

    @property
    def address(self) -> Address:
        return _address(self, "")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current_on(self, day: datetime.date) -> "MembershipQuerySet":
        """Memberships in force on `day`: begun on or before it, not ended before it. The one
        definition of a current member, used by every screen and capability."""
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Membership(TimeStampedModel):
    """A person's membership of a household from one day to another (open when `valid_to` is
    empty). A person may have belonged to several households over time, never to two at once."""

    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("household"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    relation = models.CharField(_("relation to the head"), max_length=20, choices=Relation.choices)
    valid_from = models.DateField(_("member since"))
    valid_to = models.DateField(_("member until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values), name="membership_relation_code"
            ),
            # "One household at a time per person" and "one head at a time per household" are
            # exclusion constraints on PostgreSQL (migration 0004); on SQLite the services hold
            # them under the database's single writer lock.
        ]
        indexes = [models.Index(fields=["person", "valid_from"], name="membership_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_relation_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.valid_to is not None and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end cannot be before the start.")
        person = self.person if self.person_id else None
        if person is not None and self.valid_from and self.valid_from < person.birth_date:
            errors["valid_from"] = _(
                "The membership cannot start before the person was born (%(date)s)."
            ) % {"date": person.birth_date.strftime("%d.%m.%Y")}
        if errors:
            raise ValidationError(errors)

    def is_current_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class IncomeKind(models.Model):
    """A dictionary of income kinds with stable ids; the rules engine reads incomes by `code`."""

    code = models.CharField(_("code"), max_length=50, primary_key=True)
    name = models.CharField(_("name"), max_length=150)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("income kind")
        verbose_name_plural = _("income kinds")
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


class Income(TimeStampedModel):
    """One kind of income a person received in one month."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="incomes", verbose_name=_("person")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    kind = models.ForeignKey(
        IncomeKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    gross = models.DecimalField(
        _("gross amount"), max_digits=12, decimal_places=2, validators=[NOT_NEGATIVE]
    )
    tax = models.DecimalField(
        _("income tax"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[NOT_NEGATIVE],
    )
    health = models.DecimalField(
        _("health contribution"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[NOT_NEGATIVE],
    )
    social = models.DecimalField(
        _("social contributions"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[NOT_NEGATIVE],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("incomes")
        ordering = ["-month", "kind"]
        indexes = [models.Index(fields=["person", "month"], name="income_person_month_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="income_month_first_day"),
            models.CheckConstraint(
                condition=Q(gross__gte=0) & Q(tax__gte=0) & Q(health__gte=0) & Q(social__gte=0),
                name="income_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(gross__gte=models.F("tax") + models.F("health") + models.F("social")),
                name="income_deductions_within_gross",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%m.%Y}"

    @property
    def deductions(self) -> Decimal:
        """Income tax and the health and social contributions, deducted from the gross."""
        return self.tax + self.health + self.social

    @property
    def net(self) -> Decimal:
        return self.gross - self.deductions

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.month and self.month > first_of_this_month():
            errors["month"] = _("An income cannot be recorded for a month that has not begun.")
        amounts = (self.gross, self.tax, self.health, self.social)
        if all(amount is not None for amount in amounts) and self.deductions > self.gross:
            errors["gross"] = _("Tax and contributions cannot be more than the gross amount.")
        if errors:
            raise ValidationError(errors)


class PaidAlimony(TimeStampedModel):
    """Alimony a person paid to someone outside the household in one month (art. 8 ust. 3)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="paid_alimony", verbose_name=_("person")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[NOT_NEGATIVE]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paid alimony")
        verbose_name_plural = _("paid alimony")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="paid_alimony_once_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="alimony_month_first_day"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="alimony_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y} {self.amount}"

    def clean(self) -> None:
        if self.month and self.month > first_of_this_month():
            raise ValidationError(
                {"month": _("Alimony cannot be recorded for a month that has not begun.")}
            )


class MergeRecord(models.Model):
    """A merge of a duplicate person into the kept one, with what was moved."""

    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    kept = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_kept", verbose_name=_("kept person")
    )
    merged = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="merges_merged",
        verbose_name=_("merged person"),
    )
    moved = models.JSONField(_("what was moved"), default=dict)

    class Meta:
        verbose_name = _("merge of persons")
        verbose_name_plural = _("merges of persons")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kept=models.F("merged")), name="merge_kept_is_not_merged"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"
