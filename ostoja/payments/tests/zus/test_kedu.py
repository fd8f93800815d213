"""The KEDU file of the month read back with lxml, value by value; its refusal without the
insurance-title code; the CSV tables of what is not put in XML; the download as an action."""

import csv
import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from lxml import etree

from ostoja.accounts.roles import Role
from ostoja.core.models import ActionRecord
from ostoja.payments.models import ZusMonth
from ostoja.payments.tests.factories import award, staff
from ostoja.payments.tests.zus.support import NIP, NRS, REGON, TITLE_CODE, D, clerk, pay, payer
from ostoja.payments.zus import exports, kedu
from ostoja.payments.zus.months import zus_month_prepare
from ostoja.payments.zus.registrations import zus_registration_sync
from ostoja.registry.models import Person

pytestmark = pytest.mark.django_db
DECEMBER = D(2026, 12, 1)
NS = {"k": "http://www.zus.pl/2021/KEDU_5_4"}


def _month_paid() -> tuple[Person, Person]:
    """Two recipients (713.00 and 1 229.00 zł) registered and paid for December."""
    first = award(amount="713.00", valid_from=DECEMBER)
    second = award(amount="1229.00", valid_from=DECEMBER)
    for person, (surname, names) in (
        (first.person, ("Nowak", "Anna Maria")),
        (second.person, ("Żółcińska", "Łucja")),
    ):
        person.surname, person.first_names = surname, names
        person.save()
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    return first.person, second.person


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, path
    return found.text or ""


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_kedu_file_reads_back_with_every_value() -> None:
    anna, lucja = _month_paid()
    payer()
    made = kedu.month_kedu(DECEMBER)
    assert made.name == "KEDU-RZA-2026-12.xml"
    assert made.left_out == ()
    assert made.data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(made.data)
    assert root.tag == "{http://www.zus.pl/2021/KEDU_5_4}KEDU"
    assert root.get("wersja_schematu") == "1"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == (
        "http://www.zus.pl/2021/KEDU_5_4 kedu_5_4.xsd"
    )
    assert _text(root, "k:naglowek.KEDU/k:program/k:producent") == "Ostoja"
    assert _text(root, "k:naglowek.KEDU/k:program/k:symbol") == "Ostoja"
    assert _text(root, "k:naglowek.KEDU/k:program/k:wersja") == "1"
    [document] = root.findall("k:ZUSRZA", NS)
    assert dict(document.attrib) == {
        "id_dokumentu": "1",
        "status_kontroli": "0",
        "status_weryfikacji": "P",
    }
    assert _text(document, "k:I/k:p1/k:p1") == "01"
    assert _text(document, "k:I/k:p1/k:p2") == "2026-12"
    assert [child.tag.split("}")[1] for child in document.find("k:II", NS)] == ["p1", "p2", "p6"]
    assert _text(document, "k:II/k:p1") == NIP
    assert _text(document, "k:II/k:p2") == REGON
    assert _text(document, "k:II/k:p6") == "GOPS DĘBOWO"
    blocks = document.findall("k:III", NS)
    assert [block.get("id_bloku") for block in blocks] == ["1", "2"]
    expected = [
        # 713.00 × 9 % = 64.17; 1 229.00 × 9 % = 110.61.
        ("NOWAK", "ANNA", anna.pesel, "713.00", "64.17"),
        ("ŻÓŁCIŃSKA", "ŁUCJA", lucja.pesel, "1229.00", "110.61"),
    ]
    for block, (surname, name, pesel, base, contribution) in zip(blocks, expected, strict=True):
        assert (block.get("status_kontroli"), block.get("status_weryfikacji")) == ("0", "P")
        assert _text(block, "k:A/k:p1") == surname
        assert _text(block, "k:A/k:p2") == name
        assert _text(block, "k:A/k:p3") == "P"
        assert _text(block, "k:A/k:p4") == pesel
        assert _text(block, "k:B/k:p1/k:p1") == TITLE_CODE[:4]
        assert _text(block, "k:B/k:p1/k:p2") == TITLE_CODE[4]
        assert _text(block, "k:B/k:p1/k:p3") == TITLE_CODE[5]
        assert _text(block, "k:B/k:p2") == base
        assert _text(block, "k:B/k:p5") == contribution
        assert [child.tag.split("}")[1] for child in block.find("k:B", NS)] == ["p1", "p2", "p5"]
    total = sum(Decimal(_text(block, "k:B/k:p5")) for block in blocks)
    assert total == ZusMonth.objects.get().contribution_total == Decimal("174.78")


def test_no_kedu_file_without_the_insurance_title_code() -> None:
    _month_paid()
    payer(title_code="")
    with pytest.raises(ValidationError) as refused:
        kedu.month_kedu(DECEMBER)
    [message] = refused.value.messages
    # The message says where to set the code and where to take it from.
    assert "Płatnik" in message
    assert "ZUS" in message


def test_no_kedu_file_without_the_payers_data_or_a_prepared_month() -> None:
    with pytest.raises(ValidationError):
        kedu.month_kedu(DECEMBER)
    _month_paid()
    payer(payer_nip="", payer_short_name="")
    with pytest.raises(ValidationError) as refused:
        kedu.month_kedu(DECEMBER)
    assert len(refused.value.messages) == 2


def test_a_person_without_a_pesel_is_left_out_and_named() -> None:
    anna, lucja = _month_paid()
    Person.objects.filter(pk=anna.pk).update(
        pesel=None, document_type="dowod_osobisty", document_number="ABA000000"
    )
    payer()
    made = kedu.month_kedu(DECEMBER)
    assert made.left_out == ("Nowak Anna Maria",)
    root = etree.fromstring(made.data)
    assert [_text(b, "k:A/k:p1") for b in root.iterfind("k:ZUSRZA/k:III", NS)] == ["ŻÓŁCIŃSKA"]
    # Nobody with a PESEL: no file at all.
    Person.objects.filter(pk=lucja.pk).update(
        pesel=None, document_type="dowod_osobisty", document_number="ABA000001"
    )
    with pytest.raises(ValidationError):
        kedu.month_kedu(DECEMBER)


def test_the_month_table_lists_each_person() -> None:
    anna, lucja = _month_paid()
    payer()
    rows = _csv(kedu.csv_bytes(kedu.month_table(DECEMBER)))
    assert len(rows[0]) == 7
    assert rows[1:] == [
        ["Nowak Anna Maria", anna.pesel, TITLE_CODE, "713.00", "0.0900", "64.17", rows[1][6]],
        ["Żółcińska Łucja", lucja.pesel, TITLE_CODE, "1229.00", "0.0900", "110.61", rows[2][6]],
    ]
    assert rows[1][6] == rows[2][6] != ""


def test_the_documents_table_lists_the_zza_and_zwua_of_the_month() -> None:
    ended = award(amount="713.00", valid_from=D(2026, 11, 1), valid_to=D(2026, 12, 15))
    zus_registration_sync(actor=clerk(), day=D(2026, 11, 3))
    started = award(amount="500.00", valid_from=D(2026, 12, 4))
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 16))
    payer()
    rows = _csv(kedu.csv_bytes(kedu.documents_table(DECEMBER)))
    assert len(rows) == 3
    zza, zwua = rows[1], rows[2]
    assert zza[:3] == ["ZZA", f"{started.person.surname} Jan", started.person.pesel]
    assert zza[3] == started.person.birth_date.strftime("%d.%m.%Y")
    assert zza[5:] == [TITLE_CODE, "04.12.2026", "", "", "16.12.2026"]
    assert zwua[:3] == ["ZWUA", f"{ended.person.surname} Jan", ended.person.pesel]
    assert zwua[5:] == [TITLE_CODE, "01.11.2026", "15.12.2026", "250", "16.12.2026"]
    # The November registration belongs to November's documents.
    november = _csv(kedu.csv_bytes(kedu.documents_table(D(2026, 11, 1))))
    assert [row[0] for row in november[1:]] == ["ZZA"]


def test_the_settlement_table_sums_the_month() -> None:
    _month_paid()
    payer()
    [header, row] = _csv(kedu.csv_bytes(kedu.settlement_table(DECEMBER)))
    assert len(header) == len(row) == 10
    # 713.00 + 1 229.00 = 1 942.00; 64.17 + 110.61 = 174.78; due Tuesday 5 January 2027.
    assert row == [
        "2026-12",
        "01",
        NIP,
        REGON,
        "GOPS Dębowo",
        "2",
        "1942.00",
        "174.78",
        "05.01.2027",
        NRS,
    ]


def test_the_year_tables() -> None:
    anna, lucja = _month_paid()
    months = _csv(kedu.csv_bytes(kedu.year_months_table(2026)))
    assert len(months) == 14
    assert months[12] == ["2026-12", "2", "1942.00", "174.78"]
    assert months[11] == ["2026-11", "0", "0.00", "0.00"]
    assert months[13] == ["2026", "2", "1942.00", "174.78"]
    persons = _csv(kedu.csv_bytes(kedu.year_persons_table(2026)))
    assert persons[1:] == [
        ["Nowak Anna Maria", anna.pesel, "1", "713.00", "64.17"],
        ["Żółcińska Łucja", lucja.pesel, "1", "1229.00", "110.61"],
    ]


def test_a_download_is_an_action_with_the_files_checksum() -> None:
    _month_paid()
    payer()
    made = exports.zus_document_export(actor=clerk(), document=exports.KEDU, month=DECEMBER)
    assert made.content_type == "application/xml"
    table = exports.zus_document_export(
        actor=clerk(), document=exports.SETTLEMENT, month=D(2026, 12, 31)
    )
    assert table.name == "DRA-2026-12.csv"
    records = ActionRecord.objects.filter(action="payments.zus_document_export").order_by("pk")
    assert [r.details["sha256"] for r in records] == [
        hashlib.sha256(made.data).hexdigest(),
        hashlib.sha256(table.data).hexdigest(),
    ]
    assert made.sha256 == records[0].details["sha256"]
    with pytest.raises(ValidationError):
        exports.zus_document_export(actor=clerk(), document="pit", month=DECEMBER)
    with pytest.raises(PermissionDenied):
        exports.zus_document_export(
            actor=staff(username="pracownik", role=Role.SOCIAL_WORKER),
            document=exports.KEDU,
            month=DECEMBER,
        )


def test_every_document_offered_can_be_made() -> None:
    _month_paid()
    payer()
    for document in exports.DOCUMENTS_OFFERED:
        made = exports.zus_document_export(
            actor=clerk(), document=document, month=datetime.date(2026, 12, 1)
        )
        assert made.data, document
