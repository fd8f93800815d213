"""The household the rules compute for: the one schema shared by the CLI's JSON input and the
YAML cases. `household_from_dict` validates it and names the field at fault."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ostoja.rules.errors import RulesInputError

SEXES = ("K", "M")
INCAPACITIES = ("none", "age", "total")
DISABILITIES = ("none", "moderate", "significant")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Income:
    """One receipt of the month (social assistance), by kind code of the registry."""

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
    incapacity: str | None = None  # None: decided by age on the day (see `incapacity_on`)
    disability: str = "none"
    incomes: tuple[Income, ...] = ()
    alimony_paid: Decimal = ZERO
    annual_income: Decimal = ZERO
    cares_for: tuple[str, ...] = ()

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


@dataclass(frozen=True)
class Household:
    members: tuple[Member, ...]
    farm_hectares: Decimal = ZERO
    supplements: tuple[str, ...] = field(default=())

    @property
    def applicant(self) -> Member:
        return next(member for member in self.members if member.applicant)

    @property
    def size(self) -> int:
        return len(self.members)

    def member(self, member_id: str) -> Member:
        return next(member for member in self.members if member.id == member_id)


def _decimal(raw: Any, where: str, *, default: Decimal = ZERO) -> Decimal:
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise RulesInputError(where, 'expected an amount such as "900.00"')
    try:
        value = Decimal(str(raw))
    except InvalidOperation as error:
        raise RulesInputError(where, f"{raw!r} is not an amount") from error
    if not value.is_finite():
        raise RulesInputError(where, f"{raw!r} is not an amount")
    if value < 0:
        raise RulesInputError(where, "must not be negative")
    return value


def _date(raw: Any, where: str) -> datetime.date:
    if isinstance(raw, datetime.date):
        return raw
    if not isinstance(raw, str):
        raise RulesInputError(where, "expected a date YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise RulesInputError(where, f"{raw!r} is not a date YYYY-MM-DD") from error


def _choice(raw: Any, where: str, choices: tuple[str, ...]) -> str:
    if raw not in choices:
        raise RulesInputError(where, f"must be one of {', '.join(choices)}")
    return str(raw)


def _mapping(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RulesInputError(where, "expected a mapping of fields")
    return raw


def _list(raw: Any, where: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RulesInputError(where, "expected a list")
    return raw


def _income(raw: Any, where: str) -> Income:
    data = _mapping(raw, where)
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        raise RulesInputError(f"{where}.kind", "required: the income kind code")
    if "amount" not in data:
        raise RulesInputError(f"{where}.amount", "required")
    return Income(
        kind=kind,
        amount=_decimal(data["amount"], f"{where}.amount"),
        tax=_decimal(data.get("tax"), f"{where}.tax"),
        health=_decimal(data.get("health"), f"{where}.health"),
        social=_decimal(data.get("social"), f"{where}.social"),
    )


def _member(raw: Any, where: str) -> Member:
    data = _mapping(raw, where)
    member_id = data.get("id")
    if not isinstance(member_id, str) or not member_id:
        raise RulesInputError(f"{where}.id", 'required: a short name such as "a"')
    if "birth_date" not in data:
        raise RulesInputError(f"{where}.birth_date", "required")
    if "sex" not in data:
        raise RulesInputError(f"{where}.sex", "required: K or M")
    incapacity = data.get("incapacity")
    cares_for = _list(data.get("cares_for"), f"{where}.cares_for")
    return Member(
        id=member_id,
        birth_date=_date(data["birth_date"], f"{where}.birth_date"),
        sex=_choice(data["sex"], f"{where}.sex", SEXES),
        applicant=bool(data.get("applicant", False)),
        incapacity=None
        if incapacity is None
        else _choice(incapacity, f"{where}.incapacity", INCAPACITIES),
        disability=_choice(data.get("disability", "none"), f"{where}.disability", DISABILITIES),
        incomes=tuple(
            _income(item, f"{where}.incomes[{index}]")
            for index, item in enumerate(_list(data.get("incomes"), f"{where}.incomes"))
        ),
        alimony_paid=_decimal(data.get("alimony_paid"), f"{where}.alimony_paid"),
        annual_income=_decimal(data.get("annual_income"), f"{where}.annual_income"),
        cares_for=tuple(str(item) for item in cares_for),
    )


def household_from_dict(raw: Any, where: str = "household") -> Household:
    data = _mapping(raw, where)
    members = tuple(
        _member(item, f"{where}.members[{index}]")
        for index, item in enumerate(_list(data.get("members"), f"{where}.members"))
    )
    if not members:
        raise RulesInputError(f"{where}.members", "at least one member is required")
    _check_members(members, where)
    supplements = _list(data.get("supplements"), f"{where}.supplements")
    return Household(
        members=members,
        farm_hectares=_decimal(data.get("farm_hectares"), f"{where}.farm_hectares"),
        supplements=tuple(str(item) for item in supplements),
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
            if cared not in ids:
                raise RulesInputError(
                    f"{where}.members[{index}].cares_for", f"no member with id {cared!r}"
                )
