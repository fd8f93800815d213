"""Social work in the demo gmina Dębowo: case files, interviews, contracts, notes and referrals
for about a third of the client families, on top of the registry's demo (`seed_demo`).

Everything goes through the services, with the area's social worker as the actor, so that the
action records, the histories and the cooperation events are the ones a real office would have.
Dates are relative to the day the demo is loaded, so that the deadlines look alive whenever it
is loaded: a few interviews due in a few working days, a few overdue, some in progress, most
done; updates six months after the first interview where help is permanent. A fixed
`random.Random` and a stable order of the households make the same demo on every run for the
same day. The institutions' NIP and REGON numbers are synthetic, with correct check digits.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from ostoja.accounts.models import User
from ostoja.casework.models import (
    CaseFile,
    ContractEnd,
    ContractVariant,
    HelpReason,
    Interview,
    InterviewKind,
    NoteKind,
    Party,
    ReferralKind,
    SocialContract,
)
from ostoja.casework.services import cases as case_services
from ostoja.casework.services import contracts as contract_services
from ostoja.casework.services import interviews as interview_services
from ostoja.casework.services import notes as note_services
from ostoja.casework.services import referrals as referral_services
from ostoja.core.workdays import is_working_day, next_working_day
from ostoja.partners import demo as partners_demo
from ostoja.partners.models import Institution, InstitutionKind
from ostoja.registry.demo.clients import poorest_first
from ostoja.registry.models import Household, Income, Membership, Person, Relation

SEED = 8020
SHARE = 3  # one family in SHARE has a case file

WAGE_KINDS = {"wynagrodzenie", "dzialalnosc_gospodarcza", "gospodarstwo_rolne"}
DISABILITY_KINDS = {"renta", "zasilek_pielegnacyjny", "renta_socjalna"}
OLD_AGE_KINDS = {"emerytura"}


def _nip(stem: str) -> str:
    """A NIP from its nine first digits: the weighted sum mod 11 is the check digit."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(w * int(d) for w, d in zip(weights, stem, strict=True)) % 11
    if check == 10:  # pragma: no cover - the stems below are chosen not to give 10
        raise ValueError(stem)
    number = stem + str(check)
    assert stdnum_nip.is_valid(number)
    return number


def _regon(stem: str) -> str:
    return stem + stdnum_regon.calc_check_digit(stem)


# The demo directory: institutions a gmina's centre works with (synthetic names and numbers).
# The partners app's own demo institutions are added first; these complete the directory.
INSTITUTIONS: tuple[dict[str, Any], ...] = (
    {
        "name": "Gminna Komisja Rozwiązywania Problemów Alkoholowych w Dębowie",
        "kind": InstitutionKind.ALCOHOL_COMMISSION,
        "nip": _nip("631000011"),
        "regon": _regon("63100011"),
        "town": "Dębowo",
        "street": "Rynek",
        "house_number": "1",
        "postcode": "00-950",
        "offer": "Wnioski o zobowiązanie do leczenia odwykowego, rozmowy motywujące.",
    },
    {
        "name": "Punkt Konsultacyjny dla Osób Doznających Przemocy Domowej w Dębowie",
        "kind": InstitutionKind.INTERDISCIPLINARY_TEAM,
        "nip": _nip("631000022"),
        "regon": _regon("63100022"),
        "town": "Dębowo",
        "street": "Kościelna",
        "house_number": "3",
        "postcode": "00-950",
        "offer": "Dyżury psychologa i prawnika w czwartki 15–18; procedura „Niebieskie Karty”.",
    },
    {
        "name": "Caritas Diecezji – Parafialny Zespół Caritas w Dębowie",
        "kind": InstitutionKind.NGO,
        "nip": _nip("631000033"),
        "regon": _regon("63100033"),
        "town": "Dębowo",
        "street": "Kościelna",
        "house_number": "1",
        "postcode": "00-950",
        "offer": "Paczki żywnościowe, odzież, wyprawki szkolne.",
    },
    {
        "name": "Środowiskowy Dom Samopomocy w Dębówce",
        "kind": InstitutionKind.DAY_CENTRE,
        "nip": _nip("631000044"),
        "regon": _regon("63100044"),
        "town": "Dębówka",
        "house_number": "17",
        "postcode": "00-951",
        "offer": "Zajęcia dzienne dla osób z zaburzeniami psychicznymi, dowóz.",
    },
    {
        "name": "Dom Pomocy Społecznej w Zalesiu",
        "kind": InstitutionKind.CARE_HOME,
        "nip": _nip("631000055"),
        "regon": _regon("63100055"),
        "town": "Zalesie",
        "house_number": "40",
        "postcode": "00-952",
        "offer": "Całodobowa opieka dla osób w podeszłym wieku i przewlekle somatycznie chorych.",
    },
    {
        "name": "Powiatowe Centrum Pomocy Rodzinie w Lipowie",
        "kind": InstitutionKind.COUNTY_CENTRE,
        "nip": _nip("631000066"),
        "regon": _regon("63100066"),
        "town": "Lipowo",
        "street": "Szkolna",
        "house_number": "8",
        "offer": "Turnusy rehabilitacyjne, likwidacja barier, poradnictwo rodzinne.",
    },
)

REFERRAL_BY_REASON: dict[str, tuple[str, str, str]] = {
    # reason code → (referral kind, institution kind, purpose)
    "alkoholizm": (
        ReferralKind.ADDICTION_TREATMENT,
        InstitutionKind.ADDICTION_TREATMENT,
        "Terapia uzależnienia od alkoholu, konsultacja dla rodziny.",
    ),
    "przemoc_domowa": (
        ReferralKind.PSYCHOLOGIST,
        InstitutionKind.INTERDISCIPLINARY_TEAM,
        "Wsparcie psychologiczne i prawne osoby doznającej przemocy.",
    ),
    "bezrobocie": (
        ReferralKind.LABOUR_OFFICE,
        InstitutionKind.LABOUR_OFFICE,
        "Rejestracja jako bezrobotny, oferty pracy i szkolenia.",
    ),
    "wielodzietnosc": (
        ReferralKind.COUNSELLING,
        InstitutionKind.COUNSELLING,
        "Diagnoza trudności szkolnych dzieci, poradnictwo dla rodziców.",
    ),
    "niepelnosprawnosc": (
        ReferralKind.DAY_CENTRE,
        InstitutionKind.DAY_CENTRE,
        "Zajęcia dzienne w środowiskowym domu samopomocy.",
    ),
    "dlugotrwala_choroba": (
        ReferralKind.OTHER,
        InstitutionKind.COUNTY_CENTRE,
        "Dofinansowanie turnusu rehabilitacyjnego.",
    ),
    "ubostwo": (
        ReferralKind.NGO,
        InstitutionKind.NGO,
        "Paczka żywnościowa i odzież dla rodziny.",
    ),
}

# How the interviews of a case stand on the day of loading.
STORIES = ("due_soon", "overdue", "in_progress", "refused", "not_possible", "done", "recent")

PLACES = ("w miejscu zamieszkania", "w mieszkaniu rodziny", "w domu osoby zainteresowanej")


@dataclass
class Family:
    """What the demo needs to know about a household to make its social work believable."""

    household: Household
    members: list[Membership]
    income_kinds: set[str] = field(default_factory=set)

    @property
    def head(self) -> Person:
        for member in self.members:
            if member.relation == Relation.APPLICANT:
                return member.person
        return self.members[0].person

    def children(self, today: datetime.date) -> list[Person]:
        return [
            m.person
            for m in self.members
            if m.relation in (Relation.CHILD, Relation.GRANDCHILD) and m.person.age_on(today) < 18
        ]

    def adults(self, today: datetime.date) -> list[Person]:
        return [m.person for m in self.members if m.person.age_on(today) >= 18]

    def head_since(self) -> datetime.date:
        """The day from which the head is in the family: the case cannot be older."""
        return next(m.valid_from for m in self.members if m.person_id == self.head.pk)


def working_day_before(day: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day before `day`."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def months_ago(today: datetime.date, months: int) -> datetime.date:
    return today - datetime.timedelta(days=round(months * 30.44))


class CaseworkDemo:
    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not a secret
        self.reasons = {r.code: r for r in HelpReason.objects.filter(active=True)}
        self.counts: dict[str, int] = {}
        self.institutions: dict[str, list[Institution]] = {}
        self.violence_note_written = False
        self.broken_contract = False
        self.achieved_contract = False
        self.draft_contract = False
        self.case_number = 0
        self.referral_number = 0

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    # -----------------------------------------------------------------------------------------
    # The directory
    # -----------------------------------------------------------------------------------------

    def directory(self) -> None:
        partners_demo.seed(self.today)
        for fields in INSTITUTIONS:
            if Institution.objects.filter(nip=fields["nip"]).exists():
                continue
            institution = Institution(**fields)
            institution.full_clean()
            institution.save()
        for institution in Institution.objects.filter(active=True).order_by("pk"):
            self.institutions.setdefault(institution.kind, []).append(institution)

    # -----------------------------------------------------------------------------------------
    # Families
    # -----------------------------------------------------------------------------------------

    def families(self) -> list[Family]:
        """The client families: mostly the poorest of the gmina, as the centre's clients are
        (three in four of them taken by the lowest income per person of last month), the rest
        drawn from the others (help for a disability, an addiction, violence or old age does
        not depend on income)."""
        households = list(
            Household.objects.filter(area__isnull=False).select_related("area").order_by("pk")
        )
        count = len(households) // SHARE
        poorest = poorest_first(households, self.today)
        by_income = poorest[: count * 3 // 4]
        others = self.rng.sample(poorest[len(by_income) :], count - len(by_income))
        chosen = sorted([*by_income, *others], key=lambda h: h.pk)
        by_pk = {h.pk: Family(household=h, members=[]) for h in chosen}
        members = (
            Membership.objects.current_on(self.today)
            .filter(household_id__in=by_pk)
            .select_related("person")
            .order_by("household_id", "pk")
        )
        for membership in members:
            by_pk[membership.household_id].members.append(membership)
        person_family = {m.person_id: f for f in by_pk.values() for m in f.members}
        kinds = (
            Income.objects.filter(person_id__in=person_family)
            .values_list("person_id", "kind_id")
            .distinct()
        )
        for person_id, kind in kinds:
            person_family[person_id].income_kinds.add(kind)
        return [f for f in by_pk.values() if f.members]

    def reasons_for(self, family: Family) -> list[HelpReason]:
        codes: list[str] = []
        if self.rng.random() < 0.8:
            codes.append("ubostwo")
        adults = family.adults(self.today)
        working_age = [p for p in adults if p.age_on(self.today) < 65]
        if working_age and not family.income_kinds & WAGE_KINDS:
            codes.append("bezrobocie")
        if family.income_kinds & DISABILITY_KINDS or self.rng.random() < 0.1:
            codes.append(self.rng.choice(["niepelnosprawnosc", "dlugotrwala_choroba"]))
        if len(family.children(self.today)) >= 3:
            codes.append("wielodzietnosc")
        if working_age and self.rng.random() < 0.07:
            codes.append("alkoholizm")
        if working_age and len(family.members) > 1 and self.rng.random() < 0.05:
            codes.append("przemoc_domowa")
        if not codes:
            codes.append(
                "dlugotrwala_choroba" if family.income_kinds & OLD_AGE_KINDS else "ubostwo"
            )
        return [self.reasons[c] for c in dict.fromkeys(codes) if c in self.reasons]

    # -----------------------------------------------------------------------------------------
    # One case
    # -----------------------------------------------------------------------------------------

    def run(self) -> str:
        self.directory()
        for family in self.families():
            self.case(family)
        return (
            "casework: {cases} case files, {interviews} interviews, {contracts} contracts, "
            "{notes} notes, {referrals} referrals, {institutions} institutions".format(
                cases=self.counts.get("case", 0),
                interviews=Interview.objects.count(),
                contracts=SocialContract.objects.count(),
                notes=self.counts.get("note", 0),
                referrals=self.counts.get("referral", 0),
                institutions=Institution.objects.count(),
            )
        )

    def case(self, family: Family) -> None:
        household = family.household
        workers = case_services.social_workers_of(household)
        if not workers:
            return
        worker = workers[household.pk % len(workers)]
        self.case_number += 1
        # The interviews' story: a few new families with the first interview still to do, a
        # few refusals or interviews not possible, most with an interview done.
        story = self.rng.choices(STORIES, weights=[8, 5, 6, 3, 2, 70, 6])[0]
        if self.case_number <= len(STORIES):  # every story at least once, whatever the draw
            story = STORIES[self.case_number - 1]
        if story == "due_soon":
            need_known_on = working_day_before(self.today, self.rng.randint(6, 12))
        elif story == "overdue":
            need_known_on = working_day_before(self.today, self.rng.randint(16, 24))
        elif story in ("in_progress", "refused", "not_possible"):
            need_known_on = working_day_before(self.today, self.rng.randint(4, 10))
        elif story == "recent":
            need_known_on = working_day_before(self.today, self.rng.randint(8, 14))
        else:
            need_known_on = months_ago(self.today, self.rng.randint(1, 36))
        opened_on = max(need_known_on, family.head_since())
        if opened_on > self.today:  # pragma: no cover - members joined before the demo's day
            return
        need_known_on = opened_on
        case = case_services.case_open(
            actor=worker,
            household=household,
            opened_on=opened_on,
            reasons=self.reasons_for(family),
            worker=worker,
        )
        self.count("case")
        reason_codes = {r.reason.code for r in case.reasons.select_related("reason")}
        if story in ("done", "recent"):
            interview = self.full_interview(case, worker, family, need_known_on)
            if interview is not None and interview.conducted_on is not None:
                self.permanent_help(case, worker, family, interview)
                self.contract(case, worker, family, interview.conducted_on, reason_codes)
        else:
            self.open_interview(case, worker, family, story, need_known_on)
        self.notes(case, worker, family, reason_codes)
        self.referral(case, worker, family, reason_codes)

    # -----------------------------------------------------------------------------------------
    # Interviews
    # -----------------------------------------------------------------------------------------

    def plan(
        self,
        case: CaseFile,
        worker: User,
        kind: str,
        need_known_on: datetime.date,
        based_on: Interview | None = None,
    ) -> Interview:
        urgent = kind == InterviewKind.FULL and self.rng.random() < 0.05
        planned = next_working_day(need_known_on + datetime.timedelta(days=self.rng.randint(1, 6)))
        return interview_services.interview_plan(
            actor=worker,
            case=case,
            kind=kind,
            need_known_on=need_known_on,
            urgent=urgent,
            planned_on=planned,
            worker=worker,
            based_on=based_on,
        )

    def open_interview(
        self,
        case: CaseFile,
        worker: User,
        family: Family,
        story: str,
        need_known_on: datetime.date,
    ) -> None:
        interview = self.plan(case, worker, InterviewKind.FULL, need_known_on)
        if story == "in_progress":
            interview = interview_services.interview_start(
                actor=worker, interview=interview, version=interview.version
            )
            answers = self.full_answers(family, interview.need_known_on)
            partial = {k: v for k, v in answers.items() if k.startswith(("I.A", "I.B", "I.C"))}
            interview_services.interview_save_answers(
                actor=worker, interview=interview, base_version=interview.version, answers=partial
            )
        elif story == "refused":
            refused_on = min(self.today, next_working_day(need_known_on))
            interview_services.interview_record_refusal(
                actor=worker,
                case=case,
                interview=interview,
                refused_on=refused_on,
                circumstances=(
                    "Osoba zainteresowana nie wpuściła pracownika socjalnego do mieszkania i "
                    "oświadczyła, że nie zgadza się na przeprowadzenie wywiadu."
                ),
                assessment=(
                    "Odmowa nieuzasadniona: stan zdrowia ani inne okoliczności nie "
                    "uniemożliwiały przeprowadzenia wywiadu."
                ),
            )
        elif story == "not_possible":
            day = need_known_on
            for note in (
                "Nikt nie otworzył drzwi; pozostawiono zawiadomienie o terminie wizyty.",
                "Ponownie nikt nie otworzył; według sąsiadów rodzina wyjechała do pracy za "
                "granicę.",
            ):
                day = min(self.today, next_working_day(day + datetime.timedelta(days=1)))
                interview_services.interview_record_attempt(
                    actor=worker,
                    interview=interview,
                    attempted_on=day,
                    place=family.household.town,
                    note=note,
                )
            interview_services.interview_mark_not_possible(
                actor=worker,
                interview=interview,
                note="Rodzina nie przebywa pod wskazanym adresem; brak kontaktu telefonicznego.",
            )

    def conduct(
        self, interview: Interview, worker: User, answers: dict[str, Any], latest: datetime.date
    ) -> Interview:
        """Start, fill, complete and (mostly) sign and close an interview, conducted on a
        working day before its deadline and not after `latest`."""
        interview = interview_services.interview_start(
            actor=worker, interview=interview, version=interview.version
        )
        interview = interview_services.interview_save_answers(
            actor=worker, interview=interview, base_version=interview.version, answers=answers
        )
        conducted_on = interview.planned_on or interview.need_known_on
        conducted_on = min(conducted_on, interview.due_on, latest)
        while not is_working_day(conducted_on) and conducted_on > interview.need_known_on:
            conducted_on -= datetime.timedelta(days=1)
        interview = interview_services.interview_complete(
            actor=worker,
            interview=interview,
            version=interview.version,
            conducted_on=conducted_on,
            place=self.rng.choice(PLACES),
        )
        recent = (self.today - conducted_on).days <= 14
        # A recent interview is not always signed yet; an old unsigned one was signed on paper.
        if self.rng.random() < (0.5 if recent else 0.85) and self.case_number != len(STORIES):
            interview = interview_services.interview_sign(
                actor=worker,
                interview=interview,
                signed_on=conducted_on,
                signed_place=interview.case.household.town,
            )
        if not recent:
            interview = interview_services.interview_close(actor=worker, interview=interview)
        return interview

    def full_interview(
        self, case: CaseFile, worker: User, family: Family, need_known_on: datetime.date
    ) -> Interview | None:
        interview = self.plan(case, worker, InterviewKind.FULL, need_known_on)
        return self.conduct(
            interview, worker, self.full_answers(family, need_known_on), latest=self.today
        )

    def permanent_help(
        self, case: CaseFile, worker: User, family: Family, first: Interview
    ) -> None:
        """A family on permanent help (zasiłek stały, usługi opiekuńcze) has its interview
        updated every six months (art. 107 ust. 4 u.p.s.)."""
        assert first.conducted_on is not None
        if (self.today - first.conducted_on).days < 190 or self.rng.random() > 0.35:
            return
        since = next_working_day(first.conducted_on + datetime.timedelta(days=14))
        case_services.case_set_permanent_help(actor=worker, case=case, since=since)
        last = first
        need_known_on = months_ago(first.conducted_on, -6)
        while need_known_on <= self.today:
            update = self.plan(case, worker, InterviewKind.UPDATE, need_known_on, based_on=last)
            days_left = (self.today - need_known_on).days
            if days_left < 25 and self.rng.random() < 0.7:
                # This update is still to be done: due in a few days, or overdue.
                self.count("update_open")
                return
            last = self.conduct(update, worker, self.update_answers(last), latest=self.today)
            assert last.conducted_on is not None
            need_known_on = months_ago(last.conducted_on, -6)

    def pensioner_case(self, household: Household, need_known_on: datetime.date) -> CaseFile | None:
        """The case of a person living alone who asks for a zasiłek stały: opened the day the
        need became known, the full interview conducted within its deadline (before the
        decision, art. 106 ust. 4 u.p.s.), the help permanent from then on and the interview
        updated every six months up to today (art. 107 ust. 4 u.p.s.)."""
        family = Family(
            household=household,
            members=list(
                Membership.objects.current_on(need_known_on)
                .filter(household=household)
                .select_related("person")
            ),
            income_kinds=set(
                Income.objects.filter(person__memberships__household=household).values_list(
                    "kind_id", flat=True
                )
            ),
        )
        workers = case_services.social_workers_of(household)
        if not workers:  # pragma: no cover - every area of the demo has its worker
            return None
        worker = workers[0]
        case = case_services.case_open(
            actor=worker,
            household=household,
            opened_on=need_known_on,
            reasons=[self.reasons[code] for code in ("ubostwo",) if code in self.reasons],
            worker=worker,
        )
        full = self.plan(case, worker, InterviewKind.FULL, need_known_on)
        last = self.conduct(
            full, worker, self.full_answers(family, need_known_on), latest=self.today
        )
        assert last.conducted_on is not None
        case_services.case_set_permanent_help(actor=worker, case=case, since=need_known_on)
        while (due := months_ago(last.conducted_on, -6)) <= self.today:
            update = self.plan(case, worker, InterviewKind.UPDATE, due, based_on=last)
            last = self.conduct(update, worker, self.update_answers(last), latest=self.today)
            assert last.conducted_on is not None
        return case

    def full_answers(self, family: Family, day: datetime.date) -> dict[str, Any]:
        rng = self.rng
        children = family.children(day)
        adults = family.adults(day)
        single = len(family.members) == 1
        jobless = not family.income_kinds & WAGE_KINDS
        sources = []
        if family.income_kinds & {"wynagrodzenie"}:
            sources.append("praca")
        if family.income_kinds & {"emerytura", "renta"}:
            sources.append("emerytura_renta")
        if children:
            sources.append("swiadczenia_rodzinne")
        sources.append("pomoc_spoleczna")
        debts = rng.random() < 0.35
        answers: dict[str, Any] = {
            "I.A.4": f"{rng.randint(500, 799)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            "I.A.6": "osoba_zainteresowana",
            "I.A.8": "samotnie_gospodarujaca" if single else "rodzina",
            "I.B.1": debts,
            "I.B.4": sources,
            "I.B.5": f"{rng.randint(6, 16) * 100},00",
            "I.B.6": (
                "Rodzina utrzymuje się z niskich dochodów, które nie pokrywają podstawowych "
                "potrzeb; zaległości w opłatach za media."
                if debts
                else "Dochody rodziny wystarczają na bieżące opłaty, brak środków na leki "
                "i opał na zimę."
            ),
            "I.C.1": rng.choice(["mieszkanie", "dom", "mieszkanie", "lokal_socjalny"]),
            "I.C.2": f"{rng.randint(28, 85)},00",
            "I.C.3": rng.randint(1, 4),
            "I.C.4": rng.choice(["wlasnosc", "najem", "spoldzielcze", "najem_socjalny"]),
            "I.C.5": ["prad", "woda", "lazienka", "wc"] + (["co"] if rng.random() < 0.6 else []),
            "I.C.6": rng.choice(["dobry", "wystarczajacy", "wystarczajacy", "zly"]),
            "I.E.3": jobless and rng.random() < 0.6,
            "I.E.4": rng.choice(["podstawowe", "zasadnicze_zawodowe", "srednie"]),
            "I.F.2": len(children),
            "I.H.1": rng.choice(
                [
                    "Pomoc finansowa na zakup opału i żywności.",
                    "Zasiłek celowy na leki oraz pomoc w znalezieniu pracy.",
                    "Pomoc w opłaceniu zaległego czynszu, posiłek dla dzieci w szkole.",
                    "Usługi opiekuńcze w domu, pomoc w załatwieniu spraw urzędowych.",
                ]
            ),
            "I.H.2": ["zasilek_celowy"] + (["zasilek_okresowy"] if jobless else []),
            "I.I.1": (
                "Rodzina w trudnej sytuacji materialnej"
                + (" z powodu bezrobocia" if jobless and adults else "")
                + ("; wychowuje troje lub więcej dzieci" if len(children) >= 3 else "")
                + ". Wymaga wsparcia finansowego i pracy socjalnej."
            ),
            "I.I.2": "Motywacja do zmiany sytuacji, dobre relacje w rodzinie, wsparcie krewnych.",
            "I.I.3": jobless and bool(adults),
            "I.J.1": (
                "Pracownik socjalny: zasiłek celowy, praca socjalna, kontakt z urzędem pracy. "
                "Rodzina: poszukiwanie zatrudnienia, terminowe opłaty, udział w spotkaniach."
            ),
            "I.J.2": ["zasilek_celowy", "praca_socjalna"],
            "I.J.4": months_ago(day, -3),
            "OE.A.1": True,
            "OE.A.2": True,
            "OE.A.3": True,
            "OE.A.5": family.household.town,
        }
        if debts:
            answers["I.B.2"] = f"{rng.randint(5, 60) * 100},00"
            answers["I.B.3"] = rng.sample(["czynsz", "media", "kredyty"], 2)
        if children:
            answers["I.F.1"] = (
                "Rodzice dbają o dzieci; dzieci uczęszczają do szkoły w Dębowie regularnie."
            )
            answers["I.F.3"] = rng.random() < 0.2
        if rng.random() < 0.4:
            answers["I.D.1"] = "Choroby przewlekłe, stałe przyjmowanie leków."
            answers["I.D.4"] = True
            answers["I.D.6"] = f"{rng.randint(80, 400)},00"
        return answers

    def update_answers(self, previous: Interview) -> dict[str, Any]:
        assert previous.conducted_on is not None
        changed = self.rng.random() < 0.3
        return {
            "IV.A.1": previous.conducted_on,
            "IV.A.2": (
                "Sytuacja rodziny pogorszyła się: wzrosły wydatki na leki, dochód bez zmian."
                if changed
                else "Sytuacja rodziny bez istotnych zmian od poprzedniego wywiadu."
            ),
            "IV.A.5": "Stan zdrowia stabilny." if not changed else "Pogorszenie stanu zdrowia.",
            "IV.A.8": changed,
            "OE.A.1": True,
            "OE.A.2": True,
        }

    # -----------------------------------------------------------------------------------------
    # Contracts
    # -----------------------------------------------------------------------------------------

    def contract(
        self,
        case: CaseFile,
        worker: User,
        family: Family,
        after: datetime.date,
        reason_codes: set[str],
    ) -> None:
        adults = [p for p in family.adults(after) if p.age_on(after) < 65]
        if not adults or self.rng.random() > 0.3:
            return
        person = family.head if family.head in adults else adults[0]
        after = max(after, *(m.valid_from for m in family.members if m.person_id == person.pk))
        # Some contracts long over, some running now (their reviews due soon).
        span = max(3, (self.today - after).days - 10)
        if not (self.broken_contract and self.achieved_contract) and span > 220:
            span = 20  # the first two ended long ago: one broken, one achieved
        valid_from = next_working_day(after + datetime.timedelta(days=self.rng.randint(3, span)))
        if valid_from >= self.today:
            return
        variant = (
            ContractVariant.ACTIVATION
            if self.rng.random() < 0.2
            else (ContractVariant.DIFFICULT_SITUATION)
        )
        months = self.rng.randint(3, 6)
        valid_to = months_ago(valid_from, -months)
        jobless = "bezrobocie" in reason_codes
        middle = valid_from + (valid_to - valid_from) / 2
        obligations: list[dict[str, Any]] = [
            {
                "party": Party.CLIENT,
                "description": (
                    "Zarejestrować się w Powiatowym Urzędzie Pracy i co miesiąc przedstawiać "
                    "potwierdzenie poszukiwania pracy."
                    if jobless
                    else "Regulować bieżące opłaty za mieszkanie i spłacać zaległości w ratach."
                ),
                "due_on": valid_from + datetime.timedelta(days=14),
            },
            {
                "party": Party.CLIENT,
                "description": "Spotykać się z pracownikiem socjalnym raz w miesiącu.",
                "due_on": valid_to,
            },
            {
                "party": Party.CENTRE,
                "description": "Zasiłek celowy na zakup żywności i środków czystości.",
                "due_on": valid_from + datetime.timedelta(days=7),
                "amount": Decimal(self.rng.randint(3, 8) * 100),
            },
            {
                "party": Party.CENTRE,
                "description": (
                    "Sfinansowanie kursu zawodowego."
                    if variant == ContractVariant.ACTIVATION
                    else "Zasiłek celowy na opał."
                ),
                "due_on": middle,
                "amount": Decimal(self.rng.randint(5, 15) * 100),
            },
        ]
        contract = contract_services.contract_create(
            actor=worker,
            case=case,
            person=person,
            variant=variant,
            valid_from=valid_from,
            valid_to=valid_to,
            problem=(
                "Długotrwałe bezrobocie i brak środków na utrzymanie rodziny."
                if jobless
                else "Zadłużenie w opłatach za mieszkanie, trudności w prowadzeniu budżetu."
            ),
            goals=(
                "Podjęcie zatrudnienia lub udział w szkoleniu zawodowym."
                if jobless
                else "Spłata zaległości i samodzielne regulowanie bieżących opłat."
            ),
            resources="Gotowość do zmiany, wsparcie rodziny, doświadczenie zawodowe.",
            obligations=obligations,
        )
        self.count("contract")
        if not self.draft_contract and (self.today - valid_from).days < 14:
            self.draft_contract = True  # one still to be signed: the draft's screens
            return
        contract = contract_services.contract_sign(
            actor=worker, contract=contract, signed_on=valid_from
        )
        reviewed_on = next_working_day(valid_from + datetime.timedelta(days=30))
        if reviewed_on < self.today:
            next_review = next_working_day(reviewed_on + datetime.timedelta(days=30))
            contract_services.contract_review_add(
                actor=worker,
                contract=contract,
                reviewed_on=reviewed_on,
                findings=self.rng.choice(
                    [
                        "Klient realizuje ustalenia kontraktu, zarejestrował się w urzędzie pracy.",
                        "Ustalenia realizowane częściowo; omówiono przyczyny opóźnień.",
                        "Zaległości spłacane zgodnie z harmonogramem.",
                    ]
                ),
                next_review_on=next_review if next_review < valid_to else None,
            )
        if valid_to >= self.today:
            return
        if not self.broken_contract:
            self.broken_contract = True
            ended_on = next_working_day(middle)
            contract_services.contract_end(
                actor=worker,
                contract=contract,
                ended_on=min(ended_on, self.today),
                end_reason=ContractEnd.BROKEN,
                note="Naruszenie nieuzasadnione: klient nie podał przyczyny niestawiennictwa.",
                breach_evidence=(
                    "Klient nie zgłosił się na trzy kolejne spotkania i nie przedstawił "
                    "potwierdzeń poszukiwania pracy."
                ),
            )
        elif not self.achieved_contract or self.rng.random() < 0.5:
            self.achieved_contract = True
            contract_services.contract_end(
                actor=worker,
                contract=contract,
                ended_on=valid_to,
                end_reason=ContractEnd.ACHIEVED,
                note="Cele kontraktu osiągnięte: klient podjął pracę, zaległości spłacone.",
            )
        else:
            contract_services.contract_end(
                actor=worker,
                contract=contract,
                ended_on=min(self.today, next_working_day(valid_to + datetime.timedelta(days=1))),
                end_reason=ContractEnd.EXPIRED,
                note="Kontrakt wygasł; cele osiągnięte częściowo.",
            )

    # -----------------------------------------------------------------------------------------
    # Notes and referrals
    # -----------------------------------------------------------------------------------------

    def notes(self, case: CaseFile, worker: User, family: Family, reason_codes: set[str]) -> None:
        span = (self.today - case.opened_on).days
        for _ in range(self.rng.randint(1, 3)):
            day = case.opened_on + datetime.timedelta(days=self.rng.randint(0, span))
            kind = self.rng.choice([NoteKind.VISIT, NoteKind.PHONE, NoteKind.COUNSELLING])
            text = {
                NoteKind.VISIT: (
                    "Wizyta w miejscu zamieszkania; omówiono bieżącą sytuację rodziny.",
                    "Rodzina w domu, warunki bez zmian.",
                ),
                NoteKind.PHONE: (
                    "Rozmowa telefoniczna w sprawie dokumentów do zasiłku.",
                    "Klient dostarczy zaświadczenie o dochodach.",
                ),
                NoteKind.COUNSELLING: (
                    "Poradnictwo w sprawie gospodarowania budżetem domowym.",
                    "Ustalono plan spłaty zaległości.",
                ),
            }[kind]
            note_services.note_create(
                actor=worker,
                case=case,
                kind=kind,
                occurred_on=day,
                what_was_done=text[0],
                outcome=text[1],
                with_whom=family.head.full_name,
                persons=[family.head] if family.head.pk in self.members_on(family, day) else [],
            )
            self.count("note")
        if "przemoc_domowa" in reason_codes and not self.violence_note_written:
            self.violence_note_written = True
            note_services.note_create(
                actor=worker,
                case=case,
                kind=NoteKind.CRISIS,
                occurred_on=self.today - datetime.timedelta(days=min(span, 3)),
                what_was_done=(
                    "Rozmowa z osobą doznającą przemocy domowej bez obecności sprawcy; "
                    "przekazano informację o Punkcie Konsultacyjnym i telefonie zaufania."
                ),
                outcome="Osoba zgodziła się na konsultację z psychologiem.",
                next_step="Zgłoszenie do zespołu interdyscyplinarnego.",
                next_step_on=next_working_day(self.today + datetime.timedelta(days=3)),
                confidential=True,
            )
            self.count("note")

    def members_on(self, family: Family, day: datetime.date) -> set[int]:
        return {
            m.person_id
            for m in family.members
            if m.valid_from <= day and (m.valid_to is None or m.valid_to >= day)
        }

    def referral(
        self, case: CaseFile, worker: User, family: Family, reason_codes: Sequence[str] | set[str]
    ) -> None:
        matching = [REFERRAL_BY_REASON[c] for c in sorted(reason_codes) if c in REFERRAL_BY_REASON]
        if not matching or self.rng.random() > 0.3:
            return
        kind, institution_kind, purpose = self.rng.choice(matching)
        places = self.institutions.get(institution_kind) or self.institutions.get(
            InstitutionKind.NGO, []
        )
        person = family.head
        if not places or person.pk not in self.members_on(family, case.opened_on):
            return
        span = (self.today - case.opened_on).days
        self.referral_number += 1
        # The first few in a state the lists must show: sent weeks ago without an answer,
        # refused, completed; the others as the draw goes.
        target = {1: "waiting", 2: "refused", 3: "completed"}.get(self.referral_number, "")
        earliest = {"waiting": 22, "refused": 15, "completed": 90}.get(target, 0)
        if span < earliest:
            target, earliest = "", 0
            self.referral_number -= 1
        latest = min(span, 40) if target == "waiting" else span
        sent_on = self.today - datetime.timedelta(days=self.rng.randint(earliest, latest))
        referral = referral_services.referral_create(
            actor=worker,
            case=case,
            person=person,
            kind=kind,
            institution=places[0],
            purpose=purpose,
            sent_on=sent_on,
        )
        self.count("referral")
        waited = (self.today - sent_on).days
        if target == "waiting" or waited < 10 or self.rng.random() < 0.25:
            return  # sent, no answer yet: some of them for weeks
        answered_on = sent_on + datetime.timedelta(days=self.rng.randint(3, min(waited, 10)))
        accepted = target != "refused" and (target == "completed" or self.rng.random() < 0.85)
        referral = referral_services.referral_record_answer(
            actor=worker,
            referral=referral,
            accepted=accepted,
            answered_on=answered_on,
            note="" if accepted else "Brak wolnych miejsc; ponowne zgłoszenie za trzy miesiące.",
        )
        if not accepted or (self.today - answered_on).days < 20:
            return  # accepted, no feedback yet
        feedback_on = answered_on + datetime.timedelta(days=self.rng.randint(7, 19))
        referral = referral_services.referral_record_feedback(
            actor=worker,
            referral=referral,
            feedback="Osoba uczestniczy regularnie w zajęciach; współpraca dobra.",
            feedback_on=feedback_on,
        )
        if (self.today - feedback_on).days > 30 and (
            target == "completed" or self.rng.random() < 0.6
        ):
            referral_services.referral_complete(
                actor=worker,
                referral=referral,
                completed_on=feedback_on + datetime.timedelta(days=21),
                feedback="Udział zakończony zgodnie z planem.",
            )


def seed(today: datetime.date) -> str:
    """The demo's social work; run by `seed_demo` after the registry's families."""
    return CaseworkDemo(today).run()
