"""The check a centre's own DOCX template passes before it is accepted.

In order, stopping at the first step that finds anything, each problem said in Polish:
1. the file is a DOCX: a zip holding `word/document.xml`, of a sane unpacked size;
2. its Jinja syntax is right, in the body, the headers and the footers. docxtpl first joins the
   XML runs Word splits a tag into and puts every paragraph on a line of its own, so the line of
   jinja2's `TemplateSyntaxError` is a paragraph: the problem names that paragraph and shows its
   text (for a block never closed: the paragraph that opens it);
3. it uses no name that is not in `render.FIELDS` (a misspelt field is named, with the field
   it was probably meant to be);
4. it renders a sample decision, built in memory (unsaved model instances of a synthetic
   family: no database row is read or written), once signed with two benefits, a full
   justification and the clause of art. 108, once as a draft without a justification; the
   result opens as a DOCX. A misspelt attribute (`line.amout`) or anything the sandbox refuses
   shows here.
"""

import datetime
import difflib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import docx
from django.utils import timezone
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError, TemplateError
from lxml import etree

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.documents.render import (
    FIELDS,
    decision_context,
    jinja_environment,
    render_template,
    unknown_fields,
)
from ostoja.benefits.drafting import RepaymentTerms, draft_texts
from ostoja.benefits.models import (
    KINDS_CHANGING_A_DECISION,
    Authorisation,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
    PaymentMethod,
    Relief,
)
from ostoja.registry.models import Household, Person

# A DOCX of a decision unpacks to well under a megabyte; more is not a template (or a zip bomb).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DOCUMENT_XML = "word/document.xml"
TEXT_SHOWN = 120  # characters of a paragraph quoted in a message
# A synthetic account of the sample: bank 1090 1014, account number 1, IBAN check digits 07.
SAMPLE_ACCOUNT = "07109010140000000000000001"

# Jinja's names of the tokens it expected or found, as the template's author writes them.
_TOKENS = {
    "end of print statement": "}}",
    "begin of print statement": "{{",
    "end of statement block": "%}",
    "begin of statement block": "{%",
    "end of template": "…",
}
_BLOCKS = ("if", "for", "with", "macro", "call", "filter", "block", "autoescape", "raw")
_TAG = re.compile(r"{%-?\s*(\w+)")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_PARAGRAPH_LINE = re.compile(r"^<w:p[ >]")
_XML_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Part:
    """One XML part of the document that docxtpl renders, as its lines (one per paragraph)."""

    label: str
    lines: list[str]

    @property
    def source(self) -> str:
        return "\n".join(self.lines)


# ---------------------------------------------------------------------------------------------
# 1. A DOCX at all
# ---------------------------------------------------------------------------------------------


def docx_problem(data: bytes) -> str | None:
    """Why the bytes are not a DOCX, or None."""
    not_docx = _(
        "The file is not a Word document (DOCX). Save it in Word as “Word Document (*.docx)” "
        "and upload it again."
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return not_docx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            unpacked = sum(member.file_size for member in members)
            encrypted = any(member.flag_bits & 0x1 for member in members)
    except (zipfile.BadZipFile, OSError):
        return not_docx
    if DOCUMENT_XML not in names:
        return not_docx
    if encrypted:
        return _("The document is protected with a password: save it without one.")
    if unpacked > MAX_UNPACKED_BYTES:
        return _("The document is too large for a template of a decision.")
    return None


# ---------------------------------------------------------------------------------------------
# 2. The syntax
# ---------------------------------------------------------------------------------------------


def _lines(template: DocxTemplate, xml: str) -> list[str]:
    """The part's XML as docxtpl hands it to Jinja: tags joined, a paragraph per line."""
    patched = template.patch_xml(xml)
    return _PARAGRAPH_START.sub(r"\n<w:p\1", patched).split("\n")


def template_parts(template: DocxTemplate) -> Iterator[Part]:
    """The body, then every header and footer, as docxtpl renders them."""
    template.init_docx()
    yield Part(_("the body of the document"), _lines(template, template.get_xml()))
    for uri, label in (
        (template.HEADER_URI, _("a header")),
        (template.FOOTER_URI, _("a footer")),
    ):
        for _key, part in template.get_headers_footers(uri):
            yield Part(label, _lines(template, template.get_part_xml(part)))


def paragraph_text(line: str) -> str:
    """The text of a paragraph's line of XML, shortened for a message."""
    text = re.sub(r"\s+", " ", _XML_TAG.sub("", line)).strip()
    return text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…"


def paragraph_at(lines: list[str], line: int) -> tuple[int, str]:
    """The number (1-based, in document order) and the text of the paragraph holding the
    1-based `line`. Every paragraph starts a line; a line that does not (XML written with line
    ends of its own) belongs to the paragraph above it."""
    line = min(max(line, 1), len(lines))
    starts = [index for index, text in enumerate(lines[:line]) if _PARAGRAPH_LINE.match(text)]
    if not starts:  # before the first paragraph: the part's opening tags
        return 1, paragraph_text(lines[line - 1])
    return len(starts), paragraph_text("\n".join(lines[starts[-1] : line]))


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


def _unclosed_opening(lines: list[str], block: str, last_line: int) -> int | None:
    """The line (1-based) of the innermost `block` still open at `last_line`."""
    stack: list[tuple[str, int]] = []
    for number, line in enumerate(lines[:last_line], start=1):
        for tag in _TAG.findall(line):
            if tag in _BLOCKS:
                stack.append((tag, number))
            elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
                stack.pop()
    for tag, number in reversed(stack):
        if tag == block:
            return number
    return None


def syntax_problem_text(message: str) -> str:
    """Jinja's message about a syntax error, in Polish, for the template's author."""
    unclosed = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    unknown = re.match(r"Encountered unknown tag '(\w+)'", message)
    if unknown and unclosed:
        return _(
            "“%(tag)s” closes a block that is not the innermost one; close “%(block)s” first."
        ) % {"tag": unknown[1], "block": unclosed[1]}
    if unknown:
        if unknown[1].startswith("end"):
            return _("“%(tag)s” closes a block that was never opened.") % {"tag": unknown[1]}
        return _("unknown command “%(tag)s”.") % {"tag": unknown[1]}
    if unclosed:
        return _("the block “%(block)s” is never closed – “%(end)s” is missing.") % {
            "block": unclosed[1],
            "end": f"{{% end{unclosed[1]} %}}",
        }
    expected = re.match(r"expected token '(.+?)', got '(.+?)'", message)
    if expected and expected[1] == "name":
        return _("a name (of a field or a filter) was expected here, not “%(found)s”.") % {
            "found": _token(expected[2])
        }
    if expected:
        return _("“%(expected)s” was expected here, not “%(found)s”.") % {
            "expected": _token(expected[1]),
            "found": _token(expected[2]),
        }
    expression = re.match(r"Expected an expression, got '(.+?)'", message)
    if expression:
        return _("a field name was expected here, not “%(found)s”.") % {
            "found": _token(expression[1])
        }
    unexpected_char = re.match(r"unexpected char (['\"])(.+?)\1", message)
    if unexpected_char:
        return _(
            "the character “%(char)s” is not allowed here (is a quotation mark not closed?)."
        ) % {"char": unexpected_char[2]}
    unexpected = re.match(r"unexpected '(.+?)'", message)
    if unexpected:
        return _("unexpected “%(found)s”.") % {"found": _token(unexpected[1])}
    if message.startswith("tag name expected"):
        # Formatted with an empty mapping only to turn the msgid's "%%" into "%".
        return _("a command without a name: “{%%” must be followed by e.g. “if” or “for”.") % {}
    return _("syntax error: %(message)s.") % {"message": message.rstrip(".")}


def syntax_problem(part: Part, error: TemplateSyntaxError) -> str:
    """Where the error is (paragraph number and text) and what it is, in Polish."""
    message = error.message or ""
    line = error.lineno or 1
    unclosed = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if unclosed and not message.startswith("Encountered unknown tag"):
        line = _unclosed_opening(part.lines, unclosed[1], line) or line
    number, text = paragraph_at(part.lines, line)
    return _("Paragraph %(number)s – %(part)s (“%(text)s”): %(problem)s") % {
        "number": number,
        "part": part.label,
        "text": text,
        "problem": syntax_problem_text(message),
    }


# ---------------------------------------------------------------------------------------------
# 3. Unknown fields
# ---------------------------------------------------------------------------------------------


def unknown_field_problem(name: str) -> str:
    close = difflib.get_close_matches(name, FIELDS, n=1)
    if close:
        return _(
            "The template uses the field “%(name)s”, which does not exist: "
            "did you mean “%(close)s”?"
        ) % {
            "name": name,
            "close": close[0],
        }
    return _("The template uses the field “%(name)s”, which does not exist.") % {"name": name}


# ---------------------------------------------------------------------------------------------
# 4. The sample decision
# ---------------------------------------------------------------------------------------------


def _sample_family() -> tuple[Household, Person, Person]:
    household = Household(
        gmina="Dębowo",
        town="Dębowo",
        street="Lipowa",
        house_number="3",
        flat_number="2",
        postcode="00-950",
    )
    # Synthetic persons: the primary keys only tell them apart for the drafting ("na Jana").
    mother = Person(
        pk=-1,
        first_names="Maria",
        surname="Lipowska",
        sex="K",
        birth_date=datetime.date(1985, 5, 12),
    )
    child = Person(
        pk=-2,
        first_names="Jan",
        surname="Lipowski",
        sex="M",
        birth_date=datetime.date(2015, 9, 3),
    )
    return household, mother, child


def _sample_lines(
    decision: Decision, act: str, mother: Person, child: Person
) -> list[DecisionLine]:
    start = timezone.localdate().replace(day=1)
    end = (start + datetime.timedelta(days=190)).replace(day=1) - datetime.timedelta(days=1)
    if act == Act.FAMILY_BENEFITS:
        benefits = [
            (Benefit.ZASILEK_RODZINNY, child, Decimal("124.00"), ""),
            (Benefit.ZASILEK_PIELEGNACYJNY, child, Decimal("215.84"), ""),
        ]
    else:
        benefits = [
            (Benefit.ZASILEK_OKRESOWY, mother, Decimal("500.00"), ""),
            (Benefit.ZASILEK_CELOWY, mother, Decimal("300.00"), "zakup opału"),
        ]
    return [
        DecisionLine(
            decision=decision,
            benefit=benefit,
            person=person,
            amount=amount,
            purpose=purpose,
            period_from=start,
            period_to=end if purpose == "" else start,
            payee=mother,
            method=PaymentMethod.BANK,
            account=SAMPLE_ACCOUNT,
        )
        for benefit, person, amount, purpose in benefits
    ]


def sample_decision(kind: str, act: str, *, signed: bool) -> tuple[Decision, list[DecisionLine]]:
    """A decision of the kind and act built in memory, with its benefits: never saved.

    Signed: numbered, dated, with the signer's authorisation, two benefits, a full
    justification and the clause of immediate enforceability. Not signed: a draft that grants
    the request in full and has no justification, so that both sides of every condition of a
    template are rendered."""
    today = timezone.localdate()
    household, mother, child = _sample_family()
    earlier = Decision(number=f"GOPS.8311.1.{today.year}", state=DecisionState.SIGNED)
    decision = Decision(
        kind=kind,
        act=act,
        household=household,
        party=mother,
        state=DecisionState.SIGNED if signed else DecisionState.DRAFT,
        changes=earlier if kind in (*KINDS_CHANGING_A_DECISION, DecisionKind.RELIEF) else None,
    )
    terms = RepaymentTerms()
    if kind == DecisionKind.UNDUE:
        terms = RepaymentTerms(repay_by=today, instalments=3)
    elif kind == DecisionKind.RELIEF:
        decision.relief = Relief.INSTALMENTS
        terms = RepaymentTerms(
            relief=Relief.INSTALMENTS, repay_by=today, instalments=3, owed=Decimal("900.00")
        )
    lines = _sample_lines(decision, act, mother, child)
    texts = draft_texts(
        kind=kind,
        act=act,
        day=today,
        party=mother,
        lines=lines,
        benefits=[line.benefit for line in lines],
        received_on=today,
        interview_on=today,
        changes_number=earlier.number,
        effective_from=today,
        terms=terms,
    )
    decision.legal_basis = texts.legal_basis
    decision.operative = texts.operative
    decision.appeal_instruction = texts.appeal_instruction
    decision.distribution = texts.distribution
    if signed:
        signer = User(username="przyklad", first_name="Krystyna", last_name="Wiśniewska")
        decision.number = f"GOPS.8311.2.{today.year}"
        decision.issued_on = today
        decision.signed_by = signer
        decision.authorisation = Authorisation(
            user=signer,
            number=f"OR.0052.1.{today.year}",
            granted_by="Wójt Gminy Dębowo",
            granted_on=today,
            valid_from=today,
            position="Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie",
        )
        decision.justification_facts = texts.justification_facts or "Ustalono stan faktyczny."
        decision.justification_law = "Przepisy prawa zostały zastosowane.\nDrugi akapit."
        decision.immediately_enforceable = True
        decision.enforceability_reason = "ze względu na wyjątkowo ważny interes strony"
    else:
        decision.grants_request_in_full = True
    return decision, lines


def _undefined_problem(message: str, *, signed: bool) -> str:
    found = re.search(
        r"has no attribute '(.+?)'|'(.+?)' is undefined|has no element (\S+)", message
    )
    name = next((group for group in found.groups() if group), message) if found else message
    if signed:
        return _("The template uses “%(name)s”, which a signed decision does not have.") % {
            "name": name
        }
    return _("The template uses “%(name)s”, which a draft decision does not have.") % {"name": name}


def _render_problem(data: bytes, kind: str, act: str, signed: bool) -> str | None:
    decision, lines = sample_decision(kind, act, signed=signed)
    context = decision_context(decision, lines=lines)
    try:
        rendered = render_template(data, context)
    except UndefinedError as error:
        return _undefined_problem(str(error), signed=signed)
    except SecurityError:
        return _("The template uses an operation that templates may not use.")
    except TemplateError as error:
        return _("The template cannot be filled in: %(message)s.") % {"message": error.message}
    except (etree.LxmlError, ValueError, KeyError) as error:
        return _("Filled in, the template is not a valid document (%(message)s).") % {
            "message": str(error) or type(error).__name__
        }
    try:
        docx.Document(io.BytesIO(rendered))
    except Exception as error:  # python-docx raises many kinds for a broken package
        return _("Filled in, the template is not a valid document (%(message)s).") % {
            "message": str(error) or type(error).__name__
        }
    return None


# ---------------------------------------------------------------------------------------------
# The whole check
# ---------------------------------------------------------------------------------------------


def check_template(data: bytes, *, kind: str, act: str) -> list[str]:
    """The problems of an uploaded template for decisions of the kind and act, in Polish; an
    empty list when it is accepted."""
    problem = docx_problem(data)
    if problem:
        return [problem]
    try:
        template = DocxTemplate(io.BytesIO(data))
        parts = list(template_parts(template))
    except Exception:  # python-docx refuses a broken package in many ways
        return [_("The file is damaged and cannot be read as a Word document.")]
    environment = jinja_environment()
    problems: list[str] = []
    used: set[str] = set()
    for part in parts:
        try:
            tree = environment.parse(part.source)
        except TemplateSyntaxError as error:
            problems.append(syntax_problem(part, error))
            continue
        used |= meta.find_undeclared_variables(tree)
    if problems:
        return problems
    problems = [unknown_field_problem(name) for name in unknown_fields(used)]
    if problems:
        return problems
    for signed in (True, False):
        rendered_problem = _render_problem(data, kind, act, signed)
        if rendered_problem:
            return [rendered_problem]
    return []
