"""Plausible amounts of tax and contributions (2022+ PIT rules, roughly)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def employment_deductions(gross: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(tax, health, social) of a contract of employment, roughly as a payroll computes them."""
    social = money(gross * Decimal("0.1371"))
    health = money((gross - social) * Decimal("0.09"))
    base = whole(gross - social - Decimal("250"))
    tax = max(Decimal("0"), whole(base * Decimal("0.12") - Decimal("300")))
    return tax, health, social


def pension_deductions(gross: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(tax, health, social) of a pension, renta or unemployment benefit paid by ZUS/PUP."""
    health = money(gross * Decimal("0.09"))
    tax = max(Decimal("0"), whole(gross * Decimal("0.12") - Decimal("300")))
    return tax, health, Decimal("0")


def minimum_wage(month: datetime.date) -> Decimal:
    return Decimal("4806") if month.year >= 2026 else Decimal("4666")
