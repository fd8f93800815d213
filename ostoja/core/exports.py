"""Every list exports to CSV and XLSX: one table (a header and rows) written either way."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from openpyxl import Workbook

BOM = "\ufeff"  # Excel opens a UTF-8 CSV with Polish letters correctly only after a BOM
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

Row = Sequence[Any]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Iterable[Row]) -> Iterator[str]:
    """Semicolon-separated lines, as Polish Excel expects them."""
    writer = csv.writer(_Echo(), delimiter=";")
    for index, row in enumerate(table):
        yield (BOM if index == 0 else "") + writer.writerow(row)


def xlsx_bytes(table: Iterable[Row], *, sheet_title: str) -> bytes:
    """The table as a workbook, written row by row so memory stays flat."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in table:
        sheet.append(list(row))
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
