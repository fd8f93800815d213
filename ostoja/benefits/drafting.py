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
from ostoja.benefits.models import Assessment, DecisionKind, PaymentMethod, Relief
from ostoja.benefits.reasons import reason_texts
from ostoja.benefits.repayment import instalment_plan
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
# "art. 6 ust. 1 pkt 1 i art. 6 ust. 2 pkt 2", "art. 3 pkt 1, art. 5 ust. 1": where one reason
# cites two articles; "art. 110 ust. 1 i 7" is one provision.
_SEVERAL_ARTICLES = re.compile(r"\s*(?:,|\bi\b|\boraz\b)\s*(?=art\.\s)")
_UNIT_NUMBER = re.compile(r"(\d+)([a-z]*)")

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
    # Art. 98 (undue benefits are repaid) with art. 104 ust. 3 (the amount and the deadline
    # fixed by a decision) and ust. 4 (waiver, deferral, instalments, abandonment), which
    # art. 98 applies to them.
    ("ups", DecisionKind.UNDUE): ("art. 98", "art. 104 ust. 3", "art. 110 ust. 1 i 7"),
    ("ups", DecisionKind.RELIEF): ("art. 98", "art. 104 ust. 4", "art. 110 ust. 1 i 7"),
    ("usr", DecisionKind.GRANT): ("art. 20 ust. 2",),
    ("usr", DecisionKind.REFUSAL): ("art. 20 ust. 2",),
    ("usr", DecisionKind.CHANGE): ("art. 32 ust. 1", "art. 20 ust. 2"),
    ("usr", DecisionKind.REVOCATION): ("art. 32 ust. 1", "art. 20 ust. 2"),
    ("usr", DecisionKind.SUSPENSION): ("art. 32 ust. 1", "art. 20 ust. 2"),
    ("usr", DecisionKind.RESUMPTION): ("art. 32 ust. 1", "art. 20 ust. 2"),
    ("usr", DecisionKind.UNDUE): ("art. 30 ust. 1", "art. 20 ust. 2"),
    # The relief in repaying an undue family benefit: art. 30 ust. 9 u.ś.r. as the commentaries
    # cite it; the paragraph's number is not confirmed in the text of the act we hold.
    ("usr", DecisionKind.RELIEF): ("art. 30 ust. 9", "art. 20 ust. 2"),
}
KPA_PROVISIONS: dict[str, tuple[str, ...]] = {
    DecisionKind.DISCONTINUANCE: ("art. 105 § 1",),
}
KPA_DEFAULT = ("art. 104",)
# Kinds whose legal basis leaves out the benefits' own articles: a discontinuance grants
# nothing, a relief is about a debt, not the benefit.
KINDS_CITING_NO_BENEFIT = (DecisionKind.DISCONTINUANCE, DecisionKind.RELIEF)


@dataclass(frozen=True)
class RepaymentTerms:
    """What an undue-benefit or a relief decision fixes (`Decision.repay_by` …); `owed` is
    what is still owed on the day of a relief, as the recovery's ledger counts it."""

    repay_by: datetime.date | None = None
    instalments: int = 1
    interest_from: datetime.date | None = None
    relief: str = ""
    relief_amount: Decimal | None = None
    owed: Decimal | None = None


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
    """The provisions the reasons cite, by act, in the order first cited, each once; a reason
    citing two articles at once ("art. 6 ust. 1 pkt 1 i art. 6 ust. 2 pkt 2") gives two."""
    by_act: dict[str, list[str]] = defaultdict(list)
    for reason in reasons:
        match = _ARTICLE.match(str(reason.get("article", "")))
        if match is None:
            continue
        act = ACT_ABBREVIATIONS[match["act"]]
        for provision in _SEVERAL_ARTICLES.split(match["provision"].strip()):
            if provision not in by_act[act]:
                by_act[act].append(provision)
    return dict(by_act)


def _statute_order(provision: str) -> list[tuple[int, str]]:
    """The order of the statute: "art. 5 ust. 1" before "art. 5 ust. 3", "art. 12" before
    "art. 12a", "art. 38" before "art. 106"."""
    return [(int(number), letter) for number, letter in _UNIT_NUMBER.findall(provision)]


def _in_statute_order(provisions: Iterable[str]) -> list[str]:
    """The provisions sorted as the statute runs, a provision dropped where a unit of it is
    cited too ("art. 6 ust. 1" beside "art. 6 ust. 1 pkt 1")."""
    unique = list(dict.fromkeys(provisions))
    specific = [
        provision
        for provision in unique
        if not any(other.startswith(f"{provision} ") for other in unique)
    ]
    return sorted(specific, key=_statute_order)


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
        if kind not in KINDS_CITING_NO_BENEFIT and not covered:
            own.insert(0, article)
    for provision in PROCEDURAL.get((act, kind), ()):
        if provision not in own:
            own.append(provision)
    kpa = cited.setdefault("kpa", [])
    for provision in KPA_PROVISIONS.get(kind, KPA_DEFAULT):
        if provision not in kpa:
            kpa.append(provision)
    order = [act, *(code for code in ("ups", "usr") if code != act), "kpa"]
    parts = [
        f"{_join(_in_statute_order(cited[code]))} {citation(code, day)}"
        for code in order
        if cited.get(code)
    ]
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


# The supplements to the family allowance (art. 8 u.ś.r.) as the operative part names them
# after "wraz z dodatkiem", by the rules' ids (`zasilek_rodzinny.dodatek.<id>`).
SUPPLEMENT_FORMS = {
    "urodzenie_dziecka": "z tytułu urodzenia dziecka",
    "opieka_w_okresie_urlopu_wychowawczego": (
        "z tytułu opieki nad dzieckiem w okresie korzystania z urlopu wychowawczego"
    ),
    "samotne_wychowywanie": "z tytułu samotnego wychowywania dziecka",
    "wielodzietnosc": "z tytułu wychowywania dziecka w rodzinie wielodzietnej",
    "ksztalcenie_rehabilitacja": "z tytułu kształcenia i rehabilitacji dziecka niepełnosprawnego",
    "rozpoczecie_roku_szkolnego": "z tytułu rozpoczęcia roku szkolnego",
    "nauka_poza_miejscem_zamieszkania_zamieszkanie": (
        "z tytułu podjęcia przez dziecko nauki w szkole poza miejscem zamieszkania "
        "(zamieszkiwanie w miejscowości szkoły)"
    ),
    "nauka_poza_miejscem_zamieszkania_dojazd": (
        "z tytułu podjęcia przez dziecko nauki w szkole poza miejscem zamieszkania "
        "(dojazd do miejscowości szkoły)"
    ),
}
_SUPPLEMENT_REASON = "zasilek_rodzinny.dodatek."


def supplements_granted(assessment: Assessment | None) -> list[str]:
    """The supplements the assessment found due (a reason with an amount above zero), each
    once, in the order of art. 8 u.ś.r."""
    if assessment is None:
        return []
    due = set()
    for reason in assessment.result.get("reasons", []):
        code = str(reason.get("code") or "")
        supplement = code.removeprefix(_SUPPLEMENT_REASON)
        amount = Decimal(str((reason.get("facts") or {}).get("kwota") or 0))
        if code.startswith(_SUPPLEMENT_REASON) and supplement in SUPPLEMENT_FORMS and amount > 0:
            due.add(supplement)
    return [supplement for supplement in SUPPLEMENT_FORMS if supplement in due]


def _with_supplements(supplements: Sequence[str]) -> str:
    """ " wraz z dodatkiem z tytułu …" or " wraz z dodatkami: z tytułu …, z tytułu …"."""
    if not supplements:
        return ""
    forms = [SUPPLEMENT_FORMS[supplement] for supplement in supplements]
    if len(forms) == 1:
        return f" wraz z dodatkiem {forms[0]}"
    return f" wraz z dodatkami: {', '.join(forms)}"


def _granted(line: Line, party: Person, supplements: Sequence[str] = ()) -> str:
    benefit = spec(line.benefit)
    text = BENEFIT_FORMS[line.benefit][0]
    if line.benefit == "zasilek_rodzinny":
        text += _with_supplements(supplements)
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
    supplements: Sequence[str] = (),
    terms: RepaymentTerms | None = None,
) -> str:
    """The ruling, in numbered points where there are several benefits; the family allowance
    with the supplements granted with it; an undue benefit or a relief with its terms."""
    terms = terms or RepaymentTerms()
    dative = _party(party, Case.DATIVE)
    if kind in (DecisionKind.GRANT, DecisionKind.RESUMPTION):
        verb = "Przyznaje się" if kind == DecisionKind.GRANT else "Wznawia się wypłatę i przyznaje"
        points = [
            _sentence(f"{verb} {dative} {_granted(line, party, supplements)}") for line in lines
        ]
    elif kind == DecisionKind.REFUSAL:
        names = _join([BENEFIT_FORMS[code][1] for code in benefits])
        points = [f"Odmawia się {dative} przyznania {names}."]
    elif kind == DecisionKind.CHANGE:
        since = f" od {polish_date(effective_from)}" if effective_from else ""
        points = [
            _sentence(
                f"Zmienia się decyzję nr {changes_number}{since} w ten sposób, że przyznaje się "
                f"{dative} {_granted(line, party, supplements)}"
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
    elif kind == DecisionKind.RELIEF:
        points = [_relief_point(party, changes_number, terms)]
    else:
        total = sum((line.amount or Decimal(0) for line in lines), Decimal(0))
        points = [
            f"Ustala się, że {_party(party, Case.NOMINATIVE)} "
            f"{_past(party, 'pobrał', 'pobrała')} nienależnie "
            f"{_join([BENEFIT_FORMS[code][0] for code in benefits]) or 'świadczenie'} "
            f"w kwocie {amount_with_words(total)}.",
            _sentence(
                f"Zobowiązuje się {_party(party, Case.ACCUSATIVE)} do zwrotu tej kwoty "
                f"{_repayment(total, terms)}"
            ),
        ]
    if len(points) == 1:
        return points[0]
    return "\n".join(f"{index}. {point}" for index, point in enumerate(points, start=1))


def _repayment(total: Decimal, terms: RepaymentTerms) -> str:
    """ "w terminie do dnia 31 stycznia 2027 r." or "w 3 miesięcznych ratach …", with the
    statutory interest of a family benefit (art. 30 ust. 1 u.ś.r.)."""
    text = _deadline_or_instalments(total, terms.repay_by, terms.instalments)
    if terms.interest_from is not None:
        text += (
            " wraz z odsetkami ustawowymi za opóźnienie liczonymi od dnia "
            f"{polish_date(terms.interest_from)} do dnia zwrotu"
        )
    return text


def _deadline_or_instalments(
    total: Decimal, repay_by: datetime.date | None, instalments: int
) -> str:
    if repay_by is None:
        return "w terminie wskazanym przez organ"
    plan = instalment_plan(total, instalments, repay_by)
    count = len(plan) if plan else instalments
    if count <= 1:
        return f"w terminie do dnia {polish_date(repay_by)}"
    text = (
        f"w {count} ratach miesięcznych, z których pierwsza jest płatna do dnia "
        f"{polish_date(repay_by)}, a każda następna do tego samego dnia kolejnego miesiąca"
    )
    if not plan:
        return text
    text += "; "
    if plan[0].amount == plan[-1].amount:
        return text + f"każda rata wynosi {polish_amount(plan[0].amount)}"
    return (
        text + f"raty wynoszą po {polish_amount(plan[0].amount)}, "
        f"ostatnia {polish_amount(plan[-1].amount)}"
    )


def _relief_point(party: Person, number: str, terms: RepaymentTerms) -> str:
    """Art. 104 ust. 4 u.p.s. (by art. 98): waiving in whole or in part, deferring, spreading
    into instalments, or abandoning the demand for what decision `number` fixed. The debt is
    the object of "umarza się" and "rozkłada się" (accusative), and of "zwrotu" (genitive)."""
    dative = _party(party, Case.DATIVE)
    source = "z tytułu nienależnie pobranego świadczenia"
    debt_acc = f"należność {source} ustaloną decyzją nr {number}"
    debt_gen = f"należności {source} ustalonej decyzją nr {number}"
    owed = polish_amount(terms.owed) if terms.owed else ""
    owed_acc = f", pozostałą do zwrotu w kwocie {owed}," if owed else ""
    owed_gen = f", pozostałej do zwrotu w kwocie {owed}," if owed else ""
    if terms.relief == Relief.WAIVER and terms.relief_amount is not None:
        return (
            f"Umarza się {dative} w części, w kwocie {amount_with_words(terms.relief_amount)}, "
            f"{debt_acc}."
        )
    if terms.relief == Relief.WAIVER:
        return f"Umarza się {dative} w całości {debt_acc}{owed_acc.rstrip(',')}."
    if terms.relief == Relief.ABANDONMENT:
        return f"Odstępuje się od żądania od {_party(party, Case.GENITIVE)} zwrotu {debt_gen}."
    if terms.relief == Relief.DEFERRAL:
        deadline = polish_date(terms.repay_by) if terms.repay_by else "…"
        return _sentence(
            f"Odracza się {dative} termin zwrotu {debt_gen}{owed_gen} do dnia {deadline}"
        )
    rest = terms.owed or Decimal(0)
    return (
        f"Rozkłada się {dative} na raty {debt_acc}{owed_acc.rstrip(',')}: "
        f"{_deadline_or_instalments(rest, terms.repay_by, terms.instalments)}."
    )


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
    if result.get("income") is None:
        return []
    if assessment.period_kind == "rok_bazowy":
        return [_base_year_sentence(assessment)]
    # Social assistance compares the family's income in the month with the family's criterion
    # (art. 8 ust. 1 u.p.s.: the per-person criterion times the members).
    income = result["income"]
    per_person = result.get("income_per_person")
    criterion = result.get("criterion")
    sentence = f"Dochód rodziny {polish_in_month(assessment.period_start)} wyniósł "
    sentence += polish_amount(income)
    if per_person is not None and per_person != income:
        sentence += f", tj. {polish_amount(per_person)} na osobę"
    if criterion is not None:
        sentence += f", przy kryterium dochodowym {polish_amount(criterion)}"
    return [sentence + "."]


def _base_year_sentence(assessment: Assessment) -> str:
    """Family benefits compare the family's average monthly income of the base year per person
    with a per-person threshold (art. 5 ust. 1–2 u.ś.r.; art. 3 pkt 1–2 for the income and the
    base year). The threshold is the one the reasons give (`prog`), which the result's
    `criterion` (the threshold times the members, art. 5 ust. 3) is not."""
    result = assessment.result
    income = result["income"]
    per_person = result.get("income_per_person")
    year = assessment.period_start.year
    sentence = (
        f"Przeciętny miesięczny dochód rodziny z roku kalendarzowego {year} wyniósł "
        f"{polish_amount(income)}"
    )
    if per_person is not None and per_person != income:
        sentence += f", tj. {polish_amount(per_person)} na osobę w rodzinie"
    threshold = _threshold(result.get("reasons", []))
    if threshold is not None:
        sentence += f", przy kryterium dochodowym {polish_amount(threshold)} na osobę"
    return sentence + "."


def _threshold(reasons: Iterable[Mapping[str, Any]]) -> Any:
    """The per-person income threshold the reasons name, if any."""
    for reason in reasons:
        threshold = (reason.get("facts") or {}).get("prog")
        if threshold is not None:
            return threshold
    return None


def justification_law(assessment: Assessment | None) -> str:
    """Each reason of the assessment in Polish with its provision, one per paragraph, the
    members named (`reasons`)."""
    if assessment is None:
        return ""
    paragraphs = []
    for reason, text in reason_texts(assessment):
        if not text:
            continue
        article = str(reason.get("article") or "").strip()
        if article and article not in text:
            text = f"{text.rstrip('.')} ({article})."
        paragraphs.append(text)
    return "\n".join(paragraphs)


# The law an undue-benefit or a relief decision applies, in our words (the provisions are
# paraphrased, not quoted): art. 6 pkt 16, art. 98 and art. 104 ust. 3 and 4 u.p.s.; art. 30
# u.ś.r. The facts (what was untrue, what change went unreported) are the clerk's to write.
REPAYMENT_LAW: dict[tuple[str, str], str] = {
    ("ups", DecisionKind.UNDUE): (
        "Zgodnie z art. 6 pkt 16 ustawy o pomocy społecznej świadczeniem nienależnie pobranym "
        "jest świadczenie pieniężne uzyskane na podstawie nieprawdziwych informacji lub "
        "niezgłoszenia zmian w sytuacji osobowej lub materialnej. Osoba, która pobrała "
        "świadczenie nienależnie, jest obowiązana do jego zwrotu bez względu na dochód (art. 98 "
        "ustawy). Kwotę do zwrotu i termin jej zwrotu ustala się w drodze decyzji (art. 104 "
        "ust. 3 ustawy)."
    ),
    ("usr", DecisionKind.UNDUE): (
        "Zgodnie z art. 30 ust. 1 ustawy o świadczeniach rodzinnych osoba, która pobrała "
        "nienależnie świadczenia rodzinne, jest obowiązana do ich zwrotu wraz z odsetkami "
        "ustawowymi za opóźnienie. Kwotę do zwrotu ustala się w drodze decyzji."
    ),
    ("ups", DecisionKind.RELIEF): (
        "Zgodnie z art. 104 ust. 4 w związku z art. 98 ustawy o pomocy społecznej w przypadkach "
        "szczególnie uzasadnionych, zwłaszcza ze względu na sytuację osoby zobowiązanej, organ "
        "może umorzyć kwotę nienależnie pobranego świadczenia w całości lub w części, odroczyć "
        "termin jej zwrotu, rozłożyć ją na raty lub odstąpić od żądania jej zwrotu."
    ),
    ("usr", DecisionKind.RELIEF): (
        "Zgodnie z art. 30 ustawy o świadczeniach rodzinnych organ, który ustalił kwotę "
        "nienależnie pobranych świadczeń, może ją umorzyć łącznie z odsetkami w całości lub w "
        "części, odroczyć termin jej płatności albo rozłożyć ją na raty, gdy przemawia za tym "
        "sytuacja osoby zobowiązanej."
    ),
}


def repayment_law(kind: str, act: str) -> str:
    return REPAYMENT_LAW.get((act, kind), "")


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
    terms: RepaymentTerms | None = None,
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
            supplements=supplements_granted(assessment),
            terms=terms,
        ),
        justification_facts=justification_facts(
            kind=kind,
            party=party,
            received_on=received_on,
            benefits=benefits,
            assessment=assessment,
            interview_on=interview_on,
        ),
        justification_law=justification_law(assessment) or repayment_law(kind, act),
        appeal_instruction=appeal_instruction(),
        distribution=distribution(party=party, pays=pays),
    )
