"""The budget page with the test client, role by role: who sees it, who enters the plan,
what the page and its exports show, and a form that keeps what was typed when it is
refused."""

import io
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from ostoja.accounts.models import User
from ostoja.core.money import format_pln
from ostoja.payments.budget import budget_warnings
from ostoja.payments.models import BudgetPlan, ListState
from ostoja.payments.tests.budget.support import (
    DECEMBER,
    PERMANENT,
    advance,
    generate,
    pay,
    plan,
)
from ostoja.payments.tests.factories import award

pytestmark = pytest.mark.django_db


def _url(**query: Any) -> str:
    address = reverse("payments:budget")
    return f"{address}?{urlencode(query)}" if query else address


def _entry(**changes: str) -> dict[str, str]:
    return {
        "rok": "2026",
        "dzial": "852",
        "rozdzial": "85216",
        "paragraf": "3110",
        "finansowanie": "",
        "kwota": "10 000,00",
        "uwagi": "Uchwała budżetowa nr I/1/2026",
        **changes,
    }


def _paid_december(clerk: User, accountant: User) -> None:
    award(amount="713.00", valid_from=DECEMBER)
    award(amount="1229.00", valid_from=DECEMBER)
    (december,) = generate(clerk, DECEMBER)
    pay(december, clerk=clerk, accountant=accountant)


@pytest.mark.parametrize(
    ("role", "status", "form_shown"),
    [
        ("accountant", 200, True),
        ("director", 200, False),
        ("benefits_clerk", 200, False),
        ("social_worker", 403, False),
        ("administrator", 403, False),
        ("iod", 403, False),
    ],
)
def test_who_sees_the_budget_and_who_plans(
    login: Any, request: pytest.FixtureRequest, role: str, status: int, form_shown: bool
) -> None:
    response = login(request.getfixturevalue(role)).get(_url(rok=2026))
    assert response.status_code == status
    assert ('name="kwota"' in response.content.decode()) is form_shown


def test_the_accountant_enters_the_plan_and_the_director_sees_it_executed(
    login: Any, accountant: User, benefits_clerk: User, director: User
) -> None:
    response = login(accountant).post(_url(rok=2026), _entry())
    assert response.status_code == 302
    assert response["Location"] == _url(rok=2026)
    saved = BudgetPlan.objects.get()
    assert (saved.classification, saved.funding, saved.amount) == (
        "852/85216/3110",
        "",
        Decimal("10000.00"),
    )
    _paid_december(benefits_clerk, accountant)

    page = login(director).get(_url(rok=2026)).content.decode()

    # Plan 10 000,00; executed 713,00 + 1 229,00 = 1 942,00; remaining 8 058,00; 19,42 %.
    assert "852/85216/3110" in page
    for amount in ("10000.00", "1942.00", "8058.00"):
        assert format_pln(Decimal(amount)) in page
    assert "19,42\xa0%" in page
    assert "Uchwała budżetowa nr I/1/2026" in page


@pytest.mark.parametrize("role", ["benefits_clerk", "director"])
def test_who_only_sees_may_not_enter_the_plan(
    login: Any, request: pytest.FixtureRequest, role: str
) -> None:
    response = login(request.getfixturevalue(role)).post(_url(rok=2026), _entry())
    assert response.status_code == 403
    assert not BudgetPlan.objects.exists()


def test_a_refused_entry_keeps_what_was_typed_with_the_errors_at_their_fields(
    login: Any, accountant: User
) -> None:
    response = login(accountant).post(
        _url(rok=2026), _entry(rozdzial="85502", kwota="-5,00", uwagi="do poprawy")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_rozdzial_errors"' in page
    assert 'id="id_kwota_errors"' in page
    assert 'aria-describedby="id_kwota_help id_kwota_errors"' in page
    assert 'value="85502"' in page
    assert 'value="-5,00"' in page
    assert 'value="do poprawy"' in page
    assert not BudgetPlan.objects.exists()


def test_a_field_is_checked_as_it_is_left(login: Any, accountant: User) -> None:
    response = login(accountant).post(
        _url(rok=2026),
        _entry(dzial="85"),
        headers={"X-Ostoja-Validate": "dzial", "HX-Request": "true"},
    )
    page = response.content.decode()
    assert "Dział ma 3 cyfry, np. 852." in page
    assert "<table" not in page
    assert not BudgetPlan.objects.exists()


def test_a_plan_row_is_changed_with_its_history(login: Any, accountant: User) -> None:
    row = plan(PERMANENT, "10000.00")
    client = login(accountant)
    edit = client.get(_url(zmien=row.pk)).content.decode()
    # The classification of a row entered is shown, not changed.
    assert 'name="dzial" value="852"' in edit
    assert "disabled" in edit
    assert 'value="10000,00"' in edit
    response = client.post(
        _url(zmien=row.pk),
        {"kwota": "12 000,00", "uwagi": "Uchwała nr XII/85/2026", "wersja": "1", "dzial": "855"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.section, row.amount, row.version) == ("852", Decimal("12000.00"), 2)
    page = client.get(_url(zmien=row.pk)).content.decode()
    assert format_pln(Decimal("10000.00")) in page
    assert format_pln(Decimal("12000.00")) in page


def test_a_change_on_an_old_page_comes_back_with_the_conflict(login: Any, accountant: User) -> None:
    row = plan(PERMANENT, "10000.00")
    row.amount, row.version = Decimal("11000.00"), 2
    row.save()
    response = login(accountant).post(
        _url(zmien=row.pk), {"kwota": "9 000,00", "uwagi": "", "wersja": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ktoś inny zapisał te dane" in page
    assert 'value="9 000,00"' in page
    assert 'name="wersja" value="2"' in page
    assert BudgetPlan.objects.get().amount == Decimal("11000.00")


def test_a_row_entered_by_mistake_is_removed_by_the_accountant_only(
    login: Any, accountant: User, benefits_clerk: User
) -> None:
    row = plan(PERMANENT, "10000.00")
    remove = reverse("payments:budget_plan_remove", args=[row.pk])
    assert login(benefits_clerk).post(remove).status_code == 403
    client = login(accountant)
    assert remove in client.get(_url(rok=2026)).content.decode()
    response = client.post(remove)
    assert response.status_code == 302
    assert not BudgetPlan.objects.exists()


def test_a_changed_row_is_not_offered_for_removal_nor_removed(login: Any, accountant: User) -> None:
    row = plan(PERMANENT, "10000.00")
    row.amount, row.version = Decimal("11000.00"), 2
    row.save()
    remove = reverse("payments:budget_plan_remove", args=[row.pk])
    client = login(accountant)
    assert remove not in client.get(_url(rok=2026)).content.decode()
    client.post(remove)
    assert BudgetPlan.objects.filter(pk=row.pk).exists()


def test_the_months_view_and_the_exports(
    login: Any, accountant: User, benefits_clerk: User
) -> None:
    plan(PERMANENT, "10000.00")
    _paid_december(benefits_clerk, accountant)
    client = login(accountant)

    monthly = client.get(_url(rok=2026, widok="miesiace")).content.decode()
    assert '<abbr title="Grudzień">Gru</abbr>' in monthly
    assert format_pln(Decimal("1942.00")) in monthly

    csv = client.get(_url(rok=2026, format="csv"))
    assert csv["Content-Disposition"] == 'attachment; filename="budzet-2026.csv"'
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    header, line, total = text.strip().split("\r\n")
    assert header.split(";")[1:5] == ["Dział", "Rozdział", "Paragraf", "Źródło finansowania"]
    fields = line.split(";")
    assert fields[:4] == ["852/85216/3110", "852", "85216", "3110"]
    # Plan, twelve months (December 1 942,00), executed, committed, remaining, per cent.
    assert fields[5:] == [
        "10000.00",
        *["0.00"] * 11,
        "1942.00",
        "1942.00",
        "0.00",
        "8058.00",
        "19.42",
    ]
    assert total.split(";")[0] == "Razem"

    xlsx = client.get(_url(rok=2026, format="xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "852/85216/3110"
    assert Decimal(str(rows[1][18])) == Decimal("1942.00")


def test_the_table_sorts_by_a_column(login: Any, accountant: User) -> None:
    plan(PERMANENT, "10000.00")
    plan(("855", "85502", "3110"), "500.00")
    client = login(accountant)
    by_classification = client.get(_url(rok=2026)).content.decode()
    assert by_classification.index("852/85216/3110") < by_classification.index("855/85502/3110")
    by_plan = client.get(_url(rok=2026, sortuj="plan")).content.decode()
    assert by_plan.index("855/85502/3110") < by_plan.index("852/85216/3110")
    assert 'aria-sort="ascending"' in by_plan


def test_an_empty_year_says_what_to_do(login: Any, accountant: User, director: User) -> None:
    assert 'href="#plan"' in login(accountant).get(_url(rok=2031)).content.decode()
    page = login(director).get(_url(rok=2031)).content.decode()
    assert "<table" not in page
    assert "2031" in page


def test_the_warnings_of_a_list_page(benefits_clerk: User, accountant: User) -> None:
    plan(PERMANENT, "1500.00")
    award(amount="713.00", valid_from=DECEMBER)
    award(amount="1229.00", valid_from=DECEMBER)
    (december,) = generate(benefits_clerk, DECEMBER)
    december = advance(december, to=ListState.PREPARED, clerk=benefits_clerk, accountant=accountant)

    shown = render_to_string(
        "payments/_budget_warnings.html", {"warnings": budget_warnings(december)}
    )

    assert format_pln(Decimal("442.00")) in shown
    assert f'href="{_url()}?rok=2026"' in shown
    assert render_to_string("payments/_budget_warnings.html", {"warnings": []}).strip() == ""
