"""The list helper: a whitelist of sortable columns, aria-sort, links that keep the filters, a
capped page size, numbers in text ordered as numbers, and the export of the filtered list.

The rows are permissions of Django's auth app: a table every project has, with two texts and a
number, so that these tests do not follow the changes of any list of Ostoja's own."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import QueryDict

from ostoja.core.collation import polish
from ostoja.core.tables import MAX_PAGE_SIZE, Column, Table, natural

pytestmark = pytest.mark.django_db

COLUMNS = [
    Column("co", "what", (polish("name"),)),
    Column("adres", "route", natural("codename")),
    Column("osoba", "person", ("content_type_id",), then=(polish("name"),)),
]


def _kind(number: int) -> ContentType:
    kind, _ = ContentType.objects.get_or_create(app_label="tables_test", model=f"m{number}")
    return kind


def _rows(rows: list[tuple[str, str, int]]) -> list[Permission]:
    """Rows of (name, codename, kind number)."""
    return [
        Permission.objects.create(name=name, codename=codename, content_type=_kind(number))
        for name, codename, number in rows
    ]


def _listed() -> QuerySet[Permission]:
    return Permission.objects.filter(content_type__app_label="tables_test")


def _table(query: str, **kwargs: Any) -> Table:
    kwargs.setdefault("count_with_rows", True)
    return Table(QueryDict(query), _listed(), columns=COLUMNS, default="co", **kwargs)


def test_text_in_polish_order_and_numbers_as_numbers(db: None) -> None:
    rows = [("żak", "10a", 1), ("lis", "2", 2), ("łoś", "10", 3), ("zet", "x", 4), ("ul", "9b", 5)]
    zak, lis, los, zet, ul = _rows(rows)
    assert list(_table("").page) == [lis, los, ul, zet, zak]
    assert list(_table("sortuj=-co").page) == [zak, zet, ul, los, lis]
    # "2" < "9b" < "10" < "10a"; a text without a number first.
    assert list(_table("sortuj=adres").page) == [zet, lis, ul, los, zak]
    assert list(_table("sortuj=-adres").page) == [zak, los, ul, lis, zet]


def test_ties_are_broken_ascending_whichever_way(db: None) -> None:
    b, a, c = _rows([("b", "1", 1), ("a", "2", 1), ("c", "3", 2)])
    assert list(_table("sortuj=osoba").page) == [a, b, c]
    assert list(_table("sortuj=-osoba").page) == [c, a, b]


def test_an_unknown_sort_falls_back_to_the_default(db: None) -> None:
    b, a = _rows([("b", "1", 1), ("a", "1", 2)])
    table = _table("sortuj=content_type__app_label")
    assert table.sort_key == "co"
    assert list(table.page) == [a, b]


def test_default_must_be_a_column() -> None:
    with pytest.raises(ValueError, match="not a column"):
        Table(QueryDict(""), _listed(), columns=COLUMNS, default="nic")


def test_headers_say_the_sort_and_keep_the_filters(db: None) -> None:
    table = _table("q=kowal&sortuj=adres&strona=3&format=csv&open=1")
    sort = table.sort
    assert (sort["adres"].aria_sort, sort["co"].aria_sort) == ("ascending", "none")
    assert sort["adres"].query == "q=kowal&sortuj=-adres"  # a second click reverses
    assert sort["co"].query == "q=kowal&sortuj=co"  # back to page 1, no action carried on
    assert _table("sortuj=-adres").sort["adres"].aria_sort == "descending"
    assert _table("sortuj=-adres").sort["adres"].query == "sortuj=adres"
    assert table.export_query_csv == "q=kowal&sortuj=adres&format=csv"
    assert _table("q=a&na_stronie=50").export_query_xlsx == "q=a&format=xlsx"


@pytest.mark.parametrize(
    ("asked", "size"), [("", 20), ("5", 5), ("100", 100), ("100000", MAX_PAGE_SIZE), ("x", 20)]
)
def test_page_size_is_capped(db: None, asked: str, size: int) -> None:
    assert _table(f"na_stronie={asked}").page_size == size


def test_pages_count_every_row_and_export_takes_all_of_them(db: None) -> None:
    _rows([(f"w{i:02d}", str(i), i) for i in range(25)])
    table = _table("strona=2")
    assert table.count == 25
    assert [row.name for row in table.page] == [f"w{i:02d}" for i in range(20, 25)]
    assert len(table.export_rows()) == 25
    assert len(table.export_rows(limit=3)) == 3
    response = Table.export(
        table.export_rows(limit=2),
        header=["co"],
        row=lambda row: [row.name],
        file_format="csv",
        name="log",
    )
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert body.splitlines() == ["\ufeffco", "w00", "w01"]


def test_a_page_past_the_end_is_the_last_page(db: None) -> None:
    _rows([(f"w{i:02d}", str(i), i) for i in range(25)])
    table = _table("strona=9")
    assert (table.page.number, table.count) == (2, 25)
    assert [row.name for row in table.page] == [f"w{i:02d}" for i in range(20, 25)]
    assert _table("strona=abc").page.number == 1
    assert _table("strona=-3").page.number == 1


def test_an_empty_list_has_one_empty_page(db: None) -> None:
    table = _table("")
    assert (table.count, list(table.page), table.page.number) == (0, [], 1)


def test_page_and_count_are_one_query(db: None, django_assert_num_queries: Any) -> None:
    _rows([(f"w{i:02d}", str(i), i) for i in range(25)])
    with django_assert_num_queries(1):
        table = _table("strona=2&na_stronie=10")
        assert (table.count, len(table.page)) == (25, 10)


@pytest.mark.parametrize("count_with_rows", [True, False])
def test_both_ways_of_counting_agree(db: None, count_with_rows: bool) -> None:
    _rows([(f"w{i:02d}", str(i), i) for i in range(25)])
    for query, number, shown in [("", 1, 20), ("strona=2", 2, 5), ("strona=7", 2, 5)]:
        table = _table(query, count_with_rows=count_with_rows)
        assert (table.count, table.page.number, len(table.page)) == (25, number, shown)


def test_a_descending_default(db: None) -> None:
    first, second = _rows([("a", "1", 1), ("b", "1", 2)])
    table = Table(QueryDict(""), _listed(), columns=COLUMNS, default="-osoba")
    assert list(table.page) == [second, first]
    assert table.sort["osoba"].aria_sort == "descending"
    assert table.sort["osoba"].query == "sortuj=osoba"
