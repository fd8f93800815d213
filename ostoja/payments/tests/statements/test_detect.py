import pytest

from ostoja.payments.statements import StatementError, detect_format


@pytest.mark.parametrize(
    "data",
    [
        b":20:WYC261204\r\n:25:/PL48109010140000000123456789\r\n",
        b"\r\n\r\n:20:WYC261204\n:25:X\n",
        b"\xef\xbb\xbf:20:WYC261204\r\n",
        b"\x01:20:WYC261204\r\n",
        b"{1:F01BANKPLPWAXXX0000000000}{2:I940BANKPLPWXXXXN}{4:\r\n:20:WYC261204\r\n",
        b"{1:F01BANKPLPWAXXX0000000000}{2:I940BANKPLPWXXXXN}{3:{108:WYC}}{4::20:WYC261204\r\n",
    ],
)
def test_an_mt940_statement(data: bytes) -> None:
    assert detect_format(data) == "mt940"


@pytest.mark.parametrize(
    "data",
    [
        "Data księgowania;Kwota;Tytuł\r\n2026-12-03;713,00;Zwrot\r\n".encode("cp1250"),
        b"\xef\xbb\xbfData;Kwota\r\n",
        b"Historia rachunku\r\n:20:WYC261204\r\n",
        b" :20:WYC261204\r\n",
        b":25:/PL48109010140000000123456789\r\n:20:WYC261204\r\n",
    ],
)
def test_anything_else_is_read_as_csv(data: bytes) -> None:
    assert detect_format(data) == "csv"


@pytest.mark.parametrize(
    "data",
    [b"", b" \r\n\t\r\n", b"\xef\xbb\xbf", b"\x1a", b"{1:F01BANKPLPWAXXX0000000000}{4:\r\n-}\r\n"],
)
def test_an_empty_file_is_neither(data: bytes) -> None:
    with pytest.raises(StatementError, match=r"^The file is empty\.$"):
        detect_format(data)
