"""The month's documents for Płatnik (or e-Płatnik): the KEDU file with the ZUS RZA, and CSV
tables of what is not put in XML.

KEDU 5.4, as far as it is confirmed by public generators and a published transformation of
KEDU files: the namespace `http://www.zus.pl/2021/KEDU_5_4`, the root `<KEDU
wersja_schematu="1">`, the header `naglowek.KEDU/program` (producer, symbol, version), one
element per document with `id_dokumentu`, `status_kontroli` and `status_weryfikacji`, and in
ZUS RZA: `I/p1` the report's identifier (`p1` the declaration number, `p2` the period YYYY-MM),
`II` the payer (`p1` NIP, `p2` REGON, `p6` short name), one `III` per person with `id_bloku`
(`A/p1` surname, `A/p2` first name, `A/p3` the identifier's type, `P` for PESEL, `A/p4` the
PESEL; `B/p1` the insurance-title code split 4 + 1 + 1 digits).

Not confirmed, and so marked here:

- `B/p2` as the base and `B/p5` as the contribution of the RZA's person block: read from a
  mapping onto the health-contribution fields of RCA, not from the schema; `B/p3` and `B/p4`
  are left out;
- the meaning of `status_kontroli="0"` and `status_weryfikacji="P"` (written as the public
  samples write them);
- the insurance-title code itself (a setting: without it nothing is produced);
- the ZZA and ZWUA blocks (the person's data parts, the NFZ branch, which date ZWUA calls the
  date of deregistration) and the part of DRA holding the health-contribution totals: these go
  out as CSV tables (`documents_table`, `settlement_table`), for entering in Płatnik.

Before a real file is sent: validate it against `kedu_5_4.xsd` from ZUS and import a test file
into Płatnik.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree

from ostoja.core.exports import csv_lines
from ostoja.payments.models import ZusMonth, ZusSettings
from ostoja.payments.models.common import month_start
from ostoja.payments.zus.configuration import require_payer_data, zus_settings
from ostoja.payments.zus.months import zus_deadline
from ostoja.payments.zus.selectors import person_name, zus_month_overview, zus_year_figures
from ostoja.registry.models import Person

NAMESPACE = "http://www.zus.pl/2021/KEDU_5_4"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NAMESPACE} kedu_5_4.xsd"
PRODUCER, SYMBOL = "Ostoja", "Ostoja"
# The version of this file's layout: raised whenever the layout changes.
LAYOUT_VERSION = "1"
PESEL_TYPE = "P"

Row = list[Any]


@dataclass(frozen=True)
class KeduFile:
    name: str
    data: bytes
    # Persons of the month left out of the file (no PESEL): entered in Płatnik by hand.
    left_out: tuple[str, ...]


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> Any:
    element = etree.SubElement(parent, _q(tag), attributes)
    if text is not None:
        element.text = text
    return element


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _prepared(month: datetime.date) -> ZusMonth:
    zus_month = ZusMonth.objects.filter(month=month_start(month)).first()
    if zus_month is None:
        raise ValidationError(_("Prepare the contributions of the month first."))
    return zus_month


def _first_name(person: Person) -> str:
    """The first of the first names: the documents have one field for it."""
    names = person.first_names.split()
    return names[0] if names else ""


def month_kedu(month: datetime.date) -> KeduFile:
    """The KEDU file of the month: one ZUS RZA with a person block per contribution. Refused
    (ValidationError, in Polish, saying where to set it) while the insurance-title code or the
    payer's data is missing."""
    zus_month = _prepared(month)
    settings_row = zus_settings()
    require_payer_data(settings_row)
    rows = list(
        zus_month.contributions.select_related("person").order_by(
            "person__surname", "person__first_names", "pk"
        )
    )
    left_out = tuple(person_name(row.person) for row in rows if not row.person.pesel)
    rows = [row for row in rows if row.person.pesel]
    if not rows:
        raise ValidationError(
            _("The month has no contribution of a person with a PESEL to put in the file.")
        )
    root = etree.Element(
        _q("KEDU"),
        {"wersja_schematu": "1", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
        nsmap={None: NAMESPACE, "xsi": XSI},
    )
    program = _sub(_sub(root, "naglowek.KEDU"), "program")
    _sub(program, "producent", PRODUCER)
    _sub(program, "symbol", SYMBOL)
    _sub(program, "wersja", LAYOUT_VERSION)
    document = _sub(root, "ZUSRZA", id_dokumentu="1", status_kontroli="0", status_weryfikacji="P")
    identifier = _sub(_sub(document, "I"), "p1")
    _sub(identifier, "p1", settings_row.declaration_from)
    _sub(identifier, "p2", f"{zus_month.month:%Y-%m}")
    payer = _sub(document, "II")
    _sub(payer, "p1", settings_row.payer_nip)
    _sub(payer, "p2", settings_row.payer_regon)
    _sub(payer, "p6", settings_row.payer_short_name.upper())
    for number, row in enumerate(rows, start=1):
        code = row.title_code if row.is_declared else settings_row.title_code
        block = _sub(
            document,
            "III",
            id_bloku=str(number),
            status_kontroli="0",
            status_weryfikacji="P",
        )
        person = _sub(block, "A")
        _sub(person, "p1", row.person.surname.upper())
        _sub(person, "p2", _first_name(row.person).upper())
        _sub(person, "p3", PESEL_TYPE)
        _sub(person, "p4", row.person.pesel)
        figures = _sub(block, "B")
        title = _sub(figures, "p1")
        _sub(title, "p1", code[:4])
        _sub(title, "p2", code[4])
        _sub(title, "p3", code[5])
        _sub(figures, "p2", _amount(row.base))
        _sub(figures, "p5", _amount(row.contribution))
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return KeduFile(name=f"KEDU-RZA-{zus_month.month:%Y-%m}.xml", data=data, left_out=left_out)


# ---------------------------------------------------------------------------------------------
# Tables (header and rows): the same rows go to CSV or XLSX (`ostoja.core.exports`)
# ---------------------------------------------------------------------------------------------


def month_table(month: datetime.date) -> list[Row]:
    """The month's contributions: a person a row, as the RZA reports them."""
    overview = zus_month_overview(month)
    header: Row = [
        _("surname and first names"),
        "PESEL",
        _("insurance-title code"),
        _("contribution base"),
        _("rate"),
        _("contribution"),
        _("in a declaration"),
    ]
    return [
        header,
        *(
            [
                line.name,
                line.pesel,
                line.title_code,
                line.base,
                line.rate,
                line.contribution,
                _("yes") if line.declared else _("no"),
            ]
            for line in overview.lines
        ),
    ]


def _address(person: Person) -> str:
    address = person.actual_address
    return str(person.registered_address if address.is_empty else address)


def documents_table(month: datetime.date) -> list[Row]:
    """The ZZA and ZWUA recorded in the month, a document a row, for entering in Płatnik (their
    KEDU blocks are not confirmed). The NFZ branch is not given: Płatnik takes it from the
    person's voivodeship."""
    overview = zus_month_overview(month)
    code = zus_settings().title_code
    header: Row = [
        _("document"),
        _("surname and first names"),
        "PESEL",
        _("birth date"),
        _("address"),
        _("insurance-title code"),
        _("insured from"),
        _("insured until"),
        _("reason of deregistration"),
        _("recorded on"),
    ]
    return [
        header,
        *(
            [
                line.document,
                line.name,
                line.pesel,
                line.registration.person.birth_date,
                _address(line.registration.person),
                code,
                line.valid_from,
                line.valid_to,
                line.reason,
                line.recorded_on,
            ]
            for line in (*overview.registrations, *overview.deregistrations)
        ),
    ]


def settlement_table(month: datetime.date) -> list[Row]:
    """The month's settlement (what the DRA sums up for these contributions): one row, for
    entering in Płatnik (the DRA part holding them is not confirmed)."""
    zus_month = _prepared(month)
    settings_row: ZusSettings = zus_settings()
    overview = zus_month_overview(month)
    header: Row = [
        _("period"),
        _("declaration number"),
        _("payer's NIP"),
        _("payer's REGON"),
        _("payer's short name"),
        _("persons"),
        _("sum of bases"),
        _("sum of contributions"),
        _("due by"),
        _("contribution account (NRS)"),
    ]
    return [
        header,
        [
            f"{zus_month.month:%Y-%m}",
            settings_row.declaration_from,
            settings_row.payer_nip,
            settings_row.payer_regon,
            settings_row.payer_short_name,
            overview.person_count,
            overview.base_total,
            overview.contribution_total,
            zus_deadline(zus_month.month),
            settings_row.contribution_account,
        ],
    ]


def year_months_table(year: int) -> list[Row]:
    """Per month of `year`: persons, the sum of bases and of contributions; then the year."""
    figures = zus_year_figures(year)
    header: Row = [_("month"), _("persons"), _("sum of bases"), _("sum of contributions")]
    rows: list[Row] = [
        [f"{line.month:%Y-%m}", line.persons, line.base_total, line.contribution_total]
        for line in figures.months
    ]
    total: Row = [
        str(year),
        figures.person_count,
        figures.base_total,
        figures.contribution_total,
    ]
    return [header, *rows, total]


def year_persons_table(year: int) -> list[Row]:
    """Per person, the months of `year` with a contribution and their sums."""
    figures = zus_year_figures(year)
    header: Row = [
        _("surname and first names"),
        "PESEL",
        _("number of months"),
        _("sum of bases"),
        _("sum of contributions"),
    ]
    return [
        header,
        *(
            [line.name, line.pesel, line.months, line.base_total, line.contribution_total]
            for line in figures.persons
        ),
    ]


def csv_bytes(table: list[Row]) -> bytes:
    """The table as the CSV every list exports to (semicolons, UTF-8 with a BOM)."""
    return "".join(csv_lines(table)).encode("utf-8")
