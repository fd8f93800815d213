"""Benchmark: the cash list's PDF as WeasyPrint makes it, for lists of growing length.

Renders `payments/print/cash_list.html` from a synthetic context shaped as
`payments.documents.cash_list_context` builds it (no database), `--runs` times for each length in
`--lines`, and prints each time. The print is made by a task worker (`services.prints`), so the
limit is not a request's: this says how long the accountant waits for a city's list.

    .venv/bin/python bench/cash_list.py [--lines 250 500 1000 2000] [--runs 3]
"""

# ruff: noqa: E402  (Django is set up before the project is imported)
import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("OSTOJA_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.utils import translation

from ostoja.benefits.documents.words import amount_in_words
from ostoja.casework.documents import render_pdf
from ostoja.core.money import format_pln
from ostoja.payments.documents import CASH_LIST_TEMPLATE, CashListRow, Classification

DAY = datetime.date(2026, 12, 10)


def _row(number: int) -> CashListRow:
    amount = Decimal("713.00") + number % 97
    return CashListRow(
        number=number,
        name=f"Próbna{number} Anna",
        address=f"ul. Testowa {number % 120 + 1}, 00-001 Dębowo",
        identity=f"ZZZ{number:06d}",
        benefit="zasiłek stały za 12/2026",
        kind_note="",
        decision_number=f"GOPS.8311.{number}.2026",
        amount=format_pln(amount),
        amount_in_words=amount_in_words(amount),
        payable=True,
        state="",
        paid_on=None,
        receipt_number="",
        reference=f"W-{number:010d}",
    )


def _context(lines: int) -> dict[str, Any]:
    rows = [_row(number) for number in range(1, lines + 1)]
    total = sum((Decimal("713.00") + number % 97 for number in range(1, lines + 1)), Decimal(0))
    return {
        "number": "LW/2026/12/10/K/1",
        "postal": False,
        "month": DAY.replace(day=1),
        "month_name": "grudzień 2026",
        "payment_date": DAY,
        "pay_until": DAY + datetime.timedelta(days=14),
        "is_draft": False,
        "rows": rows,
        "classifications": [
            Classification("852/85216/3110", "zasiłek stały", "", lines, format_pln(total))
        ],
        "item_count": lines,
        "total": format_pln(total),
        "total_in_words": amount_in_words(total),
        "prepared_by": "Ewa Świadczeniowa",
        "prepared_on": DAY,
        "approved_by": "Ewa Księgowa",
        "approved_on": DAY,
        "closed": False,
        "closed_on": None,
        "summary": [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with translation.override("pl"):
        render_pdf(CASH_LIST_TEMPLATE, _context(10))  # load WeasyPrint and the fonts once
        for lines in options.lines:
            context = _context(lines)
            timings = []
            for _ in range(options.runs):
                start = time.perf_counter()
                pdf = render_pdf(CASH_LIST_TEMPLATE, context)
                timings.append(time.perf_counter() - start)
            shown = " / ".join(f"{timing:.1f}" for timing in timings)
            print(f"{lines} lines: {shown} s ({len(pdf) // 1024} KiB)")


if __name__ == "__main__":
    main()
