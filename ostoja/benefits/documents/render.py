"""A decision as data for its documents, and its editable DOCX.

`decision_context` turns a decision into plain values, every one already written in Polish: the
centre, the place and date ("Dębowo, dnia 1 kwietnia 2025 r."), the number, the party in the
cases the text needs, the legal basis, the operative part point by point, the justification,
the instruction on appeal, the signature and the distribution list. The DOCX templates (the
centre's own or the defaults in `defaults/`, built by `make_defaults`) and the PDF
(`documents.pdf`) print the same values, so the two never disagree.

The context holds only strings, booleans and lists or dicts of strings: no model instance reaches
a template, so a template uploaded by a centre can read nothing but what `FIELDS` documents. The
templates run in Jinja's sandbox with `StrictUndefined` (a missing or misspelt field is an error,
never an empty gap in a decision) and with autoescape on, as docxtpl requires for text holding
"&" or "<".

The words of a document are Polish whatever the interface language: a Polish public body issues
its decisions in Polish (art. 4 of the Polish Language Act [M]); model labels and addresses are
read with Polish active for the same reason.
"""

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ostoja.benefits.catalogue import Benefit, spec
from ostoja.benefits.documents.declension import Case, decline_person, honorific
from ostoja.benefits.formatting import (
    payment_words,
    polish_amount,
    polish_amount_with_words,
    polish_date,
    polish_period,
)
from ostoja.benefits.models import (
    Authorisation,
    Decision,
    DecisionKind,
    DecisionLine,
    DocumentTemplate,
)
from ostoja.registry.models import Person

Context = dict[str, Any]

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"

# Under "DECYZJA": what the decision is about, by kind. "{number}" is the number of the decision
# it acts on (`Decision.changes`), which every kind of KINDS_CHANGING_A_DECISION names.
SUBJECTS: dict[str, str] = {
    DecisionKind.GRANT: "w sprawie przyznania świadczenia",
    DecisionKind.REFUSAL: "w sprawie odmowy przyznania świadczenia",
    DecisionKind.CHANGE: "w sprawie zmiany decyzji nr {number}",
    DecisionKind.REVOCATION: "w sprawie uchylenia decyzji nr {number}",
    DecisionKind.SUSPENSION: "w sprawie wstrzymania wypłaty świadczenia przyznanego decyzją "
    "nr {number}",
    DecisionKind.RESUMPTION: "w sprawie wznowienia wypłaty świadczenia przyznanego decyzją "
    "nr {number}",
    DecisionKind.DISCONTINUANCE: "w sprawie umorzenia postępowania",
    DecisionKind.UNDUE: "w sprawie nienależnie pobranego świadczenia",
    DecisionKind.RELIEF: "w sprawie ulgi w zwrocie nienależnie pobranego świadczenia ustalonego "
    "decyzją nr {number}",
}

# Art. 107 § 4 k.p.a.: the justification may be omitted when the decision grants the party's
# request in full. Only these kinds grant something the party asked for [M: the provision's
# exception for decisions settling disputed interests or issued on appeal concerns no
# first-instance social-assistance decision].
KINDS_THAT_MAY_GRANT_IN_FULL = (DecisionKind.GRANT, DecisionKind.CHANGE, DecisionKind.RESUMPTION)

DRAFT_NUMBER = "projekt"
DRAFT_SIGNATURE = "projekt – bez podpisu"
DISTRIBUTION_HEADING = "Otrzymują:"

# The offices that authorise a signer (art. 268a k.p.a., art. 110 ust. 7 u.p.s.), nominative to
# genitive: "Wójt Gminy Dębowo" → "z upoważnienia Wójta Gminy Dębowo". The rest of the name
# ("Gminy Dębowo", "Miasta Dębowo") is already in the genitive. A first word not listed is kept
# as written (the administrator may have typed the genitive already).
OFFICE_GENITIVE = {
    "wójt": "Wójta",
    "burmistrz": "Burmistrza",
    "prezydent": "Prezydenta",
    "starosta": "Starosty",
    "zarząd": "Zarządu",
    "marszałek": "Marszałka",
    "kierownik": "Kierownika",
    "dyrektor": "Dyrektora",
}

# Characters XML 1.0 does not allow, and the ones docxtpl reads as commands in a text (\a starts
# a paragraph, \f a page): removed from what the clerk typed. Tabs and line ends stay.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_POSTCODE_AND_TOWN = re.compile(r"\b\d{2}-\d{3}\s+(?P<town>[^,]+?)\s*$")
_DISTRIBUTION_HEADING = re.compile(r"^\s*otrzymuj[aą]\s*:?\s*$", re.IGNORECASE)

# Every name a template may use, with what it holds; shown to the administrator at upload.
FIELDS: dict[str, StrOrPromise] = {
    "centre_name": _("The centre's name, e.g. “Gminny Ośrodek Pomocy Społecznej w Dębowie”."),
    "centre_address": _("The centre's address, e.g. “ul. Rynek 1, 00-950 Dębowo”."),
    "centre_city": _("The town of the centre, for the place of the decision, e.g. “Dębowo”."),
    "place_and_date": _("The place and date at the top: “Dębowo, dnia 1 kwietnia 2025 r.”."),
    "date": _(
        "The date of the decision: “1 kwietnia 2025 r.” (for a draft: the day it is printed)."
    ),
    "number": _("The decision's number, e.g. “GOPS.8311.1.2025”; “projekt” for a draft."),
    "is_draft": _("True for a draft (not signed yet): the document is marked PROJEKT."),
    "kind": _(
        "The kind's code: przyznanie, odmowa, zmiana, uchylenie, zawieszenie, wznowienie, "
        "umorzenie, nienalezne."
    ),
    "act": _("The act's code: ups (social assistance) or usr (family benefits)."),
    "subject": _("What the decision is about, e.g. “w sprawie przyznania świadczenia”."),
    "changes_number": _("The number of the decision this one changes; empty when none."),
    "party_name": _("The party's first names and surname: “Maria Lipowska”."),
    "party_addressee": _("The party as the address block names her: “Pani Maria Lipowska”."),
    "party_dative": _("The party in the dative with the honorific: “Pani Marii Lipowskiej”."),
    "party_genitive": _("The party in the genitive with the honorific: “Pana Jana Nowaka”."),
    "party_name_certain": _(
        "False when the name could not be declined with certainty: check the document."
    ),
    "party_address": _("The family's address in one line: “ul. Lipowa 3/2, 00-950 Dębowo”."),
    "party_address_lines": _("The family's address as a list of lines, for the address block."),
    "legal_basis": _("The legal basis: “Na podstawie art. … ustawy … (Dz.U. …)”."),
    "operative_points": _("The operative part as a list of points, one per line of its text."),
    "lines": _(
        "The benefits as a list; each has benefit, person, payee, amount, amount_with_words, "
        "monthly, period, payment and purpose (texts; empty where they do not apply)."
    ),
    "enforceability_clause": _(
        "The clause of immediate enforceability (art. 108 k.p.a.) with its reason; empty when "
        "the decision has none."
    ),
    "immediately_enforceable": _("True when the decision is immediately enforceable."),
    "justification_facts": _("The factual justification as a list of paragraphs."),
    "justification_law": _("The legal justification as a list of paragraphs."),
    "has_justification": _("True when the decision has a justification written."),
    "justification_may_be_omitted": _(
        "True when the decision grants the request in full, so the justification may be "
        "omitted (art. 107 § 4 k.p.a.)."
    ),
    "show_justification": _(
        "True when the UZASADNIENIE is printed: it is written, or it may not be omitted."
    ),
    "appeal_instruction": _("The instruction on appeal (POUCZENIE) as a list of paragraphs."),
    "signer_name": _("The signer's first name and surname; empty for a draft."),
    "signer_position": _(
        "The signer's position, as the authorisation gives it; empty for a draft."
    ),
    "signer_authority": _(
        "“z upoważnienia Wójta Gminy Dębowo”; for a draft “projekt – bez podpisu”."
    ),
    "signer_authorisation": _(
        "The authorisation: “upoważnienie nr OR.0052.1.2024 z dnia 2 stycznia 2024 r.”; empty "
        "for a draft."
    ),
    "signature_lines": _("The whole signature block as a list of lines."),
    "distribution": _("The distribution list (after “Otrzymują:”) as a list of lines."),
}


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """The text without the characters a DOCX cannot hold, Windows line ends made plain."""
    return _NOT_IN_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def paragraphs(text: str) -> list[str]:
    """The text's non-empty lines, each trimmed: one paragraph (or point) per line."""
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(".") else f"{text}."


# ---------------------------------------------------------------------------------------------
# The parts of the context
# ---------------------------------------------------------------------------------------------


def centre_city() -> str:
    """The centre's town, from its address ("ul. Rynek 1, 00-950 Dębowo" → "Dębowo")."""
    explicit = str(getattr(settings, "OSTOJA_CENTRE_CITY", "") or "").strip()
    if explicit:
        return explicit
    address = str(settings.OSTOJA_CENTRE_ADDRESS).strip()
    match = _POSTCODE_AND_TOWN.search(address)
    if match:
        return match["town"]
    return address.rsplit(",", 1)[-1].strip()


def subject(kind: str, changes_number: str) -> str:
    return SUBJECTS[kind].format(number=changes_number)


def _person(person: Person, case: Case) -> tuple[str, bool]:
    declined = decline_person(
        first_name=person.first_names, last_name=person.surname, sex=person.sex, case=case
    )
    return declined.text, declined.certain


def _party(party: Person) -> Context:
    dative, dative_certain = _person(party, Case.DATIVE)
    genitive, genitive_certain = _person(party, Case.GENITIVE)
    name = clean_text(party.full_name)
    return {
        "party_name": name,
        "party_addressee": f"{honorific(party.sex, Case.NOMINATIVE)} {name}",
        "party_dative": clean_text(f"{honorific(party.sex, Case.DATIVE)} {dative}"),
        "party_genitive": clean_text(f"{honorific(party.sex, Case.GENITIVE)} {genitive}"),
        "party_name_certain": dative_certain and genitive_certain,
    }


def _address(decision: Decision) -> Context:
    text = clean_text(str(decision.household.address))
    return {
        "party_address": text,
        # The address is "street and number, postcode and town": one line each in the block.
        "party_address_lines": [part.strip() for part in text.rsplit(", ", 1) if part.strip()],
    }


def _line(line: DecisionLine) -> dict[str, str]:
    return {
        "benefit": str(Benefit(line.benefit).label),
        "person": clean_text(line.person.full_name),
        "payee": clean_text(line.payee.full_name),
        "amount": polish_amount(line.amount),
        "amount_with_words": polish_amount_with_words(line.amount),
        "monthly": "miesięcznie" if spec(line.benefit).monthly else "",
        "period": polish_period(line.period_from, line.period_to),
        "payment": payment_words(line.method, line.account),
        "purpose": clean_text(line.purpose.strip()),
    }


def _justification(decision: Decision) -> Context:
    facts = paragraphs(decision.justification_facts)
    law = paragraphs(decision.justification_law)
    written = bool(facts or law)
    may_be_omitted = (
        decision.grants_request_in_full and decision.kind in KINDS_THAT_MAY_GRANT_IN_FULL
    )
    return {
        "justification_facts": facts,
        "justification_law": law,
        "has_justification": written,
        "justification_may_be_omitted": may_be_omitted,
        # Art. 107 § 4 lets the office leave it out, not hide one it wrote.
        "show_justification": written or not may_be_omitted,
    }


def enforceability_clause(decision: Decision) -> str:
    """Art. 108 § 1 k.p.a. [M]: the clause and the reason the clerk gave ("ze względu na …")."""
    if not decision.immediately_enforceable:
        return ""
    clause = "Decyzji nadaje się rygor natychmiastowej wykonalności (art. 108 § 1 k.p.a.)"
    reason = clean_text(decision.enforceability_reason).strip().rstrip(".")
    return _sentence(f"{clause} – {reason}" if reason else clause)


def office_genitive(granted_by: str) -> str:
    """ "Wójt Gminy Dębowo" → "Wójta Gminy Dębowo" (see OFFICE_GENITIVE)."""
    first, _space, rest = clean_text(granted_by).strip().partition(" ")
    genitive = OFFICE_GENITIVE.get(first.lower(), first)
    return f"{genitive} {rest}".strip()


def _signer_name(decision: Decision) -> str:
    signer = decision.signed_by
    if signer is None:
        return ""
    return clean_text(signer.get_full_name().strip() or signer.username)


def _signature(decision: Decision) -> Context:
    authorisation: Authorisation | None = decision.authorisation
    if not decision.is_issued or authorisation is None:
        return {
            "signer_name": "",
            "signer_position": "",
            "signer_authority": DRAFT_SIGNATURE,
            "signer_authorisation": "",
            "signature_lines": [DRAFT_SIGNATURE],
        }
    authority = f"z upoważnienia {office_genitive(authorisation.granted_by)}"
    letter = (
        f"upoważnienie nr {clean_text(authorisation.number)} "
        f"z dnia {polish_date(authorisation.granted_on)}"
    )
    name = _signer_name(decision)
    position = clean_text(authorisation.position).strip()
    return {
        "signer_name": name,
        "signer_position": position,
        "signer_authority": authority,
        "signer_authorisation": letter,
        "signature_lines": [line for line in (authority, name, position, letter) if line],
    }


def distribution_items(text: str) -> list[str]:
    """The distribution list's lines without its "Otrzymują:" heading, which templates print."""
    items = paragraphs(text)
    if items and _DISTRIBUTION_HEADING.match(items[0]):
        items = items[1:]
    return items


def _day(decision: Decision) -> datetime.date:
    if decision.is_issued and decision.issued_on is not None:
        return decision.issued_on
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# The context
# ---------------------------------------------------------------------------------------------


def decision_lines(decision: Decision) -> list[DecisionLine]:
    if decision.pk is None:
        return []
    return list(decision.lines.select_related("person", "payee").order_by("pk"))


def decision_context(decision: Decision, *, lines: Sequence[DecisionLine] | None = None) -> Context:
    """Everything a template may print, as Polish text (the keys are `FIELDS`).

    `lines` are the decision's benefits; read from the database when not given (a decision
    built in memory, as the upload check's sample, passes its own).
    """
    if lines is None:
        lines = decision_lines(decision)
    with translation.override("pl"):
        day = _day(decision)
        city = centre_city()
        changes_number = decision.changes.number if decision.changes is not None else ""
        context: Context = {
            "centre_name": clean_text(str(settings.OSTOJA_CENTRE_NAME)),
            "centre_address": clean_text(str(settings.OSTOJA_CENTRE_ADDRESS)),
            "centre_city": city,
            "place_and_date": f"{city}, dnia {polish_date(day)}",
            "date": polish_date(day),
            "number": clean_text(decision.number) if decision.is_issued else DRAFT_NUMBER,
            "is_draft": not decision.is_issued,
            "kind": decision.kind,
            "act": decision.act,
            "subject": subject(decision.kind, changes_number),
            "changes_number": changes_number,
            **_party(decision.party),
            **_address(decision),
            "legal_basis": " ".join(paragraphs(decision.legal_basis)),
            "operative_points": paragraphs(decision.operative),
            "lines": [_line(line) for line in lines],
            "enforceability_clause": enforceability_clause(decision),
            "immediately_enforceable": decision.immediately_enforceable,
            **_justification(decision),
            "appeal_instruction": paragraphs(decision.appeal_instruction),
            **_signature(decision),
            "distribution": distribution_items(decision.distribution),
        }
    return context


# ---------------------------------------------------------------------------------------------
# The DOCX
# ---------------------------------------------------------------------------------------------


def jinja_environment() -> SandboxedEnvironment:
    """The environment every DOCX template runs in: sandboxed (an uploaded template cannot
    reach Python's internals), strict (an unknown field is an error), escaping (docxtpl writes
    the values into XML)."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def default_template_path(kind: str) -> Path:
    """The template Ostoja ships for the kind (`make_defaults` builds them)."""
    return DEFAULTS_DIR / f"{kind}.docx"


def active_template(kind: str, act: str) -> DocumentTemplate | None:
    """The centre's own template in use for the kind and act, if it has uploaded one."""
    return DocumentTemplate.objects.filter(kind=kind, act=act, active=True).first()


def template_bytes(template: DocumentTemplate) -> bytes:
    with template.file.open("rb") as stored:
        data = stored.read()
    assert isinstance(data, bytes)
    return data


def render_template(source: bytes | Path | IO[bytes], context: Context) -> bytes:
    """A DOCX template filled in with the context: the bytes of the finished document.

    Raises jinja2's errors (`UndefinedError` for a field the context lacks, `SecurityError`
    for what the sandbox refuses, `TemplateSyntaxError`) as they come.
    """
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    document = DocxTemplate(source)
    document.render(context, jinja_environment(), autoescape=True)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def render_docx(decision: Decision, template: DocumentTemplate | None = None) -> bytes:
    """The decision as an editable DOCX: from `template` when given, else from the centre's
    active template for the decision's kind and act, else from Ostoja's default."""
    chosen = template or active_template(decision.kind, decision.act)
    source: bytes | Path
    source = template_bytes(chosen) if chosen is not None else default_template_path(decision.kind)
    return render_template(source, decision_context(decision))


def docx_filename(decision: Decision) -> str:
    """ "decyzja-GOPS-8311-1-2025.docx", "projekt-decyzji-12.docx"."""
    return f"{document_stem(decision)}.docx"


def document_stem(decision: Decision) -> str:
    """The file name of a decision's document without its extension, in ASCII."""
    if decision.is_issued and decision.number:
        number = re.sub(r"[^A-Za-z0-9]+", "-", decision.number).strip("-")
        return f"decyzja-{number}"
    return f"projekt-decyzji-{decision.pk or 'nowy'}"


def unknown_fields(names: Iterable[str]) -> list[str]:
    """The names a template uses that the context does not provide, sorted."""
    return sorted(set(names) - set(FIELDS))
