"""Lists as staff use them: sort by a column, filter, page through, export what is filtered.

A view filters its queryset (with its own form), then hands it to `Table` with the columns that
may be sorted. The table reads `?sortuj=` (a column key, "-" in front for descending; anything
not in the whitelist falls back to the default), `?strona=` and `?na_stronie=` (capped), and
gives the page, the column headers with `aria-sort` and links that keep every other parameter
(the filters), and the whole filtered, sorted list for export:

    columns = [Column("nazwisko", _("Name"), (polish("surname"),))]
    table = Table(request.GET, persons, columns=columns, default="nazwisko")
    if request.GET.get("format") in FORMATS:
        rows = table.export_rows()
        return table.export(rows, header=[...], row=lambda p: [...], file_format=..., name=...)
    render(..., {"table": table, "page": table.page})

Templates: `{% include "partials/sort_header.html" with header=table.sort.nazwisko %}` for each
sortable column's `<th>`, `{% include "partials/pagination.html" with page=table.page %}` under
the table, and `?{{ table.export_query_csv }}` / `?{{ table.export_query_xlsx }}` for exports.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, IntegerField, QuerySet
from django.db.models.expressions import BaseExpression, Func, OrderBy
from django.http import HttpResponseBase, QueryDict
from django.utils.functional import Promise

from ostoja.core.exports import table_response

SORT_PARAM = "sortuj"
PAGE_PARAM = "strona"
SIZE_PARAM = "na_stronie"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
EXPORT_LIMIT = 10_000
# Parameters that are actions rather than filters: links of a list never carry them on.
NOT_KEPT = ("format", "open", "live", PAGE_PARAM)


class LeadingNumber(Func):
    """The number a text begins with, for ordering house numbers as numbers ("2" < "10" <
    "10a"); NULL when it does not begin with a digit. Ties ("10", "10a") are broken by the
    text itself, which the caller orders next."""

    output_field = IntegerField()
    template = "CAST(%(expressions)s AS INTEGER)"  # other databases

    def __init__(self, expression: Any) -> None:
        super().__init__(F(expression) if isinstance(expression, str) else expression)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(CASE WHEN {sql} GLOB '[0-9]*' THEN CAST({sql} AS INTEGER) END)", [
            *params,
            *params,
        ]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(SUBSTRING({sql} FROM '^[0-9]{{1,18}}') AS BIGINT)", params


@dataclass(frozen=True)
class Column:
    """A column a list may be sorted by: its key in the URL, its header, what it orders by
    (field names or expressions, the first deciding; use `polish(...)` for text), reversed for
    a descending sort, and what breaks ties (`then`), always ascending."""

    key: str
    label: str | Promise
    order: tuple[str | BaseExpression, ...]
    then: tuple[str | BaseExpression, ...] = ()


@dataclass(frozen=True)
class Header:
    column: Column
    aria_sort: str  # "ascending", "descending" or "none"
    query: str  # the query string that sorts by this column (the other way when it already does)

    @property
    def label(self) -> str | Promise:
        return self.column.label

    @property
    def key(self) -> str:
        return self.column.key


def _order_by(item: str | BaseExpression, *, descending: bool) -> OrderBy:
    expression = F(item) if isinstance(item, str) else item
    if descending:
        return expression.desc(nulls_last=True)
    return expression.asc(nulls_last=True)


def page_size(query: QueryDict, default: int = DEFAULT_PAGE_SIZE) -> int:
    """The page size asked for, between 1 and MAX_PAGE_SIZE; the default when unreadable."""
    try:
        size = int(query.get(SIZE_PARAM, default))
    except ValueError:
        return default
    return max(1, min(size, MAX_PAGE_SIZE))


def query_without(query: QueryDict, *names: str, **changes: str) -> str:
    """The query string without the action parameters and `names`, with `changes` set."""
    kept = query.copy()
    for name in (*NOT_KEPT, *names):
        kept.pop(name, None)
    for name, value in changes.items():
        kept[name] = value
    return kept.urlencode()


class Table:
    def __init__(
        self,
        query: QueryDict,
        rows: QuerySet[Any],
        *,
        columns: Sequence[Column],
        default: str,
        page_size_default: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        self.query = query
        self.columns = {column.key: column for column in columns}
        if default.lstrip("-") not in self.columns:
            raise ValueError(f"default sort {default!r} is not a column")
        asked = query.get(SORT_PARAM, "")
        if asked.lstrip("-") not in self.columns:
            asked = default
        self.sort_key = asked.lstrip("-")
        self.descending = asked.startswith("-")
        column = self.columns[self.sort_key]
        ordering = [_order_by(item, descending=self.descending) for item in column.order]
        ordering += [_order_by(item, descending=False) for item in column.then]
        ordering.append(_order_by("pk", descending=False))  # a stable order across pages
        self.rows = rows.order_by(*ordering)
        self.page_size = page_size(query, page_size_default)
        self._page: Page[Any] | None = None

    @property
    def page(self) -> Page[Any]:
        if self._page is None:
            paginator = Paginator(self.rows, self.page_size)
            self._page = paginator.get_page(self.query.get(PAGE_PARAM))
        return self._page

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def headers(self) -> list[Header]:
        headers = []
        for key, column in self.columns.items():
            current = key == self.sort_key
            aria = ("descending" if self.descending else "ascending") if current else "none"
            value = f"-{key}" if current and not self.descending else key
            headers.append(Header(column, aria, query_without(self.query, **{SORT_PARAM: value})))
        return headers

    @property
    def sort(self) -> dict[str, Header]:
        """The headers by column key, for templates: `table.sort.nazwisko`."""
        return {header.key: header for header in self.headers}

    def export_query(self, file_format: str) -> str:
        """The query string that downloads this filtered, sorted list."""
        return query_without(self.query, SIZE_PARAM, format=file_format)

    @property
    def export_query_csv(self) -> str:
        return self.export_query("csv")

    @property
    def export_query_xlsx(self) -> str:
        return self.export_query("xlsx")

    def export_rows(self, limit: int = EXPORT_LIMIT) -> list[Any]:
        """Every row that passes the filters, in the table's order, up to `limit`."""
        return list(self.rows[:limit])

    @staticmethod
    def export(
        objects: Iterable[Any],
        *,
        header: Sequence[Any],
        row: Callable[[Any], Sequence[Any]],
        file_format: str,
        name: str,
    ) -> HttpResponseBase:
        return table_response(
            [header, *(row(obj) for obj in objects)], file_format=file_format, name=name
        )
