"""The first draft of a decision's text (art. 107 § 1 and § 3 k.p.a.), from its assessment.

The clerk edits every part before sending the draft for signature; what is generated here is the
usual wording of a Polish social-assistance or family-benefit decision with the figures and the
provisions of the assessment, so that nothing is re-typed:
- the legal basis: the provisions behind every reason of the assessment and the procedural ones,
  grouped by act, each act cited with its consolidated text in force on the day;
- the operative part: what is granted (or refused, changed...), how much, for which period, and
  how it is paid; the party's name in the dative ("Pani Marii Lipowskiej");
- the justification: the facts (the application, the interview, the income against the
  criterion) and the law (each reason in Polish with its provision);
- the instruction on appeal (art. 107 § 1 pkt 7, art. 127 § 1–2, art. 127a, art. 129 k.p.a.)
  and the distribution list.

The Polish forms of the benefits' names (accusative after "przyznaje się", genitive after
"odmawia się przyznania") are written out by hand below.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings

from ostoja.benefits.catalogue import Frequency, spec
from ostoja.benefits.documents.declension import Case, decline_person, honorific
from ostoja.benefits.documents.words import amount_with_words
from ostoja.benefits.formatting import payment_words, polish_amount, polish_in_month, polish_period

# `polish_date` is imported under its own name as well: the re-indexation reads it from here.
from ostoja.benefits.formatting import polish_date as polish_date
from ostoja.benefits.legal_acts import citation
from ostoja.benefits.models import Assessment, DecisionKind, PaymentMethod
from ostoja.registry.models import Person

# (accusative, genitive) of each benefit's name, as the operative part writes them:
# "przyznaje się ... zasiłek okresowy" / "odmawia się przyznania zasiłku okresowego".
BENEFIT_FORMS: dict[str, tuple[str, str]] = {
    "zasilek_staly": ("zasiłek stały", "zasiłku stałego"),
    "zasilek_okresowy": ("zasiłek okresowy", "zasiłku okresowego"),
    "zasilek_celowy": ("zasiłek celowy", "zasiłku celowego"),
    "specjalny_zasilek_celowy": ("specjalny zasiłek celowy", "specjalnego zasiłku celowego"),
    "posilek": ("pomoc w formie posiłku", "pomocy w formie posiłku"),
    "schronienie": ("pomoc w formie schronienia", "pomocy w formie schronienia"),
    "ubranie": ("pomoc w formie niezbędnego ubrania", "pomocy w formie niezbędnego ubrania"),
    "uslugi_opiekuncze": ("usługi opiekuńcze", "usług opiekuńczych"),
    "sprawienie_pogrzebu": (
        "pomoc w formie sprawienia pogrzebu",
        "pomocy w formie sprawienia pogrzebu",
    ),
    "praca_socjalna": ("pracę socjalną", "pracy socjalnej"),
    "dps": ("pobyt w domu pomocy społecznej", "pobytu w domu pomocy społecznej"),
    "zasilek_rodzinny": ("zasiłek rodzinny", "zasiłku rodzinnego"),
    "becikowe": (
        "jednorazową zapomogę z tytułu urodzenia się dziecka",
        "jednorazowej zapomogi z tytułu urodzenia się dziecka",
    ),
    "zasilek_pielegnacyjny": ("zasiłek pielęgnacyjny", "zasiłku pielęgnacyjnego"),
    "swiadczenie_pielegnacyjne": ("świadczenie pielęgnacyjne", "świadczenia pielęgnacyjnego"),
}

# The abbreviations the rules' reasons cite each act by, and the acts' codes.
ACT_ABBREVIATIONS = {"u.p.s.": "ups", "u.ś.r.": "usr", "k.p.a.": "kpa"}
_ARTICLE = re.compile(r"^\s*(?P<provision>art\.\s.+?)\s+(?P<act>u\.p\.s\.|u\.ś\.r\.|k\.p\.a\.)\s*$")

# The provisions every decision of a kind rests on besides the reasons of its assessment.
# u.p.s.: art. 106 ust. 1 (help is granted by a decision), art. 106 ust. 3 (cash benefits
# from the month of the application), art. 106 ust. 5 (change or revocation without consent),
# art. 110 ust. 1 and 7 (the centre's head decides on the mayor's authorisation) [M];
# u.ś.r.: art. 20 ust. 2 (the mayor decides, the centre's head on his authorisation) [M];
# k.p.a.: art. 104 (a decision settles the case), art. 105 § 1 (discontinuance).
PROCEDURAL: dict[tuple[str, str], tuple[str, ...]] = {
    ("ups", DecisionKind.GRANT): ("art. 106 ust. 1", "art. 110 ust. 1 i 7"),
    ("ups", DecisionKind.REFUSAL): ("art. 106 ust. 1", "art. 110 ust. 1 i 7"),
    ("ups", DecisionKind.CHANGE): ("art. 106 ust. 5", "art. 110 ust. 1 i 7"),
    ("ups", DecisionKind.REVOCATION): ("art. 106 ust. 5", "art. 110 ust. 1 i 7"),
    ("ups", DecisionKind.SUSPENSION): ("art. 106 ust. 5", "art. 110 ust. 1 i 7"),
    ("ups", DecisionKind.RESUMPTION): ("art. 106 ust. 5", "art. 110 ust. 1 i 7"),
    ("ups", DecisionKind.UNDUE): ("art. 104 ust. 1", "art. 110 ust. 1 i 7"),
    ("usr", DecisionKind.GRANT): ("art. 20 ust. 2",),
    ("usr", DecisionKind.REFUSAL): ("art. 20 ust. 2",),
    ("usr", DecisionKind.CHANGE): ("art. 32 ust. 1", "art. 20 ust. 2"),
    ("usr", DecisionKind.REVOCATION): ("art. 32 ust. 1", "art. 20 ust. 2"),
    ("usr", DecisionKind.SUSPENSION): ("art. 32 ust. 1", "art. 20 ust. 2"),
    ("usr", DecisionKind.RESUMPTION): ("art. 32 ust. 1", "art. 20 ust. 2"),
    ("usr", DecisionKind.UNDUE): ("art. 30 ust. 1", "art. 20 ust. 2"),
}
KPA_PROVISIONS: dict[str, tuple[str, ...]] = {
    DecisionKind.DISCONTINUANCE: ("art. 105 § 1",),
}
KPA_DEFAULT = ("art. 104",)


class Line(Protocol):
    """What the drafting reads of a line of the operative part."""

    benefit: str
    person: Person
    amount: Decimal | None
    purpose: str
    period_from: datetime.date
    period_to: datetime.date | None
    payee: Person
    method: str
    account: str


@dataclass(frozen=True)
class DraftTexts:
    legal_basis: str
    operative: str
    justification_facts: str
    justification_law: str
    appeal_instruction: str
    distribution: str


def _name(person: Person, case: Case) -> str:
    return decline_person(
        first_name=person.first_names, last_name=person.surname, sex=person.sex, case=case
    ).text


def _party(person: Person, case: Case) -> str:
    """ "Pani Marii Lipowskiej": the party addressed with the honorific, in the case."""
    return f"{honorific(person.sex, case)} {_name(person, case)}"


def _past(person: Person, masculine: str, feminine: str) -> str:
    """The past tense agrees with the party's sex: "złożyła" / "złożył"."""
    return feminine if person.sex == "K" else masculine


# ---------------------------------------------------------------------------------------------
# The legal basis
# ---------------------------------------------------------------------------------------------


def provisions_of(reasons: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The provisions the reasons cite, by act, in the order first cited, each once."""
    by_act: dict[str, list[str]] = defaultdict(list)
    for reason in reasons:
        match = _ARTICLE.match(str(reason.get("article", "")))
        if match is None:
            continue
        act = ACT_ABBREVIATIONS[match["act"]]
        provision = match["provision"].strip()
        if provision not in by_act[act]:
            by_act[act].append(provision)
    return dict(by_act)


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " i " + items[-1]


def legal_basis(
    *,
    kind: str,
    act: str,
    day: datetime.date,
    benefits: Iterable[str],
    reasons: Iterable[Mapping[str, Any]] = (),
) -> str:
    """ "Na podstawie art. 38 ust. 1, art. 106 ust. 1 … ustawy z dnia 12 marca 2004 r. o pomocy
    społecznej (Dz.U. …) oraz art. 104 ustawy z dnia 14 czerwca 1960 r. – Kodeks postępowania
    administracyjnego (Dz.U. …)"."""
    cited = provisions_of(reasons)
    own = cited.setdefault(act, [])
    for code in benefits:
        article = spec(code).article
        # "art. 38" goes first unless a reason already cites a unit of it ("art. 38 ust. 2").
        covered = any(p == article or p.startswith(f"{article} ") for p in own)
        if kind != DecisionKind.DISCONTINUANCE and not covered:
            own.insert(0, article)
    for provision in PROCEDURAL.get((act, kind), ()):
        if provision not in own:
            own.append(provision)
    kpa = cited.setdefault("kpa", [])
    for provision in KPA_PROVISIONS.get(kind, KPA_DEFAULT):
        if provision not in kpa:
            kpa.append(provision)
    order = [act, *(code for code in ("ups", "usr") if code != act), "kpa"]
    parts = [f"{_join(cited[code])} {citation(code, day)}" for code in order if cited.get(code)]
    return "Na podstawie " + " oraz ".join(parts)


# ---------------------------------------------------------------------------------------------
# The operative part
# ---------------------------------------------------------------------------------------------


def _period(line: Line) -> str:
    """The period as the ruling writes it: "od …" with no end, "na dzień …" for one day,
    "na okres od … do …"."""
    period = polish_period(line.period_from, line.period_to)
    if line.period_to is None:
        return period
    if line.period_to == line.period_from:
        return f"na dzień {period}"
    return f"na okres {period}"


def _sentence(text: str) -> str:
    """Ends the text with one full stop (a date already ends with "r.")."""
    return text if text.endswith(".") else f"{text}."


def _granted(line: Line, party: Person) -> str:
    benefit = spec(line.benefit)
    text = BENEFIT_FORMS[line.benefit][0]
    if line.person.pk != party.pk:
        text += f" na {_name(line.person, Case.ACCUSATIVE)}"
    if line.purpose:
        text += f" z przeznaczeniem na: {line.purpose}"
    if line.amount is not None:
        every = " miesięcznie" if benefit.frequency is Frequency.MONTHLY else ""
        text += f" w wysokości {amount_with_words(line.amount)}{every}"
    text += f" {_period(line)}"
    if benefit.cash and line.method != PaymentMethod.IN_KIND:
        text += f", płatny {payment_words(line.method, line.account)}"
    return text


def operative(
    *,
    kind: str,
    party: Person,
    lines: Sequence[Line],
    benefits: Sequence[str],
    changes_number: str = "",
    effective_from: datetime.date | None = None,
) -> str:
    """The ruling, in numbered points where there are several benefits."""
    dative = _party(party, Case.DATIVE)
    if kind in (DecisionKind.GRANT, DecisionKind.RESUMPTION):
        verb = "Przyznaje się" if kind == DecisionKind.GRANT else "Wznawia się wypłatę i przyznaje"
        points = [_sentence(f"{verb} {dative} {_granted(line, party)}") for line in lines]
    elif kind == DecisionKind.REFUSAL:
        names = _join([BENEFIT_FORMS[code][1] for code in benefits])
        points = [f"Odmawia się {dative} przyznania {names}."]
    elif kind == DecisionKind.CHANGE:
        since = f" od {polish_date(effective_from)}" if effective_from else ""
        points = [
            _sentence(
                f"Zmienia się decyzję nr {changes_number}{since} w ten sposób, że przyznaje się "
                f"{dative} {_granted(line, party)}"
            )
            for line in lines
        ]
    elif kind == DecisionKind.REVOCATION:
        since = f" z dniem {polish_date(effective_from)}" if effective_from else ""
        points = [_sentence(f"Uchyla się decyzję nr {changes_number}{since}")]
    elif kind == DecisionKind.SUSPENSION:
        since = f" od {polish_date(effective_from)}" if effective_from else ""
        points = [
            _sentence(
                f"Wstrzymuje się wypłatę świadczenia przyznanego decyzją nr {changes_number}{since}"
            )
        ]
    elif kind == DecisionKind.DISCONTINUANCE:
        names = _join([BENEFIT_FORMS[code][1] for code in benefits])
        points = [f"Umarza się postępowanie w sprawie przyznania {dative} {names}."]
    else:
        total = sum((line.amount or Decimal(0) for line in lines), Decimal(0))
        points = [
            f"Ustala się, że {_party(party, Case.NOMINATIVE)} "
            f"{_past(party, 'pobrał', 'pobrała')} nienależnie świadczenie "
            f"w kwocie {amount_with_words(total)} i zobowiązuje się do jego zwrotu."
        ]
    if len(points) == 1:
        return points[0]
    return "\n".join(f"{index}. {point}" for index, point in enumerate(points, start=1))


# ---------------------------------------------------------------------------------------------
# The justification
# ---------------------------------------------------------------------------------------------


def justification_facts(
    *,
    kind: str,
    party: Person,
    received_on: datetime.date | None,
    benefits: Sequence[str],
    assessment: Assessment | None,
    interview_on: datetime.date | None,
) -> str:
    sentences: list[str] = []
    names = _join([BENEFIT_FORMS[code][1] for code in benefits])
    if received_on is not None:
        sentences.append(
            f"W dniu {polish_date(received_on)} {_party(party, Case.NOMINATIVE)} "
            f"{_past(party, 'złożył', 'złożyła')} wniosek o przyznanie {names}."
        )
    if interview_on is not None:
        sentences.append(
            f"W dniu {polish_date(interview_on)} przeprowadzono rodzinny wywiad środowiskowy."
        )
    if assessment is not None:
        sentences.extend(_income_sentences(assessment))
    return " ".join(sentences)


def _income_sentences(assessment: Assessment) -> list[str]:
    result = assessment.result
    sentences = []
    start = assessment.period_start
    if assessment.period_kind == "rok_bazowy":
        where = f"w roku kalendarzowym {start.year}"
    else:
        where = polish_in_month(start)
    income = result.get("income")
    per_person = result.get("income_per_person")
    criterion = result.get("criterion")
    if income is not None:
        sentence = f"Dochód rodziny {where} wyniósł {polish_amount(income)}"
        if per_person is not None and per_person != income:
            sentence += f", tj. {polish_amount(per_person)} na osobę"
        if criterion is not None:
            sentence += f", przy kryterium dochodowym {polish_amount(criterion)}"
        sentences.append(sentence + ".")
    return sentences


def _member_names(assessment: Assessment) -> dict[str, str]:
    """The frozen household's member ids ("o1") with the names of the persons they stand for."""
    persons = {str(key): value for key, value in (assessment.persons or {}).items()}
    rows = Person.objects.filter(pk__in=persons.values()).values_list(
        "pk", "first_names", "surname"
    )
    names = {pk: f"{first} {surname}" for pk, first, surname in rows}
    return {member: names[pk] for member, pk in persons.items() if pk in names}


def justification_law(assessment: Assessment | None) -> str:
    """Each reason of the assessment in Polish with its provision, one per paragraph; a member
    the rules call by the frozen household's id ("o1") is named."""
    if assessment is None:
        return ""
    names = _member_names(assessment)
    paragraphs = []
    for reason in assessment.result.get("reasons", []):
        text = str(reason.get("text") or "").strip()
        if not text:
            continue
        for member, name in names.items():
            text = text.replace(f"„{member}”", f"„{name}”")
        article = str(reason.get("article") or "").strip()
        if article and article not in text:
            text = f"{text.rstrip('.')} ({article})."
        paragraphs.append(text)
    return "\n".join(paragraphs)


# ---------------------------------------------------------------------------------------------
# The instruction and the distribution list
# ---------------------------------------------------------------------------------------------


def appeal_instruction() -> str:
    """Art. 107 § 1 pkt 7, art. 127 § 1–2, art. 127a and art. 129 § 1–2 k.p.a."""
    board = settings.OSTOJA_APPEAL_BOARD
    centre = settings.OSTOJA_CENTRE_NAME_GENITIVE
    return (
        f"Od niniejszej decyzji przysługuje odwołanie do {board} za pośrednictwem "
        f"{centre} w terminie 14 dni od dnia jej doręczenia (art. 127 § 1 i 2 "
        "oraz art. 129 § 1 i 2 k.p.a.). W trakcie biegu terminu do wniesienia odwołania strona "
        "może zrzec się prawa do wniesienia odwołania wobec organu, który wydał decyzję; z dniem "
        "doręczenia organowi oświadczenia o zrzeczeniu się prawa do wniesienia odwołania przez "
        "ostatnią ze stron decyzja staje się ostateczna i prawomocna (art. 127a k.p.a.)."
    )


def distribution(*, party: Person, pays: bool) -> str:
    items = [f"{_party(party, Case.NOMINATIVE)} – strona", "a/a"]
    if pays:
        items.insert(1, "Księgowość – do realizacji")
    return "Otrzymują:\n" + "\n".join(f"{index}. {item}" for index, item in enumerate(items, 1))


# ---------------------------------------------------------------------------------------------
# Everything at once
# ---------------------------------------------------------------------------------------------


def draft_texts(
    *,
    kind: str,
    act: str,
    day: datetime.date,
    party: Person,
    lines: Sequence[Line],
    benefits: Sequence[str],
    assessment: Assessment | None = None,
    received_on: datetime.date | None = None,
    interview_on: datetime.date | None = None,
    changes_number: str = "",
    effective_from: datetime.date | None = None,
) -> DraftTexts:
    reasons = assessment.result.get("reasons", []) if assessment is not None else []
    pays = kind in (DecisionKind.GRANT, DecisionKind.CHANGE, DecisionKind.RESUMPTION) and any(
        spec(line.benefit).cash for line in lines
    )
    return DraftTexts(
        legal_basis=legal_basis(kind=kind, act=act, day=day, benefits=benefits, reasons=reasons),
        operative=operative(
            kind=kind,
            party=party,
            lines=lines,
            benefits=benefits,
            changes_number=changes_number,
            effective_from=effective_from,
        ),
        justification_facts=justification_facts(
            kind=kind,
            party=party,
            received_on=received_on,
            benefits=benefits,
            assessment=assessment,
            interview_on=interview_on,
        ),
        justification_law=justification_law(assessment),
        appeal_instruction=appeal_instruction(),
        distribution=distribution(party=party, pays=pays),
    )
