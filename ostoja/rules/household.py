"""The household the rules compute for: the one schema shared by the CLI's JSON input, the YAML
cases and the registry's adapter. `household_from_dict` validates it strictly and names the field
at fault: an unknown field, a boolean written as text, an amount that is not a string with at
most two decimals, a kind of income the rules do not know — each is refused, never guessed."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ostoja.rules.catalogues import BENEFITS_RECEIVED, INCOME_KINDS, RELATIONS
from ostoja.rules.errors import RulesInputError
from ostoja.rules.wiek import wiek

SEXES = ("K", "M")
INCAPACITIES = ("none", "age", "total")
DISABILITIES = ("none", "certificate", "moderate", "significant")
ZERO = Decimal("0")
MAX_AMOUNT = Decimal("1000000000")
AMOUNT = re.compile(r"\d{1,10}(\.\d{1,2})?")
HECTARES = re.compile(r"\d{1,6}(\.\d{1,4})?")
MONTH = re.compile(r"\d{4}-\d{2}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_MEMBERS = 50
MAX_ITEMS = 100
FIRST_YEAR, LAST_YEAR = 1900, 2100

HOUSEHOLD_FIELDS = frozenset(
    {"members", "farm_hectares", "supplements", "income_month", "base_year"}
)
MEMBER_FIELDS = frozenset(
    {
        "id",
        "birth_date",
        "sex",
        "applicant",
        "relation",
        "incapacity",
        "disability",
        "care_indications",
        "in_education",
        "married",
        "under_legal_guardian",
        "has_own_child",
        "incomes",
        "alimony_paid",
        "annual_income",
        "annual_alimony_paid",
        "cares_for",
        "benefits_received",
        "supplements",
    }
)
INCOME_FIELDS = frozenset({"kind", "amount", "tax", "health", "social"})


@dataclass(frozen=True)
class Income:
    """One receipt of the month (social assistance), by kind code of the catalogue."""

    kind: str
    amount: Decimal
    tax: Decimal = ZERO
    health: Decimal = ZERO
    social: Decimal = ZERO


@dataclass(frozen=True)
class Member:
    id: str
    birth_date: datetime.date
    sex: str
    applicant: bool = False
    relation: str | None = None  # to the applicant; None: the input does not say
    incapacity: str | None = None  # None: decided by age on the day
    disability: str = "none"
    care_indications: bool = False
    in_education: bool | None = None  # None: the input does not say
    married: bool = False  # pozostaje w związku małżeńskim
    under_legal_guardian: bool = False  # pozostaje pod opieką opiekuna prawnego
    has_own_child: bool = False  # ma własne dziecko
    incomes: tuple[Income, ...] = ()
    alimony_paid: Decimal = ZERO
    annual_income: Decimal = ZERO
    annual_alimony_paid: Decimal = ZERO
    cares_for: tuple[str, ...] = ()
    benefits_received: tuple[str, ...] = ()
    supplements: tuple[str, ...] = ()

    def age_on(self, day: datetime.date) -> int:
        return wiek(self.birth_date, day)


@dataclass(frozen=True)
class Household:
    members: tuple[Member, ...]
    farm_hectares: Decimal = ZERO
    supplements: tuple[str, ...] = field(default=())
    income_month: datetime.date | None = None  # first day of the month assessed
    base_year: int | None = None

    @property
    def applicant(self) -> Member:
        return next(member for member in self.members if member.applicant)

    @property
    def size(self) -> int:
        return len(self.members)

    def member(self, member_id: str) -> Member:
        return next(member for member in self.members if member.id == member_id)

    def where(self, member: Member) -> str:
        """The input path of a member, for an error message."""
        return f"household.members[{self.members.index(member)}]"


def _check_fields(data: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            raise RulesInputError(f"{where}.{key}", "unknown field")


def _amount(raw: Any, where: str, *, pattern: re.Pattern[str] = AMOUNT) -> Decimal:
    if not isinstance(raw, str):
        raise RulesInputError(where, 'write the amount as a string such as "900.00"')
    if raw.startswith("-"):
        raise RulesInputError(where, "must not be negative")
    if not pattern.fullmatch(raw):
        raise RulesInputError(where, f"{raw[:40]!r} is not an amount with at most 2 decimals")
    try:
        value = Decimal(raw)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise RulesInputError(where, f"{raw!r} is not an amount") from error
    if value > MAX_AMOUNT:
        raise RulesInputError(where, "is above the largest amount accepted (1 000 000 000)")
    return value


def _optional_amount(data: dict[str, Any], key: str, where: str) -> Decimal:
    return ZERO if data.get(key) is None else _amount(data[key], f"{where}.{key}")


def _date(raw: Any, where: str) -> datetime.date:
    if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw  # a YAML case may write a date unquoted
    if not isinstance(raw, str) or not ISO_DATE.fullmatch(raw):
        raise RulesInputError(where, "expected a date YYYY-MM-DD")
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise RulesInputError(where, f"{raw!r} is not a date YYYY-MM-DD") from error
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise RulesInputError(where, f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    return day


def _month(raw: Any, where: str) -> datetime.date:
    if not isinstance(raw, str) or not MONTH.fullmatch(raw):
        raise RulesInputError(where, "expected a month YYYY-MM")
    return _date(f"{raw}-01", where)


def _year(raw: Any, where: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise RulesInputError(where, "expected a year such as 2025")
    if not FIRST_YEAR <= raw <= LAST_YEAR:
        raise RulesInputError(where, f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    return raw


def _bool(raw: Any, where: str) -> bool:
    if not isinstance(raw, bool):
        raise RulesInputError(where, "expected true or false (not in quotes)")
    return raw


def _choice(raw: Any, where: str, choices: tuple[str, ...]) -> str:
    if not isinstance(raw, str) or raw not in choices:
        raise RulesInputError(where, f"must be one of {', '.join(choices)}")
    return raw


def _text(raw: Any, where: str, what: str) -> str:
    if not isinstance(raw, str) or not raw or len(raw) > 64:
        raise RulesInputError(where, f"required: {what}")
    return raw


def _mapping(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RulesInputError(where, "expected a mapping of fields")
    return raw


def _list(raw: Any, where: str, limit: int = MAX_ITEMS) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RulesInputError(where, "expected a list")
    if len(raw) > limit:
        raise RulesInputError(where, f"at most {limit} items")
    return raw


def _codes(raw: Any, where: str, known: Any, what: str) -> tuple[str, ...]:
    codes = []
    for index, item in enumerate(_list(raw, where)):
        if not isinstance(item, str) or item not in known:
            raise RulesInputError(f"{where}[{index}]", f"unknown {what} {str(item)[:40]!r}")
        codes.append(item)
    return tuple(codes)


def _ids(raw: Any, where: str) -> tuple[str, ...]:
    return tuple(
        _text(item, f"{where}[{index}]", "a member id")
        for index, item in enumerate(_list(raw, where))
    )


def _income(raw: Any, where: str) -> Income:
    data = _mapping(raw, where)
    _check_fields(data, INCOME_FIELDS, where)
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        raise RulesInputError(f"{where}.kind", "required: the income kind code")
    if kind not in INCOME_KINDS:
        raise RulesInputError(f"{where}.kind", f"unknown income kind {kind[:40]!r}")
    if "amount" not in data:
        raise RulesInputError(f"{where}.amount", "required")
    return Income(
        kind=kind,
        amount=_amount(data["amount"], f"{where}.amount"),
        tax=_optional_amount(data, "tax", where),
        health=_optional_amount(data, "health", where),
        social=_optional_amount(data, "social", where),
    )


def _optional(data: dict[str, Any], key: str) -> bool:
    return data.get(key) is not None


def _member(raw: Any, where: str) -> Member:
    data = _mapping(raw, where)
    _check_fields(data, MEMBER_FIELDS, where)
    member_id = _text(data.get("id"), f"{where}.id", 'a short name such as "a"')
    if "birth_date" not in data:
        raise RulesInputError(f"{where}.birth_date", "required")
    if "sex" not in data:
        raise RulesInputError(f"{where}.sex", "required: K or M")
    return Member(
        id=member_id,
        birth_date=_date(data["birth_date"], f"{where}.birth_date"),
        sex=_choice(data["sex"], f"{where}.sex", SEXES),
        applicant=_bool(data.get("applicant", False), f"{where}.applicant"),
        relation=_choice(data["relation"], f"{where}.relation", RELATIONS)
        if _optional(data, "relation")
        else None,
        incapacity=_choice(data["incapacity"], f"{where}.incapacity", INCAPACITIES)
        if _optional(data, "incapacity")
        else None,
        disability=_choice(data.get("disability", "none"), f"{where}.disability", DISABILITIES),
        care_indications=_bool(data.get("care_indications", False), f"{where}.care_indications"),
        in_education=_bool(data["in_education"], f"{where}.in_education")
        if _optional(data, "in_education")
        else None,
        married=_bool(data.get("married", False), f"{where}.married"),
        under_legal_guardian=_bool(
            data.get("under_legal_guardian", False), f"{where}.under_legal_guardian"
        ),
        has_own_child=_bool(data.get("has_own_child", False), f"{where}.has_own_child"),
        incomes=tuple(
            _income(item, f"{where}.incomes[{index}]")
            for index, item in enumerate(_list(data.get("incomes"), f"{where}.incomes"))
        ),
        alimony_paid=_optional_amount(data, "alimony_paid", where),
        annual_income=_optional_amount(data, "annual_income", where),
        annual_alimony_paid=_optional_amount(data, "annual_alimony_paid", where),
        cares_for=_ids(data.get("cares_for"), f"{where}.cares_for"),
        benefits_received=_codes(
            data.get("benefits_received"),
            f"{where}.benefits_received",
            BENEFITS_RECEIVED,
            "benefit",
        ),
        supplements=tuple(
            _text(item, f"{where}.supplements[{index}]", "a supplement id")
            for index, item in enumerate(_list(data.get("supplements"), f"{where}.supplements"))
        ),
    )


def household_from_dict(raw: Any, where: str = "household") -> Household:
    data = _mapping(raw, where)
    _check_fields(data, HOUSEHOLD_FIELDS, where)
    members = tuple(
        _member(item, f"{where}.members[{index}]")
        for index, item in enumerate(
            _list(data.get("members"), f"{where}.members", limit=MAX_MEMBERS)
        )
    )
    if not members:
        raise RulesInputError(f"{where}.members", "at least one member is required")
    _check_members(members, where)
    return Household(
        members=members,
        farm_hectares=ZERO
        if data.get("farm_hectares") is None
        else _amount(data["farm_hectares"], f"{where}.farm_hectares", pattern=HECTARES),
        supplements=tuple(
            _text(item, f"{where}.supplements[{index}]", "a supplement id")
            for index, item in enumerate(_list(data.get("supplements"), f"{where}.supplements"))
        ),
        income_month=_month(data["income_month"], f"{where}.income_month")
        if _optional(data, "income_month")
        else None,
        base_year=_year(data["base_year"], f"{where}.base_year")
        if _optional(data, "base_year")
        else None,
    )


def _check_members(members: tuple[Member, ...], where: str) -> None:
    applicants = sum(member.applicant for member in members)
    if applicants != 1:
        raise RulesInputError(
            f"{where}.members", f"exactly one member must be the applicant (found {applicants})"
        )
    ids = [member.id for member in members]
    for index, member in enumerate(members):
        if ids.index(member.id) != index:
            raise RulesInputError(f"{where}.members[{index}].id", f"{member.id!r} is repeated")
        for cared in member.cares_for:
            if cared == member.id:
                raise RulesInputError(
                    f"{where}.members[{index}].cares_for", "a member cannot care for themselves"
                )
            if cared not in ids:
                raise RulesInputError(
                    f"{where}.members[{index}].cares_for", f"no member with id {cared!r}"
                )


def check_household(household: Household, day: datetime.date) -> None:
    """A member born after the day of the calculation is an input error; so is an income of a
    kind the rules do not know in a household built in Python rather than parsed."""
    for member in household.members:
        for index, income in enumerate(member.incomes):
            if income.kind not in INCOME_KINDS:
                raise RulesInputError(
                    f"{household.where(member)}.incomes[{index}].kind",
                    f"unknown income kind {income.kind[:40]!r}",
                )
        if member.birth_date > day:
            raise RulesInputError(
                f"{household.where(member)}.birth_date",
                f"{member.birth_date.isoformat()} is after the day {day.isoformat()}",
            )
