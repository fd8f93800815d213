"""What a calculation returns: the answer, the reasons it rests on, the income period it
assessed and the parameters it used.

A reason is a structured fact: a stable code, the provision, and the named figures the formula
computed. Its Polish sentence is rendered from a template (`ostoja.rules.texts`) only when read,
so a formula states what it found, not how to phrase it, and a simulation that never reads the
sentences does not pay for them.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

GROSZ = Decimal("0.01")

type Fact = Decimal | int | str | bool | datetime.date | tuple[str, ...]
NO_FACTS: Mapping[str, Fact] = MappingProxyType({})


def grosze(amount: Decimal) -> Decimal:
    """Round to the grosz, half up: only where the statute's result is an amount."""
    return amount.quantize(GROSZ, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=4096)
def zl(amount: Decimal) -> str:
    """An amount in a sentence: "1 069,90 zł". Cached: reasons repeat the same figures."""
    return f"{grosze(amount):,.2f}".replace(",", " ").replace(".", ",") + " zł"


@dataclass(frozen=True)
class Reason:
    code: str  # stable, e.g. "zasilek_staly.kwota"
    article: str  # e.g. "art. 37 ust. 2 pkt 1 u.p.s."
    facts: Mapping[str, Fact] = field(default=NO_FACTS)
    unverified: bool = False  # rests on a reading or a figure not confirmed in the statute

    @property
    def text(self) -> str:
        """The Polish sentence, from the template of `code` filled with `facts`."""
        from ostoja.rules.texts import render

        return render(self.code, self.facts)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "article": self.article,
            "text": self.text,
            "facts": {name: _fact_json(value) for name, value in self.facts.items()},
            "unverified": self.unverified,
        }


def reason(code: str, article: str, *, unverified: bool = False, **facts: Fact) -> Reason:
    """A reason with its figures as keyword arguments: `reason(code, article, kwota=…)`."""
    return Reason(code, article, MappingProxyType(facts), unverified)


def _fact_json(value: Fact) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True)
class ParameterUsed:
    name: str
    value: Decimal
    start: datetime.date
    end: datetime.date | None  # the last day of this value; None: until changed
    reference: str
    unverified: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": str(self.value),
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "reference": self.reference,
            "unverified": self.unverified,
        }


@dataclass(frozen=True)
class Period:
    """The income period a calculation assessed."""

    kind: str  # "miesiac" (social assistance) or "rok_bazowy" (family benefits)
    start: datetime.date
    end: datetime.date
    default: bool  # True: the law's default, not stated in the input

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "default": self.default,
        }


AMOUNT_KEYS = ("amount", "amount_min", "amount_max", "criterion", "income", "income_per_person")


@dataclass(frozen=True)
class Result:
    eligible: bool
    amount: Decimal | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    criterion: Decimal | None = None
    income: Decimal | None = None
    income_per_person: Decimal | None = None
    reasons: tuple[Reason, ...] = field(default=())
    period: Period | None = None
    parameters_used: tuple[ParameterUsed, ...] = field(default=())

    @property
    def unverified(self) -> bool:
        """Whether any reason or parameter the result rests on is not confirmed."""
        return any(r.unverified for r in self.reasons) or any(
            p.unverified for p in self.parameters_used
        )

    def to_json(self) -> dict[str, Any]:
        """The contract's keys; amounts as strings with two decimals; absent ones left out."""
        data: dict[str, Any] = {"eligible": self.eligible}
        for key in AMOUNT_KEYS:
            value = getattr(self, key)
            if value is not None:
                data[key] = f"{grosze(value):.2f}"
        data["reasons"] = [r.to_json() for r in self.reasons]
        if self.period is not None:
            data["period"] = self.period.to_json()
        data["parameters_used"] = [p.to_json() for p in self.parameters_used]
        data["unverified"] = self.unverified
        return data
