"""What a calculation returns: the answer and the reasons it rests on."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

GROSZ = Decimal("0.01")


def grosze(amount: Decimal) -> Decimal:
    """Round to the grosz, half up: only where the statute's result is an amount."""
    return amount.quantize(GROSZ, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=4096)
def zl(amount: Decimal) -> str:
    """An amount in a reason's sentence: "1 069,90 zł". Cached: reasons repeat the same
    criteria and amounts, and formatting a Decimal costs more than the arithmetic."""
    return f"{grosze(amount):,.2f}".replace(",", " ").replace(".", ",") + " zł"


@dataclass(frozen=True)
class Reason:
    code: str  # stable, e.g. "zasilek_staly.kwota"
    article: str  # e.g. "art. 37 ust. 2 pkt 1 u.p.s."
    text: str  # a Polish sentence with the figures used


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

    def to_json(self) -> dict[str, Any]:
        """The contract's keys; amounts as strings with two decimals; absent ones left out."""
        data: dict[str, Any] = {"eligible": self.eligible}
        for key in (
            "amount",
            "amount_min",
            "amount_max",
            "criterion",
            "income",
            "income_per_person",
        ):
            value = getattr(self, key)
            if value is not None:
                data[key] = f"{grosze(value):.2f}"
        data["reasons"] = [
            {"code": r.code, "article": r.article, "text": r.text} for r in self.reasons
        ]
        return data
