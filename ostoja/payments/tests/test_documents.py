"""The printed cash list: a real PDF read back with `pdftotext`; its number, every payee in the
Polish alphabetical order, the amounts in figures and in words, the total, the sign-off block,
the page numbers and the table header on every page of a long list; what the cash desk already
paid, and the summary once the list is closed. Synthetic data only."""

import datetime
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from time_machine import TimeMachineFixture

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import PaymentMethod
from ostoja.payments.documents import (
    cash_list_context,
    cash_list_filename,
    render_cash_list_pdf,
    surname_first,
)
from ostoja.payments.models import Channel, PaymentItem, PaymentList
from ostoja.payments.services import lists, marks, runs
from ostoja.payments.tests.factories import award, staff

pytestmark = pytest.mark.django_db
D = datetime.date
DECEMBER = D(2026, 12, 1)
NUMBER = "LW/2026/12/10/K/1"  # zasiłek stały is paid on the 10th (the default settings)
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

# Payees as (first names, surname, amount). In the Polish alphabet L < Ł < Z < Ż, so the list
# reads Lewandowski, Łęcka, Zieliński, Żak.
PAYEES = (
    ("Zofia", "Łęcka", "1229.00"),
    ("Żaneta", "Żak", "1000.00"),
    ("Jan", "Lewandowski", "713.00"),
    ("Adam Piotr", "Zieliński", "452.35"),
)
# Worked out by hand:
#   1 229,00 zł -> "jeden tysiąc dwieście dwadzieścia dziewięć złotych 00/100"
#   1 000,00 zł -> "jeden tysiąc złotych 00/100"
#     713,00 zł -> "siedemset trzynaście złotych 00/100"
#     452,35 zł -> "czterysta pięćdziesiąt dwa złote 35/100" (2 takes "złote")
#   total 1 229 + 1 000 + 713 + 452,35 = 3 394,35 zł
#     -> "trzy tysiące trzysta dziewięćdziesiąt cztery złote 35/100" (…4 takes "złote")
IN_WORDS = {
    "1 229,00 zł": "jeden tysiąc dwieście dwadzieścia dziewięć złotych 00/100",
    "1 000,00 zł": "jeden tysiąc złotych 00/100",
    "713,00 zł": "siedemset trzynaście złotych 00/100",
    "452,35 zł": "czterysta pięćdziesiąt dwa złote 35/100",
}
TOTAL = "3 394,35 zł"
TOTAL_NBSP = "3\xa0394,35\xa0zł"  # as `format_pln` writes it: the figure never wraps
TOTAL_IN_WORDS = "trzy tysiące trzysta dziewięćdziesiąt cztery złote 35/100"
SIGNATURE_LABELS = (
    "Sporządził(a)",
    "Sprawdzono pod względem merytorycznym",
    "Sprawdzono pod względem formalnym i rachunkowym",
    "Zatwierdzono do wypłaty",
    "Wypłacił(a) – kasjer",
)


@pytest.fixture(autouse=True)
def today(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def clerk() -> User:
    return staff(
        username="urzedniczka", role=Role.BENEFITS_CLERK, first_name="Halina", last_name="Wrona"
    )


@pytest.fixture
def accountant() -> User:
    return staff(username="ksiegowa", first_name="Barbara", last_name="Sowa")


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page in the order WeasyPrint wrote it (cell by cell, so a phrase
    wrapped inside a cell stays together), every run of white space as one space."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    pages = result.stdout.decode().split("\f")[:-1]
    return [" ".join(page.replace("\xa0", " ").split()) for page in pages]


def save_with_first_page_image(content: bytes) -> None:
    """The PDF and a picture of its first page, for a person to look at the layout."""
    screenshots = ARTIFACTS / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "payments-cash-list.pdf"
    pdf.write_bytes(content)
    image = screenshots / "payments-cash-list"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, image],
        check=True,
    )


def in_order(text: str, *needles: str) -> bool:
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True


def cash_list(
    clerk: User, accountant: User, payees: tuple[tuple[str, str, str], ...] = PAYEES
) -> PaymentList:
    """An approved cash list of zasiłki stałe for December 2026, one line per payee."""
    for first_names, surname, amount in payees:
        person = award(amount=amount, valid_from=DECEMBER, method=PaymentMethod.CASH).person
        person.first_names, person.surname = first_names, surname
        person.save()
    run = runs.payment_run_start(actor=clerk, month=DECEMBER)
    runs.payment_run_execute(run.pk, today=DECEMBER)
    draft = PaymentList.objects.get(channel=Channel.CASH)
    prepared = lists.payment_list_prepare(actor=clerk, payment_list=draft)
    return lists.payment_list_approve(actor=accountant, payment_list=prepared)


def handed_to_the_desk(payment_list: PaymentList, accountant: User) -> PaymentList:
    return lists.payment_list_export(
        actor=accountant,
        payment_list=payment_list,
        document=cash_list_filename(payment_list),
        sha256="0" * 64,
    )


def item_of(payment_list: PaymentList, surname: str) -> PaymentItem:
    return payment_list.items.get(payee_name__endswith=surname)


def test_the_list_shows_its_number_payees_amounts_total_and_sign_off(
    clerk: User, accountant: User
) -> None:
    payment_list = cash_list(clerk, accountant)
    assert payment_list.number == NUMBER
    content = render_cash_list_pdf(payment_list)
    save_with_first_page_image(content)
    pages = pdf_pages(content)
    text = " ".join(pages)

    assert in_order(text, settings.OSTOJA_CENTRE_NAME, settings.OSTOJA_CENTRE_ADDRESS)
    assert in_order(text, f"Lista wypłat nr {NUMBER}", "w kasie ośrodka")
    assert in_order(text, "za miesiąc: grudzień 2026", "data wypłaty: 10.12.2026")
    # The cash desk pays for 14 days (OSTOJA_CASH_PAYOUT_DAYS): from the 10th to the 24th.
    assert "wypłata od 10.12.2026 do 24.12.2026" in text
    assert in_order(text, "852/85216/3110", "zasiłek stały", "4", TOTAL)
    # Surname first, in the Polish alphabet.
    assert in_order(
        text,
        "1. Lewandowski Jan",
        "2. Łęcka Zofia",
        "3. Zieliński Adam Piotr",
        "4. Żak Żaneta",
    )
    for figure, words in IN_WORDS.items():
        assert in_order(text, figure, words)
    assert "zasiłek stały za 12/2026" in text
    lecka = item_of(payment_list, "Łęcka")
    # A long decision number wraps in its cell: compared without the spaces of the layout.
    compact = text.replace(" ", "")
    assert in_order(
        compact, "ŁęckaZofia", lecka.payee_identity.replace(" ", ""), lecka.decision_number
    )
    assert lecka.payee_identity.startswith("PESEL ")
    assert in_order(text, "Liczba pozycji: 4", f"Razem: {TOTAL}", f"Słownie: {TOTAL_IN_WORDS}")
    assert in_order(text, "Podpis odbierającego", "Data wypłaty / nr KW")
    assert in_order(text, *SIGNATURE_LABELS)
    # Who prepared and who approved, with the day (2 December 2026, the tests' today).
    assert in_order(text, "Halina Wrona, 02.12.2026", "Barbara Sowa, 02.12.2026")
    assert len(pages) == 1
    assert "strona 1 z 1" in text
    assert "PROJEKT" not in text


def test_a_paid_line_shows_its_receipt_and_the_summary_waits_for_the_close(
    clerk: User, accountant: User
) -> None:
    payment_list = handed_to_the_desk(cash_list(clerk, accountant), accountant)
    marks.payment_item_mark_paid(
        actor=accountant,
        item=item_of(payment_list, "Łęcka"),
        paid_on=D(2026, 12, 11),
        receipt_number="KW 17/2026",
    )
    text = " ".join(pdf_pages(render_cash_list_pdf(payment_list)))
    assert in_order(text, "Łęcka Zofia", "11.12.2026 KW 17/2026", "Zieliński")
    assert text.count("KW 17/2026") == 1
    # Not closed yet: the summary is left to be filled in by hand.
    assert in_order(text, "Rozliczenie listy:", "wypłacono:", "poz. na kwotę", "nie podjęto:")
    assert "wypłacono: 1 poz." not in text


def test_a_closed_list_sums_what_was_paid_and_prints_the_state_of_the_rest(
    clerk: User, accountant: User
) -> None:
    payment_list = handed_to_the_desk(cash_list(clerk, accountant), accountant)
    marks.payment_item_mark_paid(
        actor=accountant,
        item=item_of(payment_list, "Łęcka"),
        paid_on=D(2026, 12, 10),
        receipt_number="KW 3/2026",
    )
    closed = marks.payment_list_close(
        actor=accountant, payment_list=payment_list, on=D(2026, 12, 28)
    )
    text = " ".join(pdf_pages(render_cash_list_pdf(closed)))
    # Not collected: 1 000,00 + 713,00 + 452,35 = 2 165,35 zł in three lines.
    assert in_order(
        text,
        "Rozliczenie listy",
        "wypłacono: 1 poz. na kwotę 1 229,00 zł",
        "nie podjęto: 3 poz. na kwotę 2 165,35 zł",
    )
    # The lines not collected say so where the signature would be.
    assert in_order(text, "Lewandowski Jan", "niepodjęta", "Łęcka Zofia", "KW 3/2026")
    assert text.count("niepodjęta") == 3


def test_a_long_list_repeats_its_header_on_every_page_and_numbers_the_pages(
    clerk: User, accountant: User
) -> None:
    payees = tuple(("Jan", f"Kowalski{n:02d}", "500.00") for n in range(60))
    pages = pdf_pages(render_cash_list_pdf(cash_list(clerk, accountant, payees)))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert in_order(page, "Lp.", "Nazwisko i imię", "Podpis odbierającego")
        assert f"Lista wypłat nr {NUMBER}" in page
        assert f"strona {number} z {len(pages)}" in page
    text = " ".join(pages)
    assert in_order(text, "1. Kowalski00 Jan", "60. Kowalski59 Jan")
    # 60 × 500,00 zł = 30 000,00 zł
    assert in_order(
        text, "Liczba pozycji: 60", "Razem: 30 000,00 zł", "trzydzieści tysięcy złotych 00/100"
    )
    # The sign-off block is never split: all of it on the last page.
    assert in_order(pages[-1], *SIGNATURE_LABELS)


def test_the_list_is_polish_whatever_the_interface_language(clerk: User, accountant: User) -> None:
    payment_list = cash_list(clerk, accountant, PAYEES[:1])
    with translation.override("en"):
        text = " ".join(pdf_pages(render_cash_list_pdf(payment_list)))
    assert in_order(text, "grudzień 2026", "zadanie własne finansowane z dotacji")
    assert "zasiłek stały za 12/2026" in text


def test_an_unapproved_list_is_marked_as_a_draft(clerk: User) -> None:
    award(amount="713.00", valid_from=DECEMBER, method=PaymentMethod.CASH)
    runs.payment_run_execute(runs.payment_run_start(actor=clerk, month=DECEMBER).pk, today=DECEMBER)
    draft = PaymentList.objects.get()
    text = " ".join(pdf_pages(render_cash_list_pdf(draft)))
    assert "PROJEKT – lista niezatwierdzona" in text


def test_a_transfer_list_has_no_cash_list(clerk: User) -> None:
    award(amount="713.00", valid_from=DECEMBER, method=PaymentMethod.BANK)
    runs.payment_run_execute(runs.payment_run_start(actor=clerk, month=DECEMBER).pk, today=DECEMBER)
    with pytest.raises(ValueError, match="transfer"):
        render_cash_list_pdf(PaymentList.objects.get())


def test_the_context_and_the_file_name(clerk: User, accountant: User) -> None:
    payment_list = cash_list(clerk, accountant)
    assert cash_list_filename(payment_list) == "lista-wyplat-LW-2026-12-10-K-1.pdf"
    context = cash_list_context(payment_list)
    assert (context["item_count"], context["total"]) == (4, TOTAL_NBSP)
    assert context["total_in_words"] == TOTAL_IN_WORDS
    assert [(row.number, row.name) for row in context["rows"]] == [
        (1, "Lewandowski Jan"),
        (2, "Łęcka Zofia"),
        (3, "Zieliński Adam Piotr"),
        (4, "Żak Żaneta"),
    ]
    (group,) = context["classifications"]
    assert (group.classification, group.count, group.total) == ("852/85216/3110", 4, TOTAL_NBSP)
    assert payment_list.total == Decimal("3394.35")


def test_a_name_changed_since_the_run_still_prints_surname_first(
    clerk: User, accountant: User
) -> None:
    item = item_of(cash_list(clerk, accountant, PAYEES[3:]), "Zieliński")
    assert surname_first(item) == "Zieliński Adam Piotr"
    item.payee.surname = "Nowak"
    assert surname_first(item) == "Zieliński Adam Piotr"
