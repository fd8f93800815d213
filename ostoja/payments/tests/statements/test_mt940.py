import datetime
from decimal import Decimal

import pytest

from ostoja.payments.statements import ReturnedTransfer, StatementError
from ostoja.payments.statements import parse_returns_mt940 as parse
from ostoja.payments.tests.statements.samples import (
    ACCOUNT_A,
    ACCOUNT_B,
    ACCOUNT_C,
    OWN_ACCOUNT,
    REFERENCE,
    lines,
)

# A day's statement of the centre's account, in SWIFT blocks, as a Polish bank writes it: our
# transfer out, a return with the sub-fields ~00…~33 (the reference in the second title line,
# the counterparty's account as sort code and number), a return with a plain :86: whose
# reference is cut at the line's end, and a grant from the gmina paid to our own account.
STATEMENT = lines(
    "{1:F01BANKPLPWAXXX0000000000}{2:I940BANKPLPWXXXXN}{4:",
    ":20:WYC261204",
    f":25:/PL{OWN_ACCOUNT}",
    ":28C:245/1",
    ":60F:C261203PLN10000,00",
    ":61:2612041204D713,00S07600000001//OUT1",
    ":86:076~00PRZELEW~20Zasiłek stały 12/2026~21W-2026-12-000123",
    "~32HALINA ŻÓŁKIEWSKA-TESTOWA~38PL03114020040000400055556666",
    ":61:2612041204C713,00S07600000002//RET1",
    ":86:076~00ZWROT PRZELEWU~20Rachunek zamknięty~21 W-2026-12-000123",
    "~3011402004~310000400055556666~32HALINA~33ŻÓŁKIEWSKA-TESTOWA",
    ":61:2612051205C1234,56NTRFNONREF//RET2",
    ":86:ZWROT PRZELEWU W-2026-12-00",
    "0124 JÓZEF ĆMIELOWSKI 71 1240 5006 0000 3000 1234 0001",
    ":61:2612051205C50000,00NTRFNONREF//DOT1",
    ":86:DOTACJA CELOWA NA ZASIŁKI 12/2026 NA RACHUNEK",
    "48 1090 1014 0000 0001 2345 6789",
    ":62F:C261205PLN60234,56",
    "-}",
)

RETURNS = [
    ReturnedTransfer(
        line=2,
        booked_on=datetime.date(2026, 12, 4),
        amount=Decimal("713.00"),
        reference="W-2026-12-000123",
        account=ACCOUNT_A,
        name="HALINA ŻÓŁKIEWSKA-TESTOWA",
        description="Rachunek zamknięty W-2026-12-000123",
    ),
    ReturnedTransfer(
        line=3,
        booked_on=datetime.date(2026, 12, 5),
        amount=Decimal("1234.56"),
        reference="W-2026-12-000124",
        account=ACCOUNT_B,
        name="",
        description="ZWROT PRZELEWU W-2026-12-00 0124 JÓZEF ĆMIELOWSKI 71 1240 5006 0000 3000 1234 "
        "0001",
    ),
]

GRANT = ReturnedTransfer(
    line=4,
    booked_on=datetime.date(2026, 12, 5),
    amount=Decimal("50000.00"),
    reference="",
    account="",
    name="",
    description="DOTACJA CELOWA NA ZASIŁKI 12/2026 NA RACHUNEK 48 1090 1014 0000 0001 2345 6789",
)


def statement(*entries: str, account: str = OWN_ACCOUNT, encoding: str = "cp1250") -> bytes:
    return lines(
        ":20:WYC261204",
        f":25:/PL{account}",
        ":28C:245/1",
        ":60F:C261203PLN10000,00",
        *entries,
        ":62F:C261205PLN10000,00",
        encoding=encoding,
    )


def error(data: bytes, **settings: str) -> str:
    with pytest.raises(StatementError) as caught:
        parse(data, reference_pattern=REFERENCE, **settings)
    return str(caught.value)


# ---------------------------------------------------------------------------------------------
# A whole statement
# ---------------------------------------------------------------------------------------------


def test_the_sample_is_a_windows_1250_file() -> None:
    assert "ŻÓŁKIEWSKA".encode("cp1250") in STATEMENT


def test_the_returns_marked_as_such_are_read_and_the_transfer_out_is_not() -> None:
    assert parse(STATEMENT, reference_pattern=REFERENCE, return_marker="zwrot") == RETURNS


def test_without_a_marker_every_credit_is_a_return() -> None:
    assert parse(STATEMENT, reference_pattern=REFERENCE) == [*RETURNS, GRANT]


def test_two_statements_in_one_file_number_their_entries_on() -> None:
    # Each statement's own account is left out of the text, not the other statement's.
    first = statement(":61:2612041204C5,00NTRF", f":86:ZWROT NA {ACCOUNT_C}")
    second = statement(":61:2612041204C6,00NTRF", f":86:ZWROT NA {ACCOUNT_C}", account=ACCOUNT_C)

    returned = parse(first + second, reference_pattern=REFERENCE)

    assert [(r.line, r.amount, r.account) for r in returned] == [
        (1, Decimal("5.00"), ACCOUNT_C),
        (2, Decimal("6.00"), ""),
    ]


# ---------------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------------


def test_only_money_that_came_back_in_is_a_return() -> None:
    # The first entry has no transaction type code: it must stay an entry of its own.
    data = statement(
        ":61:2612061206RD10,00",
        ":61:2612061206RC20,00NTRF",
        ":61:2612061206D30,00NTRF",
        ":61:2612061206C40,00NTRF",
        ":61:2612061206d50,00NTRF",
        ":61:2612061206c60,00NTRF",
        ":61:2612061206C0,00NTRF",
    )

    returned = parse(data, reference_pattern=REFERENCE)

    assert [(r.line, r.amount) for r in returned] == [
        (1, Decimal("10.00")),
        (4, Decimal("40.00")),
        (6, Decimal("60.00")),
    ]


@pytest.mark.parametrize(
    ("field", "booked_on"),
    [
        (":61:2612041204C5,00NTRF", datetime.date(2026, 12, 4)),
        (":61:2612051204C5,00NTRF", datetime.date(2026, 12, 4)),
        (":61:2701021231C5,00NTRF", datetime.date(2026, 12, 31)),
        (":61:261204C5,00NTRF", datetime.date(2026, 12, 4)),
    ],
)
def test_the_booking_date_else_the_value_date(field: str, booked_on: datetime.date) -> None:
    [returned] = parse(statement(field), reference_pattern=REFERENCE)

    assert returned.booked_on == booked_on


@pytest.mark.parametrize("mark", ["~", "^", "<", "?"])
def test_sub_fields_after_any_of_the_banks_marks(mark: str) -> None:
    details = f"166{mark}00ZWROT{mark}20W-2026-12-000123{mark}21 rachunek zamknięty{mark}32ANNA"
    details += f"{mark}33PRZYKŁADOWA{mark}38PL{ACCOUNT_A}"

    [returned] = parse(
        statement(":61:2612041204C713,00NTRF", f":86:{details}"), reference_pattern=REFERENCE
    )

    assert returned == ReturnedTransfer(
        line=1,
        booked_on=datetime.date(2026, 12, 4),
        amount=Decimal("713.00"),
        reference="W-2026-12-000123",
        account=ACCOUNT_A,
        name="ANNA PRZYKŁADOWA",
        description="W-2026-12-000123 rachunek zamknięty",
    )


def test_a_reference_cut_between_two_title_sub_fields() -> None:
    [returned] = parse(
        statement(":61:2612041204C713,00NTRF", ":86:020~20ZWROT W-2026-12-00~210123"),
        reference_pattern=REFERENCE,
    )

    assert (returned.reference, returned.description) == (
        "W-2026-12-000123",
        "ZWROT W-2026-12-00 0123",
    )


def test_a_bare_account_number_in_a_title_sub_field_is_the_account() -> None:
    details = f":86:020~00PRZELEW~20ZWROT W-2026-12-000123~29{ACCOUNT_B}~32ANNA PRZYKŁADOWA"

    [returned] = parse(statement(":61:2612041204C713,00NTRF", details), reference_pattern=REFERENCE)

    assert (returned.account, returned.description) == (ACCOUNT_B, "ZWROT W-2026-12-000123")


def test_the_iban_sub_field_comes_before_the_sort_code_and_number() -> None:
    details = f":86:020~20ZWROT~3010204014~310000220033334444~38PL{ACCOUNT_A}"

    [returned] = parse(statement(":61:2612041204C713,00NTRF", details), reference_pattern=REFERENCE)

    assert returned.account == ACCOUNT_A


def test_without_a_title_the_kind_of_operation_describes_the_entry() -> None:
    [returned] = parse(
        statement(":61:2612041204C713,00NTRF", ":86:020~00ZWROT PRZELEWU~32ANNA"),
        reference_pattern=REFERENCE,
    )

    assert returned.description == "ZWROT PRZELEWU"


@pytest.mark.parametrize(
    "field",
    [
        ":61:2612041204C5,00NTRFW-2026-12-000777//B1",
        ":61:2612041204C5,00NTRFNONREF//B1\r\nW-2026-12-000777",
    ],
)
def test_the_reference_in_the_statement_line_when_the_details_lack_it(field: str) -> None:
    [returned] = parse(
        statement(field, ":86:ZWROT W-2026-12-00 BEZ NUMERU"), reference_pattern=REFERENCE
    )

    assert returned.reference == "W-2026-12-000777"


def test_an_entry_without_details() -> None:
    [returned] = parse(statement(":61:2612041204C5,00NTRF"), reference_pattern=REFERENCE)

    assert (returned.reference, returned.account, returned.name, returned.description) == (
        "",
        "",
        "",
        "",
    )


def test_details_longer_than_the_standard_s_six_lines() -> None:
    filler = ["X" * 65] * 10

    [returned] = parse(
        statement(":61:2612041204C5,00NTRF", ":86:" + filler[0], *filler[1:], "W-2026-12-000321"),
        reference_pattern=REFERENCE,
    )

    assert returned.reference == "W-2026-12-000321"


@pytest.mark.parametrize(
    ("details", "is_return"),
    [
        (":86:020~00ZWROT PRZELEWU~20Rachunek zamknięty", True),
        (":86:ZWROT: rachunek zamknięty", True),
        (":86:PRZELEW ZWROTNY", True),
        (":86:BEZZWROTNA DOTACJA", False),
        (":86:020~00PRZELEW~20DOTACJA", False),
    ],
)
def test_the_return_marker_anywhere_in_the_details(details: str, is_return: bool) -> None:
    returned = parse(
        statement(":61:2612041204C5,00NTRF", details),
        reference_pattern=REFERENCE,
        return_marker="Zwrot",
    )

    assert bool(returned) is is_return


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------


def test_a_utf_8_statement_is_recognised() -> None:
    data = statement(
        ":61:2612041204C5,00NTRF", ":86:020~20ZWROT~32JADWIGA ŚLĄZAK", encoding="utf-8"
    )

    [returned] = parse(data, reference_pattern=REFERENCE)

    assert returned.name == "JADWIGA ŚLĄZAK"


def test_an_encoding_given_for_the_bank() -> None:
    data = statement(
        ":61:2612041204C5,00NTRF", ":86:020~20ZWROT~32JADWIGA ŚLĄZAK", encoding="iso-8859-2"
    )

    [returned] = parse(data, reference_pattern=REFERENCE, encoding="iso-8859-2")

    assert returned.name == "JADWIGA ŚLĄZAK"


def test_a_byte_that_neither_utf_8_nor_windows_1250_has() -> None:
    data = statement(":61:2612041204C5,00NTRF", ":86:ZWROT X").replace(b"ZWROT X", b"ZWROT \x98")

    assert error(data) == (
        "Line 6: the file is not cp1250 text. Check the character encoding set for this bank."
    )


def test_a_statement_in_another_encoding_than_the_one_given() -> None:
    assert error(STATEMENT, encoding="utf-8") == (
        "Line 7: the file is not utf-8 text. Check the character encoding set for this bank."
    )


# ---------------------------------------------------------------------------------------------
# Files that cannot be read
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"{1:F01BANKPLPWAXXX0000000000}{4:\r\n-}\r\n"])
def test_an_empty_file(data: bytes) -> None:
    assert error(data) == "The file is empty."


def test_a_csv_export_given_as_an_mt940_statement() -> None:
    data = lines("Data księgowania;Kwota;Tytuł", "2026-12-03;713,00;Zwrot W-2026-12-000123")

    assert error(data) == (
        "This file is not an MT940 statement: it does not begin with the field :20:. If it is a "
        "CSV export, read it as a CSV file."
    )


BROKEN = [
    ":20:WYC261204",
    f":25:/PL{OWN_ACCOUNT}",
    ":28C:245/1",
    ":60F:C261203PLN100,00",
    ":61:2612041204C713,00NTRFNONREF",
    ":86:ZWROT W-2026-12-000123",
    ":61:2612041204C5,00NTRFNONREF",
    ":86:ZWROT",
    ":62F:C261204PLN818,00",
]


@pytest.mark.parametrize(
    ("line", "written", "message"),
    [
        (3, ":28C:ABC", "Line 3: the field :28C: cannot be read: ABC."),
        (
            4,
            ":60F:" + "Q" * 70,
            "Line 4: the field :60F: cannot be read: " + "Q" * 60 + "….",
        ),
        (
            7,
            ":61:2613041304C5,00NTRFNONREF",
            "Line 7: the field :61: cannot be read: 2613041304C5,00NTRFNONREF.",
        ),
        (9, ":62F:X261204PLN818,00", "Line 9: the field :62F: cannot be read: X261204PLN818,00."),
    ],
)
def test_a_field_that_cannot_be_read(line: int, written: str, message: str) -> None:
    broken = [*BROKEN]
    broken[line - 1] = written

    assert error(lines(*broken)) == message


def test_an_amount_with_a_fraction_of_a_grosz() -> None:
    data = statement(":61:2612041204D1,00NTRF", ":61:2612041204C713,005NTRFNONREF")

    assert error(data) == "Entry 2: the amount 713,005 has more than two decimal places."


@pytest.mark.parametrize("pattern", ["W-(", ""])
def test_a_reference_pattern_that_cannot_find_references(pattern: str) -> None:
    with pytest.raises(ValueError, match="reference_pattern") as caught:
        parse(STATEMENT, reference_pattern=pattern)

    assert not isinstance(caught.value, StatementError)
