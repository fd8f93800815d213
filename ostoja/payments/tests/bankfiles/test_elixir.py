import datetime
from decimal import Decimal

import pytest

from ostoja.payments.bankfiles import BankFileError, Batch, ElixirProfile, elixir, render_title
from ostoja.payments.tests.bankfiles import samples

# docs/payments/formats.md §1.5, shown wrapped there after commas; in the file it is one line.
EXAMPLE_LINE = (
    '110,20250310,71300,10901014,0,"61109010140000071219812874","27114020040000300201355387",'
    '"Gminny Ośrodek Pomocy Społecznej|w Przykładowie|ul. Lipowa 1|00-950 Przykładowo",'
    '"Anna Nowak|ul. Polna 7 m. 3|00-951 Przykładowo|",0,11402004,'
    '"Zasiłek stały za 03/2025|Dec. OPS.8310.12.2025|Świadczenie z pomocy społecznej|'
    'wolne od egzekucji art.833 KPC",'
    '"","","51","ZS-2025-03-000123"'
)


def example_batch() -> Batch:
    # The title's four parts have 24, 21, 31 and 30 characters: all within 35.
    title = render_title(
        "{benefit} za {month}|Dec. {decision}|Świadczenie z pomocy społecznej|"
        "wolne od egzekucji art.833 KPC",
        {"benefit": "Zasiłek stały", "month": "03/2025", "decision": "OPS.8310.12.2025"},
    )
    return samples.batch(
        samples.transfer(
            "ZS-2025-03-000123",
            "713.00",
            account="27 1140 2004 0000 3002 0135 5387",
            title=title,
        ),
        payer_account="61 1090 1014 0000 0712 1981 2874",
    )


# The example's reference has 17 characters, more than the default limit of 16 (a guess,
# docs/payments/formats.md §1.3 [M]); one public exporter allows 19.
EXAMPLE_PROFILE = ElixirProfile(reference_length=19)


def test_the_worked_example_of_the_specification() -> None:
    data = elixir.write(example_batch(), EXAMPLE_PROFILE)
    assert data == (EXAMPLE_LINE + "\r\n").encode("cp1250")
    # §1.5: "the line encodes to Windows-1250 without loss (375 bytes with CR LF)".
    assert len(data) == 375


def test_polish_letters_in_windows_1250() -> None:
    data = elixir.write(example_batch(), EXAMPLE_PROFILE)
    # Code page 1250: ś = 9C, ł = B3, Ś = 8C.
    assert b"Gminny O\x9crodek Pomocy Spo\xb3ecznej" in data
    assert b"\x8cwiadczenie" in data


def test_polish_letters_in_utf_8() -> None:
    data = elixir.write(example_batch(), ElixirProfile(encoding="utf-8"))
    assert "Ośrodek".encode() == b"O\xc5\x9brodek"
    assert b"Gminny O\xc5\x9brodek Pomocy Spo\xc5\x82ecznej" in data
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte order mark


def test_polish_letters_in_cp852() -> None:
    data = elixir.write(example_batch(), ElixirProfile(encoding="cp852"))
    # Code page 852: ł = 88, ś = 98.
    assert b"Gminny O\x98rodek Pomocy Spo\x88ecznej" in data


def test_transliterated_file() -> None:
    data = elixir.write(example_batch(), ElixirProfile(transliterate=True))
    assert data.isascii()
    assert b'"Gminny Osrodek Pomocy Spolecznej|w Przykladowie|' in data
    assert b"|Swiadczenie z pomocy spolecznej|" in data


def test_unquoted_accounts_and_classification() -> None:
    profile = ElixirProfile(quote_accounts=False, quote_classification=False)
    line = elixir.write(example_batch(), profile).decode("cp1250")
    assert line.startswith(
        "110,20250310,71300,10901014,0,61109010140000071219812874,27114020040000300201355387,"
    )
    assert line.endswith(',"","",51,"ZS-2025-03-000123"\r\n')


def test_codes_and_line_end_of_the_profile() -> None:
    profile = ElixirProfile(order_type="210", classification="01", line_end="\n")
    line = elixir.write(example_batch(), profile).decode("cp1250")
    assert line.startswith("210,")
    assert line.endswith(',"01","ZS-2025-03-000123"\n')


def test_one_line_a_transfer() -> None:
    data = elixir.write(samples.three(), ElixirProfile())
    lines = data.split(b"\r\n")
    assert len(lines) == 4
    assert lines[-1] == b""
    assert lines[1].startswith(b"110,20250310,122900,10901014,0,")
    assert lines[1].endswith(b',"","","51","ZS-0002"')
    assert lines[1].count(b",0,10201026,") == 1  # field 11 from the payee's NRB
    # No address: the name alone, padded to four lines.
    assert '"Łucja Ślęzak|||"'.encode("cp1250") in lines[2]


def test_amounts_are_grosze_rounded_half_up() -> None:
    data = elixir.write(
        samples.batch(samples.transfer(amount="0.005"), samples.transfer("B", "12.344")),
        ElixirProfile(),
    )
    assert data.startswith(b"110,20250310,1,")
    assert b"\r\n110,20250310,1234," in data


def test_forbidden_characters_do_not_reach_the_file() -> None:
    batch = samples.batch(
        samples.transfer(name='Fundacja "Ala; Ola" & Co.', title=("Zwrot: 1|2 @ $ 3",))
    )
    line = elixir.write(batch, ElixirProfile()).decode("cp1250")
    assert '"Fundacja Ala Ola Co.|ul. Polna 7 m. 3|00-951 Przykładowo|"' in line
    assert ',"Zwrot 12 3",' in line


def test_a_long_name_is_broken_into_lines_not_cut() -> None:
    batch = samples.batch(
        samples.transfer(
            name="Stowarzyszenie Pomocy Osobom Niepełnosprawnym Intelektualnie",
            address=("ul. Długa 1", "00-950 Przykładowo", "skrytka 7"),
        )
    )
    line = elixir.write(batch, ElixirProfile()).decode("cp1250")
    # Five lines: more than a bank takes, which the validator reports; nothing is lost.
    assert (
        '"Stowarzyszenie Pomocy Osobom|Niepełnosprawnym Intelektualnie|ul. Długa 1|'
        '00-950 Przykładowo|skrytka 7"'
    ) in line


def test_the_example_reads_back_field_by_field() -> None:
    (record,) = elixir.read((EXAMPLE_LINE + "\r\n").encode("cp1250"), ElixirProfile())
    assert record == elixir.ElixirRecord(
        line=1,
        order_type="110",
        execution_date=datetime.date(2025, 3, 10),
        amount=Decimal("713.00"),
        payer_sort_code="10901014",
        execution_mode="0",
        payer_account="61109010140000071219812874",
        payee_account="27114020040000300201355387",
        payer_name_address=(
            "Gminny Ośrodek Pomocy Społecznej",
            "w Przykładowie",
            "ul. Lipowa 1",
            "00-950 Przykładowo",
        ),
        payee_name_address=("Anna Nowak", "ul. Polna 7 m. 3", "00-951 Przykładowo", ""),
        fees="0",
        payee_sort_code="11402004",
        title=(
            "Zasiłek stały za 03/2025",
            "Dec. OPS.8310.12.2025",
            "Świadczenie z pomocy społecznej",
            "wolne od egzekucji art.833 KPC",
        ),
        field_13="",
        field_14="",
        classification="51",
        reference="ZS-2025-03-000123",
    )


def test_reading_respects_quotes() -> None:
    line = '110,20250310,100,10901014,0,1,2,"A, B|C",",,,",0,3,"x,y","","","51","R,1"\r\n'
    (record,) = elixir.read(line.encode(), ElixirProfile())
    assert record.payer_name_address == ("A, B", "C")
    assert record.payee_name_address == (",,,",)
    assert record.title == ("x,y",)
    assert record.reference == "R,1"


def test_an_empty_file_has_no_records() -> None:
    assert elixir.read(b"", ElixirProfile()) == []


GOOD = '110,20250310,100,10901014,0,"1","2","A","B",0,3,"T","","","51","R"'


@pytest.mark.parametrize(
    ("second_line", "message_part"),
    [
        ('110,20250310,100,0,"1","2","A","B",0,3,"T","","","51","R"', "15 fields"),
        ('110,20250310,100,10901014,0,"1","2","A,"B",0,3,"T","","","51","R"', "quotes"),
        ('110,20250310,100,10901014,0,"1","2","A","B",0,3,"T,"","","51","R"', "quotes"),
        ('110,20250231,100,10901014,0,"1","2","A","B",0,3,"T","","","51","R"', "20250231"),
        ('110,2025-03-10,100,10901014,0,"1","2","A","B",0,3,"T","","","51","R"', "YYYYMMDD"),
        ('110,20250310,7.13,10901014,0,"1","2","A","B",0,3,"T","","","51","R"', "grosze"),
        ('110,20250310,-100,10901014,0,"1","2","A","B",0,3,"T","","","51","R"', "grosze"),
        ("", "0 fields"),
    ],
)
def test_a_malformed_line_is_named_by_its_number(second_line: str, message_part: str) -> None:
    data = f"{GOOD}\r\n{second_line}\r\n{GOOD}\r\n".encode()
    with pytest.raises(BankFileError) as error:
        elixir.read(data, ElixirProfile())
    assert error.value.line == 2
    assert message_part in error.value.message
    assert "2" in error.value.message


def test_an_unclosed_quote_on_the_last_line() -> None:
    data = f"{GOOD}\r\n{GOOD[:-1]}\r\n".encode()
    with pytest.raises(BankFileError) as error:
        elixir.read(data, ElixirProfile())
    assert error.value.line == 2


def test_lf_lines_in_a_crlf_profile() -> None:
    data = f"{GOOD}\n{GOOD}\n".encode()
    with pytest.raises(BankFileError) as error:
        elixir.read(data, ElixirProfile())
    assert error.value.line == 1
    assert "CR LF" in error.value.message
    assert len(elixir.read(data, ElixirProfile(line_end="\n"))) == 2


def test_a_stray_carriage_return() -> None:
    data = f"{GOOD}\r\n{GOOD}\r\n{GOOD[:20]}\r{GOOD[20:]}\r\n".encode()
    with pytest.raises(BankFileError) as error:
        elixir.read(data, ElixirProfile())
    assert error.value.line == 3


def test_a_control_character() -> None:
    data = f"{GOOD}\r\n{GOOD.replace('T', 'T\x07')}\r\n".encode()
    with pytest.raises(BankFileError) as error:
        elixir.read(data, ElixirProfile())
    assert error.value.line == 2
    assert "7" in error.value.message


def test_the_last_line_must_end_too() -> None:
    with pytest.raises(BankFileError) as error:
        elixir.read(f"{GOOD}\r\n{GOOD}".encode(), ElixirProfile())
    assert error.value.line == 2


def test_a_byte_order_mark_is_refused() -> None:
    with pytest.raises(BankFileError) as error:
        elixir.read(b"\xef\xbb\xbf" + f"{GOOD}\r\n".encode(), ElixirProfile(encoding="utf-8"))
    assert error.value.line == 1


def test_bytes_that_are_not_text_of_the_encoding() -> None:
    # 0x98 is the one byte Windows-1250 leaves undefined among these; \xc5 alone is no UTF-8.
    with pytest.raises(BankFileError) as error:
        elixir.read(f"{GOOD}\r\n".encode() + b"\x98\r\n", ElixirProfile())
    assert error.value.line == 2
    with pytest.raises(BankFileError) as error:
        elixir.read(f"{GOOD}\r\n{GOOD}\r\n".encode() + b"\xc5\r\n", ElixirProfile(encoding="utf-8"))
    assert error.value.line == 3


def test_an_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="cp437"):
        ElixirProfile(encoding="cp437")
