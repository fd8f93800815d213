"""Amounts of money: Decimal in, Polish office format out ("1 234,56 zł")."""

from decimal import ROUND_HALF_UP, Decimal

GROSZ = Decimal("0.01")
NBSP = "\xa0"


def to_grosze(amount: Decimal) -> Decimal:
    return amount.quantize(GROSZ, rounding=ROUND_HALF_UP)


def format_pln(amount: Decimal | int | None) -> str:
    """1234.5 -> "1 234,50 zł", with non-breaking spaces so the figure never wraps."""
    if amount is None:
        return ""
    value = to_grosze(Decimal(amount))
    sign = "-" if value < 0 else ""
    whole, fraction = f"{abs(value):.2f}".split(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{NBSP.join(groups)},{fraction}{NBSP}zł"
