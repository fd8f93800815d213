"""Every list exports to CSV and XLSX: one table (a header and rows) written either way."""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

BOM = "\ufeff"  # Excel opens a UTF-8 CSV with Polish letters correctly only after a BOM
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# Dates and times are written as real dates in XLSX (sortable, filterable, summable) with a
# Polish number format, and as "27.11.2026 14:05:09" in CSV. Times are in the centre's zone.
XLSX_DATE_FORMAT = "dd.mm.yyyy"
XLSX_DATETIME_FORMAT = "dd.mm.yyyy hh:mm:ss"
CSV_DATE_FORMAT = "%d.%m.%Y"
CSV_DATETIME_FORMAT = "%d.%m.%Y %H:%M:%S"

Row = Sequence[Any]


def _local_naive(moment: datetime.datetime) -> datetime.datetime:
    """A time in the centre's zone without the zone: spreadsheets know no time zones."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


def csv_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return _local_naive(value).strftime(CSV_DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(CSV_DATE_FORMAT)
    return value


def xlsx_value(sheet: Any, value: Any) -> Any:
    """A date or time as a dated cell with its number format; anything else as it is."""
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_local_naive(value))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Iterable[Row]) -> Iterator[str]:
    """Semicolon-separated lines, as Polish Excel expects them."""
    writer = csv.writer(_Echo(), delimiter=";")
    for index, row in enumerate(table):
        line = writer.writerow([csv_value(value) for value in row])
        yield (BOM if index == 0 else "") + line


def xlsx_bytes(table: Iterable[Row], *, sheet_title: str) -> bytes:
    """The table as a workbook, written row by row so memory stays flat."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in table:
        sheet.append([xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(table: Iterable[Row], *, file_format: str, name: str) -> HttpResponseBase:
    """A download of the table: XLSX when asked for, CSV (streamed) otherwise."""
    response: HttpResponseBase
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(table, sheet_title=name), content_type=XLSX)
    else:
        file_format = "csv"
        response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
