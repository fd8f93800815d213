"""Builds the default DOCX templates of decisions in `defaults/`, one per kind of decision.

    .venv/bin/python -m ostoja.benefits.documents.make_defaults

Why one file per kind rather than one file with conditionals: a centre adapts and uploads its
templates per kind (`DocumentTemplate` is one per kind and act), so each default is the starting
point for one kind and carries that kind's own fixed words ("w sprawie zmiany decyzji nr …"),
which the centre may reword, with no `{% if kind == … %}` for an administrator to get wrong in
Word. The conditionals left are the ones that vary within a kind: a draft's mark and unsigned
signature, a justification omitted under art. 107 § 4 k.p.a., the clause of art. 108 k.p.a.
Every file is built from the same layout below, so the kinds cannot drift apart.

The layout is a Polish decision's: the centre at the top left, "Dębowo, dnia …" at the top
right, the number, the addressee, "DECYZJA" and its subject centred, the legal basis, "orzekam",
the operative part, "UZASADNIENIE", "POUCZENIE", the signature at the bottom right and
"Otrzymują:" at the bottom left; "strona X z Y" in the footer, "PROJEKT" in the header of a
draft. All spacing comes from named paragraph styles ("Decyzja – …"), which a centre changes in
Word's style pane for the whole document.

The files are reproducible: fixed document properties and fixed dates in the zip, so running the
script again gives the same bytes and a change shows in review as a change of the layout.
"""

import datetime
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:  # run as `python -m …`, not imported by a running project or the tests
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from ostoja.benefits.documents.render import (
    DEFAULTS_DIR,
    KINDS_THAT_MAY_GRANT_IN_FULL,
    SUBJECTS,
    default_template_path,
)
from ostoja.benefits.models.decisions import DecisionKind

FONT = "Arial"  # on Linux LibreOffice shows it as the metric-compatible Liberation Sans
FIXED_TIME = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
# A decision rules ("orzekam"); "postanawiam" is the word of a postanowienie (art. 123 k.p.a.).
# A discontinuance of the proceedings (art. 105 k.p.a.) is a decision too, so it also "orzeka".
RULING = "orzekam"

# The paragraph styles, named in Polish as Word's style pane shows them to the centre.
STYLE_CENTRE_NAME = "Decyzja – nazwa ośrodka"
STYLE_CENTRE_ADDRESS = "Decyzja – adres ośrodka"
STYLE_PLACE_AND_DATE = "Decyzja – miejsce i data"
STYLE_NUMBER = "Decyzja – znak"
STYLE_ADDRESSEE = "Decyzja – adresat"
STYLE_TITLE = "Decyzja – tytuł"
STYLE_SUBJECT = "Decyzja – przedmiot"
STYLE_LEGAL_BASIS = "Decyzja – podstawa prawna"
STYLE_RULING = "Decyzja – rozstrzygnięcie"
STYLE_POINT = "Decyzja – punkt rozstrzygnięcia"
STYLE_CLAUSE = "Decyzja – rygor"
STYLE_SECTION = "Decyzja – nagłówek części"
STYLE_TEXT = "Decyzja – tekst"
STYLE_SIGNATURE_AUTHORITY = "Decyzja – podpis: upoważnienie"
STYLE_SIGNATURE_NAME = "Decyzja – podpis: imię i nazwisko"
STYLE_SIGNATURE_DETAIL = "Decyzja – podpis: stanowisko"
STYLE_DISTRIBUTION_HEADING = "Decyzja – rozdzielnik: nagłówek"
STYLE_DISTRIBUTION = "Decyzja – rozdzielnik"
STYLE_DRAFT_MARK = "Decyzja – znak projektu"
STYLE_PAGE_NUMBER = "Decyzja – numer strony"
STYLE_TAG = "Decyzja – polecenie szablonu"

LEFT, CENTER, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
SIGNATURE_INDENT = Mm(80)


def _style(
    document: Document,
    name: str,
    *,
    size: float = 11,
    align: WD_ALIGN_PARAGRAPH = LEFT,
    before: float = 0,
    after: float = 0,
    bold: bool = False,
    first_line: Mm | None = None,
    left: Mm | None = None,
    keep_with_next: bool = False,
    keep_together: bool = False,
    spacing: float | None = None,
    color: RGBColor | None = None,
) -> ParagraphStyle:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    if spacing is not None:
        _letter_spacing(style, spacing)
    layout = style.paragraph_format
    layout.alignment = align
    layout.space_before = Pt(before)
    layout.space_after = Pt(after)
    layout.first_line_indent = first_line
    layout.left_indent = left
    layout.keep_with_next = keep_with_next
    layout.keep_together = keep_together
    return style


def _letter_spacing(style: ParagraphStyle, points: float) -> None:
    """Character spacing (w:spacing in the run properties), in points."""
    properties = style.element.get_or_add_rPr()
    element = OxmlElement("w:spacing")
    element.set(qn("w:val"), str(int(points * 20)))
    properties.append(element)


def _polish_defaults(document: Document) -> None:
    """Normal text: the font, 11 pt, and Polish as the language (spelling and hyphenation)."""
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for defaults in document.styles.element.findall(qn("w:docDefaults")):
        for run_defaults in defaults.iter(qn("w:rPr")):
            for old in run_defaults.findall(qn("w:lang")):
                run_defaults.remove(old)
            language = OxmlElement("w:lang")
            for attribute in ("w:val", "w:eastAsia", "w:bidi"):
                language.set(qn(attribute), "pl-PL")
            run_defaults.append(language)


def _styles(document: Document) -> None:
    _polish_defaults(document)
    _style(document, STYLE_CENTRE_NAME, bold=True)
    _style(document, STYLE_CENTRE_ADDRESS, size=10)
    _style(document, STYLE_PLACE_AND_DATE, align=RIGHT)
    _style(document, STYLE_NUMBER, before=12)
    _style(document, STYLE_ADDRESSEE, left=SIGNATURE_INDENT, before=0)
    _style(
        document,
        STYLE_TITLE,
        size=14,
        align=CENTER,
        before=24,
        bold=True,
        spacing=2,
        keep_with_next=True,
    )
    _style(document, STYLE_SUBJECT, align=CENTER, after=12, keep_with_next=True)
    _style(document, STYLE_LEGAL_BASIS, align=JUSTIFY, after=12)
    _style(
        document, STYLE_RULING, align=CENTER, after=12, bold=True, spacing=1, keep_with_next=True
    )
    _style(document, STYLE_POINT, align=JUSTIFY, after=6)
    _style(document, STYLE_CLAUSE, align=JUSTIFY, before=6, after=6)
    _style(
        document, STYLE_SECTION, align=CENTER, before=12, after=6, bold=True, keep_with_next=True
    )
    _style(document, STYLE_TEXT, align=JUSTIFY, after=6, first_line=Mm(10))
    _style(
        document,
        STYLE_SIGNATURE_AUTHORITY,
        align=CENTER,
        before=24,
        left=SIGNATURE_INDENT,
        keep_with_next=True,
        keep_together=True,
    )
    # Room for the handwritten signature above the name.
    _style(
        document,
        STYLE_SIGNATURE_NAME,
        align=CENTER,
        before=36,
        left=SIGNATURE_INDENT,
        keep_with_next=True,
        keep_together=True,
    )
    _style(
        document,
        STYLE_SIGNATURE_DETAIL,
        size=9,
        align=CENTER,
        left=SIGNATURE_INDENT,
        keep_together=True,
    )
    _style(document, STYLE_DISTRIBUTION_HEADING, size=9, before=24, bold=True, keep_with_next=True)
    _style(document, STYLE_DISTRIBUTION, size=9)
    _style(
        document,
        STYLE_DRAFT_MARK,
        size=10,
        align=RIGHT,
        bold=True,
        spacing=2,
        color=RGBColor(0x80, 0x80, 0x80),
    )
    _style(document, STYLE_PAGE_NUMBER, size=8, align=RIGHT)
    # Paragraphs that hold only a {%p … %} command vanish from the finished document; their own
    # small grey style tells them apart in Word.
    _style(document, STYLE_TAG, size=8, color=RGBColor(0x60, 0x60, 0x60))


def _page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(18), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(18)
    section.header_distance, section.footer_distance = Mm(8), Mm(10)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_and_footer(document: Document) -> None:
    section = document.sections[0]
    mark = section.header.paragraphs[0]
    mark.style = document.styles[STYLE_DRAFT_MARK]
    mark.add_run("{% if is_draft %}PROJEKT – decyzja niepodpisana{% endif %}")
    number = section.footer.paragraphs[0]
    number.style = document.styles[STYLE_PAGE_NUMBER]
    number.add_run("strona ")
    _field(number, "PAGE")
    number.add_run(" z ")
    _field(number, "NUMPAGES")


def _no_borders(table_element: object) -> None:
    """The header's table is for layout only: no borders in print."""
    properties = table_element.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _letterhead(document: Document) -> None:
    """The centre at the top left, the place and date at the top right."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _no_borders(table._tbl)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(100), Mm(72)
    name = left.paragraphs[0]
    name.style = document.styles[STYLE_CENTRE_NAME]
    name.add_run("{{ centre_name }}")
    left.add_paragraph("{{ centre_address }}", style=STYLE_CENTRE_ADDRESS)
    when = right.paragraphs[0]
    when.style = document.styles[STYLE_PLACE_AND_DATE]
    when.add_run("{{ place_and_date }}")


def _tag(document: Document, command: str) -> None:
    document.add_paragraph(f"{{%p {command} %}}", style=STYLE_TAG)


def _loop(document: Document, items: str, style: str, *, item: str = "item") -> None:
    _tag(document, f"for {item} in {items}")
    document.add_paragraph(f"{{{{ {item} }}}}", style=style)
    _tag(document, "endfor")


def _addressee(document: Document) -> None:
    document.add_paragraph("{{ number }}", style=STYLE_NUMBER)
    document.add_paragraph("{{ party_addressee }}", style=STYLE_ADDRESSEE)
    _loop(document, "party_address_lines", STYLE_ADDRESSEE, item="address_line")


def _ruling(document: Document, kind: str) -> None:
    document.add_paragraph("DECYZJA", style=STYLE_TITLE)
    document.add_paragraph(
        SUBJECTS[kind].format(number="{{ changes_number }}"), style=STYLE_SUBJECT
    )
    document.add_paragraph("{{ legal_basis }}", style=STYLE_LEGAL_BASIS)
    document.add_paragraph(RULING, style=STYLE_RULING)
    _loop(document, "operative_points", STYLE_POINT, item="point")
    _tag(document, "if immediately_enforceable")
    document.add_paragraph("{{ enforceability_clause }}", style=STYLE_CLAUSE)
    _tag(document, "endif")


def _justification(document: Document, kind: str) -> None:
    # Art. 107 § 4 k.p.a. can apply only where the decision grants what was asked: the other
    # kinds always print their justification.
    conditional = kind in KINDS_THAT_MAY_GRANT_IN_FULL
    if conditional:
        _tag(document, "if show_justification")
    document.add_paragraph("UZASADNIENIE", style=STYLE_SECTION)
    _loop(document, "justification_facts", STYLE_TEXT, item="paragraph")
    _loop(document, "justification_law", STYLE_TEXT, item="paragraph")
    if conditional:
        _tag(document, "endif")


def _instruction(document: Document) -> None:
    document.add_paragraph("POUCZENIE", style=STYLE_SECTION)
    _loop(document, "appeal_instruction", STYLE_TEXT, item="paragraph")


def _signature(document: Document) -> None:
    """Bottom right: the authority (or "projekt – bez podpisu"), room for the signature, the
    signer's name, position and authorisation."""
    document.add_paragraph("{{ signer_authority }}", style=STYLE_SIGNATURE_AUTHORITY)
    _tag(document, "if not is_draft")
    document.add_paragraph("{{ signer_name }}", style=STYLE_SIGNATURE_NAME)
    document.add_paragraph("{{ signer_position }}", style=STYLE_SIGNATURE_DETAIL)
    document.add_paragraph("{{ signer_authorisation }}", style=STYLE_SIGNATURE_DETAIL)
    _tag(document, "endif")


def _distribution(document: Document) -> None:
    document.add_paragraph("Otrzymują:", style=STYLE_DISTRIBUTION_HEADING)
    _loop(document, "distribution", STYLE_DISTRIBUTION, item="recipient")


def _properties(document: Document, kind: str) -> None:
    properties = document.core_properties
    properties.title = f"Decyzja {SUBJECTS[kind].format(number='…')}"
    properties.subject = "Szablon decyzji administracyjnej"
    properties.author = "Ostoja"
    properties.last_modified_by = "Ostoja"
    properties.comments = (
        "Szablon domyślny Ostoi. Pola i polecenia w nawiasach klamrowych wypełnia Ostoja; "
        "ich listę pokazuje ekran wgrywania szablonu."
    )
    properties.keywords = ""
    properties.language = "pl-PL"
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    properties.last_printed = FIXED_TIME
    properties.revision = 1


LAYOUT: tuple[Callable[[Document, str], None], ...] = (
    lambda document, kind: _letterhead(document),
    lambda document, kind: _addressee(document),
    _ruling,
    _justification,
    lambda document, kind: _instruction(document),
    lambda document, kind: _signature(document),
    lambda document, kind: _distribution(document),
)


def _reproducible(data: bytes) -> bytes:
    """The same zip with fixed dates and permissions on every member, in the same order."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            fixed = zipfile.ZipInfo(member.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(member.filename))
    return output.getvalue()


def build_template(kind: str) -> bytes:
    """The default template of one kind of decision, as the bytes of a DOCX."""
    document = new_document()
    # python-docx's blank document starts with one empty paragraph: the letterhead goes first.
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _page(document)
    _styles(document)
    _header_and_footer(document)
    for part in LAYOUT:
        part(document, kind)
    _properties(document, kind)
    output = io.BytesIO()
    document.save(output)
    return _reproducible(output.getvalue())


def build_all() -> dict[str, bytes]:
    """Every default template by kind."""
    return {kind.value: build_template(kind.value) for kind in DecisionKind}


def write_defaults(directory: Path = DEFAULTS_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, data in build_all().items():
        path = directory / default_template_path(kind).name
        path.write_bytes(data)
        written.append(path)
    return written


def main() -> None:
    for path in write_defaults():
        print(path)  # noqa: T201  (a command-line program reports what it wrote)


if __name__ == "__main__":
    main()
