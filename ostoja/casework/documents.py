"""Printed documents of social work: the environmental interview laid out like the paper form,
the empty form to fill in by hand, and the social contract.

Made with WeasyPrint from HTML templates (`casework/print/`), as the access report is. The
interview follows the questionnaire definition it was filled on (`ostoja.casework.questionnaire`);
the contract follows the template of rozporządzenie MPiPS z 8 listopada 2010 r. w sprawie wzoru
kontraktu socjalnego (Dz.U. 2010 nr 218 poz. 1439): variant A is parts I A + II A (solving a
difficult life situation), variant B parts I B + II B (strengthening activity, preventing social
exclusion).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ostoja.casework.models import (
    ContractEnd,
    ContractObligation,
    ContractVariant,
    Interview,
    InterviewKind,
    Party,
    SocialContract,
)
from ostoja.casework.questionnaire import (
    AnswerType,
    Part,
    Question,
    Questionnaire,
    Segment,
    display_answer,
    get_questionnaire,
    is_empty,
)
from ostoja.core.money import format_pln
from ostoja.core.text import fold
from ostoja.registry.models import Household, Income, Membership, Person, Relation
from ostoja.registry.selectors import months_before

# A contract not yet reviewed prints empty rows for the reviews to be written in by hand.
BLANK_REVIEW_ROWS = 3

CONTRACT_LEGAL_BASIS = (
    "art. 108 ustawy z dnia 12 marca 2004 r. o pomocy społecznej; wzór: rozporządzenie Ministra "
    "Pracy i Polityki Społecznej z dnia 8 listopada 2010 r. w sprawie wzoru kontraktu "
    "socjalnego (Dz. U. Nr 218, poz. 1439)"
)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The template rendered to PDF, with the centre's name and address in the context."""
    from weasyprint import HTML  # imported here: loading it costs every command a second

    context = {
        "centre_name": settings.OSTOJA_CENTRE_NAME,
        "centre_address": settings.OSTOJA_CENTRE_ADDRESS,
        "generated": timezone.localtime(),
        **context,
    }
    html = render_to_string(template, context)
    pdf = HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def pdf_filename(what: str, day: datetime.date | None, *extra: str) -> str:
    """An ASCII file name that says what the file is: "wywiad-2026-12-02.pdf"."""
    parts = [fold(what), *(fold(part) for part in extra)]
    if day is not None:
        parts.append(day.isoformat())
    return slugify(" ".join(parts)) + ".pdf"


# ---------------------------------------------------------------------------------------------
# The social contract
# ---------------------------------------------------------------------------------------------


def budget_total(obligations: list[ContractObligation]) -> Decimal:
    """The budget of help: the planned costs of the obligations, in total."""
    return sum((o.amount for o in obligations if o.amount is not None), Decimal("0"))


def contract_person_ids(contract: SocialContract) -> list[int]:
    """The persons the printed contract names: its client."""
    return [contract.person_id]


def contract_filename(contract: SocialContract) -> str:
    return pdf_filename(_("social contract"), contract.signed_on or contract.valid_from)


def _contract_labels(variant: str) -> dict[str, str]:
    if variant == ContractVariant.ACTIVATION:
        return {
            "subtitle": _(
                "defining how the person and the social worker cooperate to strengthen the "
                "person's activity and independence in life and work or to prevent social "
                "exclusion (parts I B and II B)"
            ),
            "client_label": _("Person"),
            "situation_label": _("Assessment of the person's situation"),
            "client_obligations_label": _("Obligations of the person"),
            "client_signature_label": _("signature of the person"),
        }
    return {
        "subtitle": _(
            "defining how the person or family and the social worker cooperate in solving a "
            "difficult life situation (parts I A and II A)"
        ),
        "client_label": _("Person (for a family: its representative)"),
        "situation_label": _("Assessment of the life situation of the person or family"),
        "client_obligations_label": _("Obligations of the person or family"),
        "client_signature_label": _("signature of the person or members of the family"),
    }


def contract_context(contract: SocialContract) -> dict[str, Any]:
    obligations = list(contract.obligations.order_by("party", "position", "pk"))
    client_obligations = [o for o in obligations if o.party == Party.CLIENT]
    centre_obligations = [o for o in obligations if o.party == Party.CENTRE]
    client = contract.person
    address = client.actual_address
    if address.is_empty:
        address = contract.case.household.address
    worker_name = contract.worker.get_full_name() or contract.worker.username
    day = contract.signed_on or contract.valid_from
    return {
        "contract": contract,
        "client": client,
        "client_address": str(address),
        "worker_name": worker_name,
        "legal_basis": CONTRACT_LEGAL_BASIS,
        "client_obligations": client_obligations,
        "centre_obligations": [
            {"obligation": o, "amount": format_pln(o.amount)} for o in centre_obligations
        ],
        "budget_total": format_pln(budget_total(centre_obligations)),
        "reviews": list(contract.reviews.select_related("reviewed_by")),
        "blank_review_rows": range(BLANK_REVIEW_ROWS),
        "end_options": [label for _code, label in ContractEnd.choices],
        "footer": f"{_('Social contract')}: {client.full_name}, {day:%d.%m.%Y}",
        "director_signature": False,
        **_contract_labels(contract.variant),
    }


def contract_pdf(contract: SocialContract) -> bytes:
    """The social contract as the 2010 template lays it out, for its variant."""
    return render_pdf("casework/print/contract.html", contract_context(contract))


# ---------------------------------------------------------------------------------------------
# The environmental interview and the empty form
# ---------------------------------------------------------------------------------------------

INTERVIEW_TEMPLATE = "casework/print/interview.html"
# The questionnaire's part of the statement of art. 107 ust. 5g u.p.s. (the interview filled in
# electronically), signed with a date and a place.
ELECTRONIC_STATEMENT_PART = "OE"
# Ruled lines for a long answer written by hand; empty rows of a registry table on the empty form.
LONG_TEXT_LINES = 4
BLANK_TABLE_ROWS = 6
# Incomes printed in segment A: the months before the interview's month, and that month.
INCOME_MONTHS = 3


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False


@dataclass(frozen=True)
class RegistryTable:
    """What the registry gives a segment-A question: a table (members, incomes) or one line
    (the address, `line` set)."""

    headings: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    empty_text: str = ""
    line: str | None = None
    source: str = ""  # the table's class in the print: its column widths


@dataclass(frozen=True)
class PrintedQuestion:
    question: Question
    text: str | None = None  # the answer as Polish text; None: a blank to fill by hand
    table: RegistryTable | None = None
    options: list[str] = field(default_factory=list)
    lines: range = field(default_factory=lambda: range(LONG_TEXT_LINES))


@dataclass(frozen=True)
class PrintedSegment:
    segment: Segment
    questions: list[PrintedQuestion]


@dataclass(frozen=True)
class PrintedPart:
    part: Part
    segments: list[PrintedSegment]

    @property
    def electronic_statement(self) -> bool:
        """The part of the statement for an interview filled in electronically: its date and
        place of signature print after it."""
        return self.part.code == ELECTRONIC_STATEMENT_PART


def _options(question: Question) -> list[str]:
    if question.type == AnswerType.YES_NO:
        return [pgettext("answer", "yes"), pgettext("answer", "no")]
    if question.type in (AnswerType.CHOICE, AnswerType.MULTI_CHOICE):
        return [choice.label for choice in question.choices]
    return []


def _members_headings() -> list[Cell]:
    return [
        Cell(pgettext("ordinal number", "No.")),
        Cell(_("First names and surname")),
        Cell(_("Relation to the applicant")),
        Cell(_("Birth date")),
        Cell(_("PESEL")),
        Cell(_("Age"), numeric=True),
    ]


def _incomes_headings() -> list[Cell]:
    return [
        Cell(_("Month")),
        Cell(_("Person")),
        Cell(_("Kind of income")),
        Cell(_("Gross"), numeric=True),
        Cell(_("Net"), numeric=True),
    ]


def _blank_table(headings: list[Cell], *, numbered: bool, source: str) -> RegistryTable:
    rows = [
        [Cell(str(n + 1) if numbered and i == 0 else "") for i in range(len(headings))]
        for n in range(BLANK_TABLE_ROWS)
    ]
    return RegistryTable(headings, rows, source=source)


def blank_registry_table(source: str) -> RegistryTable | None:
    """Segment A on the empty form: the registry's tables with empty rows to fill by hand."""
    if source == "members":
        return _blank_table(_members_headings(), numbered=True, source=source)
    if source == "incomes":
        return _blank_table(_incomes_headings(), numbered=False, source=source)
    if source == "address":
        return RegistryTable(line="")
    return None


def members_table(members: list[Membership], day: datetime.date) -> RegistryTable:
    rows = [
        [
            Cell(str(number)),
            Cell(membership.person.full_name),
            Cell(membership.get_relation_display()),
            Cell(f"{membership.person.birth_date:%d.%m.%Y}"),
            Cell(membership.person.pesel or "—"),
            Cell(str(membership.person.age_on(day)), numeric=True),
        ]
        for number, membership in enumerate(members, start=1)
    ]
    empty_text = _("No members in the registry.")
    return RegistryTable(_members_headings(), rows, empty_text=empty_text, source="members")


def recorded_members_table(rows: list[dict[str, Any]], day: datetime.date) -> RegistryTable:
    """The members as the interview recorded them from the registry when it started (or when a
    correction re-read them); the PESEL, which the record does not keep, from the registry."""
    pesels = dict(
        Person.objects.filter(pk__in=[row["person_id"] for row in rows]).values_list("pk", "pesel")
    )
    printed = []
    for number, row in enumerate(rows, start=1):
        birth_date = datetime.date.fromisoformat(row["birth_date"])
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        printed.append(
            [
                Cell(str(number)),
                Cell(row["name"]),
                Cell(row.get("relation_label", "")),
                Cell(f"{birth_date:%d.%m.%Y}"),
                Cell(pesels.get(row["person_id"]) or "—"),
                Cell(str(day.year - birth_date.year - before_birthday), numeric=True),
            ]
        )
    empty_text = _("No members in the registry.")
    return RegistryTable(_members_headings(), printed, empty_text=empty_text, source="members")


def recorded_incomes_table(rows: list[dict[str, Any]]) -> RegistryTable:
    """The incomes as the interview recorded them from the registry."""
    printed = [
        [
            Cell(f"{datetime.date.fromisoformat(row['month']):%m.%Y}"),
            Cell(row["name"]),
            Cell(row["kind"]),
            Cell(format_pln(Decimal(row["gross"])), numeric=True),
            Cell(format_pln(Decimal(row["net"])), numeric=True),
        ]
        for row in rows
    ]
    if printed:
        total = sum((Decimal(row["net"]) for row in rows), Decimal("0"))
        printed.append(
            [Cell(_("In total")), Cell(""), Cell(""), Cell(""), Cell(format_pln(total), True)]
        )
    empty_text = _("No incomes in the registry for these months.")
    return RegistryTable(_incomes_headings(), printed, empty_text=empty_text, source="incomes")


def incomes_table(incomes: list[Income]) -> RegistryTable:
    rows = [
        [
            Cell(f"{income.month:%m.%Y}"),
            Cell(income.person.full_name),
            Cell(str(income.kind)),
            Cell(format_pln(income.gross), numeric=True),
            Cell(format_pln(income.net), numeric=True),
        ]
        for income in incomes
    ]
    if rows:
        total = sum((income.net for income in incomes), Decimal("0"))
        rows.append(
            [Cell(_("In total")), Cell(""), Cell(""), Cell(""), Cell(format_pln(total), True)]
        )
    empty_text = _("No incomes in the registry for these months.")
    return RegistryTable(_incomes_headings(), rows, empty_text=empty_text, source="incomes")


class RegistryData:
    """Segment A's data from the registry for one interview, on its day: the members then,
    their incomes of the last months and the family's address; read once for the whole print,
    remembering whom it showed."""

    def __init__(self, household: Household, day: datetime.date) -> None:
        self.household = household
        self.day = day
        self.person_ids: list[int] = []
        self._members: list[Membership] | None = None

    def members(self) -> list[Membership]:
        if self._members is None:
            self._members = list(
                self.household.memberships.current_on(self.day)
                .select_related("person")
                .order_by("valid_from", "pk")
            )
        return self._members

    def incomes(self) -> list[Income]:
        since = months_before(self.day, INCOME_MONTHS)
        person_ids = [membership.person_id for membership in self.members()]
        return list(
            Income.objects.filter(person_id__in=person_ids, month__gte=since, month__lte=self.day)
            .select_related("kind", "person")
            .order_by("-month", "person__surname", "person_id", "kind__ordering", "pk")
        )

    def table(self, source: str, recorded: Any = None) -> RegistryTable | None:
        """Segment A's data for a source the questionnaire names: what the interview recorded
        from the registry (`recorded`, the stored answer) when it has it, so that a completed
        interview prints what it found even after the registry changed; else the registry on
        the day. None for a source it does not know (the stored answer is printed instead)."""
        if source == "members" and isinstance(recorded, list):
            self.person_ids.extend(int(row["person_id"]) for row in recorded)
            return recorded_members_table(recorded, self.day)
        if source == "incomes" and isinstance(recorded, list):
            self.person_ids.extend(int(row["person_id"]) for row in recorded)
            return recorded_incomes_table(recorded)
        if source == "address" and isinstance(recorded, str):
            return RegistryTable(line=recorded)
        if source == "members":
            members = self.members()
            self.person_ids.extend(m.person_id for m in members)
            return members_table(members, self.day)
        if source == "incomes":
            incomes = self.incomes()
            self.person_ids.extend(income.person_id for income in incomes)
            return incomes_table(incomes)
        if source == "address":
            return RegistryTable(line=str(self.household.address))
        return None


def _printed_question(
    question: Question, answers: dict[str, Any] | None, registry: RegistryData | None
) -> PrintedQuestion:
    if question.type == AnswerType.REGISTRY:
        if registry is None:
            table = blank_registry_table(question.source)
        else:
            recorded = None if answers is None else answers.get(question.key)
            table = registry.table(question.source, recorded)
        if table is not None:
            return PrintedQuestion(question, table=table)
    value = None if answers is None else answers.get(question.key)
    if is_empty(value):
        return PrintedQuestion(question, options=_options(question))
    return PrintedQuestion(question, text=display_answer(question, value))


def _printed_parts(
    questionnaire: Questionnaire,
    kind: str,
    answers: dict[str, Any] | None,
    registry: RegistryData | None,
) -> list[PrintedPart]:
    segments_of_kind = {segment.code for segment in questionnaire.segments_for(kind)}
    return [
        PrintedPart(
            part,
            [
                PrintedSegment(
                    segment,
                    [_printed_question(q, answers, registry) for q in segment.questions],
                )
                for segment in part.segments
                if segment.code in segments_of_kind
            ],
        )
        for part in questionnaire.parts_for(kind)
    ]


def _any_uncertain(parts: list[PrintedPart]) -> bool:
    return any(
        part.part.uncertain or any(segment.segment.uncertain for segment in part.segments)
        for part in parts
    )


def _head(members: list[Membership]) -> Person | None:
    for membership in members:
        if membership.relation == Relation.APPLICANT:
            return membership.person
    return members[0].person if members else None


def _correction(interview: Interview) -> dict[str, Any] | None:
    """Which version of the interview this is, when it corrects an earlier one."""
    corrected = interview.supersedes
    if corrected is None:
        return None
    number = 2
    earlier = corrected.supersedes
    while earlier is not None:
        number += 1
        earlier = earlier.supersedes
    return {"number": number, "of_day": corrected.conducted_on or corrected.need_known_on}


def _recorded_head_name(answers: dict[str, Any]) -> str:
    """The head of the family as the interview recorded it from the registry, if it did."""
    for value in answers.values():
        if isinstance(value, list):
            for row in value:
                if isinstance(row, dict) and row.get("relation") == Relation.APPLICANT:
                    return str(row.get("name", ""))
    return ""


def interview_day(interview: Interview) -> datetime.date:
    """The day the print is about: when the interview was conducted, or else today."""
    return interview.conducted_on or timezone.localdate()


def interview_context(interview: Interview) -> dict[str, Any]:
    questionnaire = get_questionnaire(interview.form_code, interview.form_version)
    household = interview.case.household
    day = interview_day(interview)
    registry = RegistryData(household, day)
    parts = _printed_parts(questionnaire, interview.kind, dict(interview.answers), registry)
    head = _head(registry.members())
    family_name = _recorded_head_name(interview.answers) or (
        head.full_name if head is not None else str(household)
    )
    worker = interview.worker
    signature_day = interview.signed_on or interview.conducted_on
    interview_of = _("interview of")
    return {
        "empty": False,
        "interview": interview,
        "questionnaire": questionnaire,
        "kind_label": interview.get_kind_display(),
        "family_name": family_name,
        "family_address": str(household.address),
        "worker_name": worker.get_full_name() or worker.username,
        "based_on": (
            (interview.based_on.conducted_on or interview.based_on.need_known_on)
            if interview.based_on is not None
            else None
        ),
        "correction": _correction(interview),
        "working_copy": not interview.is_fixed,
        "refusal": interview.kind == InterviewKind.REFUSED,
        "not_possible": interview.kind == InterviewKind.NOT_POSSIBLE,
        "attempts": list(interview.attempts.all()),
        "parts": parts,
        "any_uncertain": _any_uncertain(parts),
        "signature_place_date": ", ".join(
            part
            for part in (
                interview.signed_place or interview.place,
                f"{signature_day:%d.%m.%Y}" if signature_day else "",
            )
            if part
        ),
        "footer": f"{family_name} · {interview_of} {day:%d.%m.%Y}",
        "person_ids": list(
            dict.fromkeys([*([head.pk] if head is not None else []), *registry.person_ids])
        ),
    }


def interview_person_ids(interview: Interview) -> list[int]:
    """The persons the printed interview shows: the family's members on its day and anyone
    whose incomes it lists."""
    return list(interview_context(interview)["person_ids"])


def interview_filename(interview: Interview) -> str:
    return pdf_filename(_("interview"), interview.conducted_on or interview.need_known_on)


def interview_pdf(interview: Interview) -> bytes:
    """The interview laid out like the paper form of its questionnaire, with its answers."""
    return render_pdf(INTERVIEW_TEMPLATE, interview_context(interview))


def empty_questionnaire_context(questionnaire: Questionnaire, kind: str) -> dict[str, Any]:
    parts = _printed_parts(questionnaire, kind, None, None)
    return {
        "empty": True,
        "interview": None,
        "questionnaire": questionnaire,
        "kind_label": InterviewKind(kind).label,
        "not_possible": kind == InterviewKind.NOT_POSSIBLE,
        "refusal": kind == InterviewKind.REFUSED,
        "blank_rows": range(BLANK_REVIEW_ROWS),
        "parts": parts,
        "any_uncertain": _any_uncertain(parts),
        "footer": f"{questionnaire.title} · {InterviewKind(kind).label}",
    }


def empty_questionnaire_pdf(questionnaire: Questionnaire, kind: str) -> bytes:
    """The form of the kind with no answers, to fill in by hand: no family, no personal data."""
    return render_pdf(INTERVIEW_TEMPLATE, empty_questionnaire_context(questionnaire, kind))


def questionnaire_filename(questionnaire: Questionnaire, kind: str) -> str:
    return pdf_filename(_("questionnaire"), None, questionnaire.code, questionnaire.version, kind)
