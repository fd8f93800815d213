"""Exports write dates as dates: dated XLSX cells with a Polish number format, d.m.Y in CSV."""

import datetime
import io
from typing import Any

from openpyxl import load_workbook

from ostoja.core.exports import csv_lines, xlsx_bytes

# 27 November 2026, 13:05:09 UTC is 14:05:09 in Warsaw (winter time).
MOMENT = datetime.datetime(2026, 11, 27, 13, 5, 9, tzinfo=datetime.UTC)
TABLE: list[list[Any]] = [
    ["day", "moment", "amount", "text"],
    [datetime.date(2026, 3, 1), MOMENT, 12, "27.11.2026"],
]


def test_xlsx_dates_are_dated_cells_in_local_time() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes(TABLE, sheet_title="test"))).active
    assert sheet is not None
    day, moment, amount, text = (sheet.cell(row=2, column=col) for col in range(1, 5))
    assert day.value == datetime.datetime(2026, 3, 1)  # noqa: DTZ001  (read back as a datetime)
    assert day.number_format == "dd.mm.yyyy"
    assert day.is_date
    assert moment.value == datetime.datetime(2026, 11, 27, 14, 5, 9)  # noqa: DTZ001
    assert moment.number_format == "dd.mm.yyyy hh:mm:ss"
    assert moment.is_date
    assert amount.value == 12
    assert not amount.is_date
    assert text.value == "27.11.2026"
    assert not text.is_date


def test_csv_dates_in_polish_format_and_local_time() -> None:
    lines = list(csv_lines(TABLE))
    assert lines[0].startswith("\ufeffday;")
    assert lines[1] == "01.03.2026;27.11.2026 14:05:09;12;27.11.2026\r\n"


def test_a_naive_time_is_taken_as_it_is() -> None:
    naive = datetime.datetime(2026, 1, 2, 3, 4, 5)  # noqa: DTZ001
    assert next(iter(csv_lines([[naive]]))) == "\ufeff02.01.2026 03:04:05\r\n"
