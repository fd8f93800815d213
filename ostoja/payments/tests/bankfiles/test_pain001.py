import datetime
from decimal import Decimal

import pytest
import xmlschema
from lxml import etree

from ostoja.payments.bankfiles import BankFileError, PainProfile, pain001
from ostoja.payments.bankfiles.pain_validation import SCHEMA_PATH, schema
from ostoja.payments.tests.bankfiles import samples

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def texts(data: bytes, path: str) -> list[str]:
    return [str(value) for value in etree.fromstring(data).xpath(f"{path}/text()", namespaces=NS)]


@pytest.fixture(scope="module")
def reference_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA_PATH))


@pytest.mark.parametrize("form", ["iban", "nrb"])
def test_both_account_forms_read_back_to_the_same_transfers(form: str) -> None:
    batch = samples.three()
    read = pain001.read(pain001.write(batch, PainProfile(account_form=form)))  # type: ignore[arg-type]
    assert read.message_id == "ZS-2025-03"
    assert read.number_of_transactions == 3
    assert read.control_sum == Decimal("1942.01")  # 713.00 + 1229.00 + 0.01
    assert read.execution_date == datetime.date(2025, 3, 10)
    assert read.debtor_name == "Gminny Ośrodek Pomocy Społecznej w Przykładowie"
    assert read.debtor_account == samples.OPS
    assert read.debtor_account_form == form
    assert [
        (t.end_to_end_id, t.instruction_id, t.amount, t.currency, t.creditor_name)
        for t in read.transactions
    ] == [
        ("ZS-0001", "ZS-0001", Decimal("713.00"), "PLN", "Anna Nowak"),
        ("ZS-0002", "ZS-0002", Decimal("1229.00"), "PLN", "Józef Żółkiewski"),
        ("ZS-0003", "ZS-0003", Decimal("0.01"), "PLN", "Łucja Ślęzak"),
    ]
    assert [t.creditor_account for t in read.transactions] == [
        samples.CLIENT,
        samples.SECOND,
        samples.THIRD,
    ]
    assert {t.creditor_account_form for t in read.transactions} == {form}
    assert [t.creditor_address for t in read.transactions] == [
        ("ul. Polna 7 m. 3, 00-951 Przykładowo",),
        ("ul. Długa 15, 00-952 Przykładowo",),
        (),
    ]
    assert [t.remittance for t in read.transactions] == [
        "Zasiłek stały za 03/2025, Dec. OPS.8310.12.2025, Świadczenie z pomocy społecznej, "
        "wolne od egzekucji art.833 KPC",
        "Zasiłek okresowy za 03/2025, Dec. OPS.8310.40.2025",
        "Zasiłek celowy",
    ]


@pytest.mark.parametrize("form", ["iban", "nrb"])
def test_both_account_forms_conform_to_the_schema(
    form: str, reference_schema: xmlschema.XMLSchema
) -> None:
    data = pain001.write(samples.three(), PainProfile(account_form=form))  # type: ignore[arg-type]
    assert schema().validate(etree.fromstring(data))
    reference_schema.validate(data.decode())  # raises on an invalid file


def test_the_iban_form() -> None:
    data = pain001.write(samples.three(), PainProfile())
    assert texts(data, "//p:DbtrAcct/p:Id/p:IBAN") == ["PL" + samples.OPS]
    assert texts(data, "//p:CdtrAcct/p:Id/p:IBAN")[1] == "PL" + samples.SECOND
    assert not texts(data, "//p:Othr/p:Id")


def test_the_nrb_form() -> None:
    data = pain001.write(samples.three(), PainProfile(account_form="nrb"))
    assert texts(data, "//p:DbtrAcct/p:Id/p:Othr/p:Id") == [samples.OPS]
    assert texts(data, "//p:CdtrAcct/p:Id/p:Othr/p:Id") == [
        samples.CLIENT,
        samples.SECOND,
        samples.THIRD,
    ]
    assert not texts(data, "//p:IBAN")


def test_a_domestic_pln_file() -> None:
    data = pain001.write(samples.three(), PainProfile())
    assert not texts(data, "//p:SvcLvl/p:Cd")  # no "SEPA"
    assert set(etree.fromstring(data).xpath("//p:InstdAmt/@Ccy", namespaces=NS)) == {"PLN"}
    assert texts(data, "//p:InstdAmt") == ["713.00", "1229.00", "0.01"]
    assert texts(data, "//p:ReqdExctnDt") == ["2025-03-10"]
    assert texts(data, "//p:ChrgBr") == ["SLEV"]


def test_the_header_comes_from_the_batch() -> None:
    data = pain001.write(samples.three(), PainProfile(message_id_prefix="GOPS-"))
    assert texts(data, "//p:GrpHdr/p:MsgId") == ["GOPS-ZS-2025-03"]
    assert texts(data, "//p:PmtInf/p:PmtInfId") == ["ZS-2025-03"]
    # 09:15 UTC on 7 March 2025 is 10:15 in Warsaw (CET).
    assert texts(data, "//p:GrpHdr/p:CreDtTm") == ["2025-03-07T10:15:00"]


def test_the_same_list_gives_the_same_file() -> None:
    assert pain001.write(samples.three(), PainProfile()) == pain001.write(
        samples.three(), PainProfile()
    )


def test_no_charge_bearer_when_the_bank_wants_none() -> None:
    data = pain001.write(samples.three(), PainProfile(charge_bearer=""))
    assert not texts(data, "//p:ChrgBr")
    assert schema().validate(etree.fromstring(data))


def test_polish_letters_in_utf_8_unless_transliterated() -> None:
    plain = pain001.write(samples.three(), PainProfile())
    assert "Józef Żółkiewski".encode() in plain
    ascii_only = pain001.write(samples.three(), PainProfile(transliterate=True))
    assert ascii_only.isascii()
    assert texts(ascii_only, "//p:Cdtr/p:Nm") == ["Anna Nowak", "Jozef Zolkiewski", "Lucja Slezak"]
    assert texts(ascii_only, "//p:Dbtr/p:PstlAdr/p:AdrLine") == ["ul. Lipowa 1, 00-950 Przykladowo"]


def test_a_file_that_is_not_xml() -> None:
    with pytest.raises(BankFileError) as error:
        pain001.read(b"<Document><unclosed></Document>")
    assert error.value.line == 1


def test_a_file_of_another_kind() -> None:
    with pytest.raises(BankFileError, match=r"pain\.001\.001\.03"):
        pain001.read(b"<?xml version='1.0'?><Document xmlns='urn:other'/>")


def test_a_transaction_without_a_reference() -> None:
    data = pain001.write(samples.three(), PainProfile())
    broken = data.replace(b"<EndToEndId>ZS-0002</EndToEndId>", b"")
    with pytest.raises(BankFileError) as error:
        pain001.read(broken)
    assert error.value.line == texts_line(broken, "ZS-0002")


def texts_line(data: bytes, instruction_id: str) -> int:
    root = etree.fromstring(data)
    (element,) = root.xpath(f"//p:CdtTrfTxInf[p:PmtId/p:InstrId='{instruction_id}']", namespaces=NS)
    return int(element.sourceline)
