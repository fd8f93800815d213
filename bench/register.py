"""Fill the benefits' tables with 100 000 decisions and time the register of decisions.

`generate` writes, with COPY, into a PostgreSQL database whose registry `bench/generate.py` has
filled (e.g. `--households 20000 --persons 48000 --months 1`: 40 areas with a social worker
each and the director): two registers of decisions (one per act), authorisations for the
director and a deputy, six benefits clerks, and `--decisions` decisions over five years in the
states a centre's register holds (most final; some delivered, signed, appealed, at the board of
appeal or reviewed by it; drafts, drafts for signature and discarded drafts), of every kind,
under both acts, with their lines (one or two for the kinds whose operative part lists
benefits, none for the others, as the drafting services allow), their applications and
assessments, the decisions they change, and the appeals. `run` times the register
(`/swiadczenia/decyzje/`) through the whole Django stack with `django.test.Client`, for the
director and a benefits clerk (who see every family) and a social worker (who sees the families
of one area out of 40): the first page, each filter alone, each sort order, a deep page and the
search by number.

    DATABASE_URL=postgres://... .venv/bin/python bench/register.py generate [--decisions N]
    DATABASE_URL=postgres://... .venv/bin/python bench/register.py run [--requests 300]
        [--runs 3] [--only SCENARIO] [--explain]
"""

# ruff: noqa: E402  (Django is set up before the project is imported)
import argparse
import datetime
import json
import math
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("OSTOJA_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from timing import percentile, signed_in

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.benefits.catalogue import BENEFITS, Act, Benefit
from ostoja.benefits.models import (
    Appeal,
    AppealOutcome,
    Application,
    ApplicationState,
    Assessment,
    Authorisation,
    Channel,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionRegister,
    DecisionState,
    DeliveryMethod,
    PaymentMethod,
    RegisterCounter,
)
from ostoja.core.workdays import is_working_day, next_working_day
from ostoja.registry.demo import BANK_CODES, nrb_for
from ostoja.registry.models import Household, Membership

SEED = 100_000
TARGET_MS = 100.0
URL = "/swiadczenia/decyzje/"
PAGE_SIZE = 20
DEEP_PAGE = 200
WARM_UP = 20
DIRECTOR = "bench-kierownik"  # made by bench/generate.py, as are bench-ps-01 … bench-ps-40
DEPUTY = "bench-zastepca"
CLERKS = [f"bench-specjalista-{number:02d}" for number in range(1, 7)]
SOCIAL_WORKER = "bench-ps-01"
YEARS = 5
DAY = datetime.timedelta(days=1)

S = DecisionState
K = DecisionKind
# Shares in per mille. The states follow the decisions' age: drafts and the signed or delivered
# decisions are of the last weeks, appeals of the last months, the rest is final.
STATE_MIX = [
    (S.FINAL, 860),
    (S.DELIVERED, 40),
    (S.SIGNED, 20),
    (S.REVIEWED, 20),
    (S.DRAFT, 20),
    (S.FOR_APPROVAL, 15),
    (S.APPEALED, 10),
    (S.AT_BOARD, 10),
    (S.DISCARDED, 5),
]
KIND_MIX = [
    (K.GRANT, 680),
    (K.CHANGE, 100),
    (K.REFUSAL, 90),
    (K.UNDUE, 40),
    (K.REVOCATION, 30),
    (K.DISCONTINUANCE, 30),
    (K.SUSPENSION, 15),
    (K.RESUMPTION, 15),
]
ACT_MIX = [(Act.SOCIAL_ASSISTANCE, 600), (Act.FAMILY_BENEFITS, 400)]
B = Benefit
BENEFIT_MIX: dict[str, list[tuple[str, int]]] = {
    Act.SOCIAL_ASSISTANCE: [
        (B.ZASILEK_OKRESOWY, 250),
        (B.ZASILEK_CELOWY, 250),
        (B.ZASILEK_STALY, 120),
        (B.POSILEK, 120),
        (B.USLUGI_OPIEKUNCZE, 80),
        (B.SPECJALNY_ZASILEK_CELOWY, 60),
        (B.SCHRONIENIE, 40),
        (B.DPS, 40),
        (B.UBRANIE, 20),
        (B.SPRAWIENIE_POGRZEBU, 20),
    ],
    Act.FAMILY_BENEFITS: [
        (B.ZASILEK_RODZINNY, 600),
        (B.ZASILEK_PIELEGNACYJNY, 200),
        (B.BECIKOWE, 120),
        (B.SWIADCZENIE_PIELEGNACYJNE, 80),
    ],
}
# Plausible ranges of the amounts in a line (not the law's figures: the register only shows
# them); None: a benefit in kind or paid to an institution, without an amount in the line.
AMOUNTS: dict[str, tuple[int, int] | None] = {
    B.ZASILEK_STALY: (30, 1229),
    B.ZASILEK_OKRESOWY: (50, 700),
    B.ZASILEK_CELOWY: (100, 1500),
    B.SPECJALNY_ZASILEK_CELOWY: (200, 1500),
    B.ZASILEK_RODZINNY: (95, 600),
    B.ZASILEK_PIELEGNACYJNY: (215, 216),
    B.BECIKOWE: (1000, 1000),
    B.SWIADCZENIE_PIELEGNACYJNE: (3000, 3300),
}
KINDS_WITH_LINES = {K.GRANT, K.CHANGE, K.RESUMPTION, K.UNDUE}
KINDS_CHANGING = {K.CHANGE, K.REVOCATION, K.SUSPENSION, K.RESUMPTION}
KINDS_ON_APPLICATION = {K.GRANT, K.REFUSAL, K.DISCONTINUANCE}
UNNUMBERED = {S.DRAFT, S.FOR_APPROVAL, S.DISCARDED}
REGISTER_SYMBOLS = {Act.SOCIAL_ASSISTANCE: "MOPS.8311", Act.FAMILY_BENEFITS: "MOPS.8321"}


def weighted(rng: random.Random, mix: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*mix, strict=True)
    return rng.choices(values, weights)[0]


# ---------------------------------------------------------------------------------------------
# COPY of model rows
# ---------------------------------------------------------------------------------------------


def _column_value(model_field: models.Field[Any, Any], row: dict[str, Any], now: Any) -> Any:
    """The value COPY writes for a field: the row's, else what Django would have saved."""
    if model_field.attname in row:
        value = row[model_field.attname]
    elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        value = now
    elif model_field.has_default():
        value = model_field.get_default()
    elif model_field.null:
        value = None
    elif isinstance(model_field, models.CharField | models.TextField | models.FileField):
        value = ""
    else:
        raise ValueError(f"{model_field.model.__name__}.{model_field.name} needs a value")
    if isinstance(model_field, models.JSONField) and value is not None:
        return json.dumps(value, cls=DjangoJSONEncoder)
    return value


def copy_model(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """COPY rows (field attnames to values, ids given) into the model's table; returns the
    count. Fields left out get their default, as bulk_create would give them."""
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    now = timezone.now()
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_column_value(f, row, now) for f in fields])
                count += 1
    return count


# ---------------------------------------------------------------------------------------------
# The plan of the decisions
# ---------------------------------------------------------------------------------------------


@dataclass
class Family:
    household: int
    head: int
    area: int
    children: list[int]


@dataclass
class Planned:
    """One decision as it will be written, with what its rows need."""

    state: str
    kind: str
    act: str
    day: datetime.date  # issued on, or drafted on for an unnumbered draft
    family: Family | None = None
    benefits: list[str] = field(default_factory=list)
    pk: int = 0
    changes: "Planned | None" = None
    application: int | None = None
    assessment: int | None = None
    register: int | None = None
    sequence: int | None = None
    drafter: int = 0
    signer: int | None = None
    delivered_on: datetime.date | None = None
    final_on: datetime.date | None = None
    appeal_received_on: datetime.date | None = None
    appeal_sent_on: datetime.date | None = None
    appeal_outcome_on: datetime.date | None = None


@dataclass
class Staff:
    director: int
    deputy: int
    clerks: list[int]
    workers_by_area: dict[int, int]
    authorisations: dict[int, int]  # signer → their authorisation


class Generator:
    def __init__(self, decisions: int, today: datetime.date) -> None:
        self.rng = random.Random(SEED)
        self.count = decisions
        self.today = today
        self.first_day = today.replace(year=today.year - YEARS, month=1, day=2)

    # The dates -------------------------------------------------------------------------------

    def working_day(self, low: datetime.date, high: datetime.date) -> datetime.date:
        """A random working day between the two (the low one when there is none)."""
        span = max(0, (high - low).days)
        for _ in range(20):
            day = low + self.rng.randint(0, span) * DAY
            if is_working_day(day):
                return day
        return low

    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.working_day(self.today - high * DAY, self.today - low * DAY)

    def final_from(self, delivered: datetime.date) -> datetime.date:
        """The day after the 14 days of art. 129 § 1 k.p.a. (a term ending on a Saturday or a
        holiday ends on the next working day, art. 57 § 4)."""
        return next_working_day(delivered + 14 * DAY) + DAY

    def dated(self, state: str, kind: str, act: str) -> Planned:
        old = self.working_day(self.first_day, self.today - 40 * DAY)
        plan = Planned(state=state, kind=kind, act=act, day=old)
        if state in (S.DRAFT, S.FOR_APPROVAL):
            plan.day = self.days_ago(0, 20)
        elif state == S.SIGNED:
            plan.day = self.days_ago(0, 10)
        elif state == S.DELIVERED:
            plan.day = self.days_ago(3, 20)
            plan.delivered_on = self.working_day(
                max(plan.day + DAY, self.today - 12 * DAY), self.today
            )
        elif state == S.APPEALED:
            plan.day = self.days_ago(20, 50)
            self.deliver(plan, appealed=True)
        elif state == S.AT_BOARD:
            plan.day = self.days_ago(30, 150)
            self.deliver(plan, appealed=True)
            assert plan.appeal_received_on is not None
            plan.appeal_sent_on = plan.appeal_received_on + self.rng.randint(1, 7) * DAY
        elif state == S.REVIEWED:
            # Old enough for the board to have ruled (within two months of the appeal).
            plan.day = self.working_day(self.first_day, self.today - 120 * DAY)
            self.deliver(plan, appealed=True)
            assert plan.appeal_received_on is not None
            plan.appeal_sent_on = plan.appeal_received_on + self.rng.randint(1, 7) * DAY
            plan.appeal_outcome_on = plan.appeal_sent_on + self.rng.randint(20, 60) * DAY
            plan.final_on = plan.appeal_outcome_on
        elif state == S.FINAL:
            self.deliver(plan, appealed=False)
        return plan

    def deliver(self, plan: Planned, *, appealed: bool) -> None:
        plan.delivered_on = plan.day + self.rng.randint(1, 6) * DAY
        if appealed:
            plan.appeal_received_on = plan.delivered_on + self.rng.randint(1, 13) * DAY
        else:
            plan.final_on = self.final_from(plan.delivered_on)

    # The decisions ---------------------------------------------------------------------------

    def plans(self, families: list[Family]) -> list[Planned]:
        """The decisions in the order of their dates (ids follow it, as in a live register),
        each kind that changes a decision pointing at an earlier grant of the same family."""
        rng = self.rng
        # Not every family has decisions, and some have many: a tenth of the families is
        # never a client; the rest are drawn with weights between 1 and 10.
        clients = rng.sample(families, k=len(families) * 9 // 10)
        weights = [rng.choice((1, 1, 1, 2, 2, 3, 5, 10)) for _ in clients]
        plans = [
            self.dated(weighted(rng, STATE_MIX), weighted(rng, KIND_MIX), weighted(rng, ACT_MIX))
            for _ in range(self.count)
        ]
        plans.sort(key=lambda plan: plan.day)
        granted: dict[str, list[Planned]] = defaultdict(list)
        for pk, plan in enumerate(plans, start=1):
            plan.pk = pk
            earlier = granted[plan.act]
            if plan.kind in KINDS_CHANGING and earlier:
                plan.changes = rng.choice(earlier)
                plan.family = plan.changes.family
                plan.benefits = plan.changes.benefits[:1]
            else:
                if plan.kind in KINDS_CHANGING:
                    plan.kind = K.GRANT  # nothing to change yet at the start of the register
                plan.family = rng.choices(clients, weights)[0]
                plan.benefits = self.benefits_of(plan)
            if plan.kind == K.GRANT and plan.state not in UNNUMBERED:
                earlier.append(plan)
        return plans

    def benefits_of(self, plan: Planned) -> list[str]:
        first = str(weighted(self.rng, BENEFIT_MIX[plan.act]))
        # A quarter of the grants list a second benefit (an okresowy with a celowy, a
        # zasiłek rodzinny with a zasiłek pielęgnacyjny).
        if plan.kind == K.GRANT and self.rng.random() < 0.25:
            second = str(weighted(self.rng, BENEFIT_MIX[plan.act]))
            if second != first:
                return [first, second]
        return [first]


# ---------------------------------------------------------------------------------------------
# The rows
# ---------------------------------------------------------------------------------------------


def families() -> list[Family]:
    """Every household with its head (the applicant) and its children, from the memberships
    in force."""
    heads: dict[int, int] = {}
    children: dict[int, list[int]] = defaultdict(list)
    current = Membership.objects.filter(valid_to__isnull=True)
    for household, person, relation in current.values_list(
        "household_id", "person_id", "relation"
    ).iterator(chunk_size=10_000):
        if relation == "wnioskodawca":
            heads.setdefault(household, person)
        elif relation == "dziecko":
            children[household].append(person)
    areas = dict(Household.objects.values_list("pk", "area_id"))
    return [
        Family(household=pk, head=head, area=areas[pk], children=children[pk])
        for pk, head in sorted(heads.items())
    ]


def make_staff() -> Staff:
    """The six benefits clerks, the deputy director, and the authorisations of the two who
    sign; the director and the area workers come from bench/generate.py."""
    director = User.objects.get(username=DIRECTOR)
    deputy = _user(DEPUTY, Role.DIRECTOR, "Zastępca", "Dyrektora")
    clerks = [_user(name, Role.BENEFITS_CLERK, "Specjalista", name[-2:]) for name in CLERKS]
    workers = dict(Area.workers.through.objects.values_list("area_id", "user_id"))
    authorisations = {}
    for number, signer in enumerate((director, deputy), start=1):
        authorisation = Authorisation.objects.create(
            user=signer,
            number=f"OR.0052.{number}.2021",
            granted_by="Prezydent Miasta Testowego",
            granted_on=datetime.date(2021, 12, 1),
            valid_from=datetime.date(2021, 12, 1),
            social_assistance=True,
            family_benefits=True,
            position="Dyrektor" if signer == director else "Zastępca Dyrektora",
            recorded_by=director,
        )
        authorisations[signer.pk] = authorisation.pk
    return Staff(director.pk, deputy.pk, [c.pk for c in clerks], workers, authorisations)


def _user(username: str, role: str, first: str, last: str) -> User:
    user = User(username=username, role=role, first_name=first, last_name=last)
    user.set_unusable_password()
    user.save()
    return user


def assign(plans: list[Planned], staff: Staff, registers: dict[str, DecisionRegister]) -> None:
    """Who drafted and signed each decision, and the numbers in the registers by date."""
    rng = random.Random(SEED + 1)
    sequences: Counter[tuple[int, int]] = Counter()
    for plan in plans:
        assert plan.family is not None
        clerks = staff.clerks[:3] if plan.act == Act.SOCIAL_ASSISTANCE else staff.clerks[3:]
        # A social worker drafts some of the social-assistance decisions of her area.
        worker = staff.workers_by_area.get(plan.family.area)
        if plan.act == Act.SOCIAL_ASSISTANCE and worker and rng.random() < 0.2:
            plan.drafter = worker
        else:
            plan.drafter = rng.choice(clerks)
        if plan.state in UNNUMBERED:
            continue
        plan.signer = staff.director if rng.random() < 0.55 else staff.deputy
        register = registers[plan.act]
        sequences[register.pk, plan.day.year] += 1
        plan.register = register.pk
        plan.sequence = sequences[register.pk, plan.day.year]
    for (register_pk, year), last in sequences.items():
        RegisterCounter.objects.create(register_id=register_pk, year=year, last_number=last)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def application_rows(plans: list[Planned]) -> Iterator[dict[str, Any]]:
    rng = random.Random(SEED + 2)
    pk = 0
    for plan in plans:
        if plan.kind not in KINDS_ON_APPLICATION:
            continue
        assert plan.family is not None
        pk += 1
        plan.application = pk
        received = plan.day - rng.randint(5, 30) * DAY
        open_ = plan.state in UNNUMBERED
        yield {
            "id": pk,
            "created_at": _at(received, 9),
            "updated_at": _at(plan.day, 9),
            "household_id": plan.family.household,
            "applicant_id": plan.family.head,
            "act": plan.act,
            "received_on": received,
            "channel": rng.choice([Channel.IN_PERSON] * 6 + [Channel.POST, Channel.EPUAP]),
            "state": ApplicationState.IN_PROGRESS if open_ else ApplicationState.DECIDED,
            "handled_by_id": plan.drafter,
            "registered_by_id": plan.drafter,
            "benefit_period_start": received.replace(day=1)
            if plan.act == Act.FAMILY_BENEFITS
            else None,
            "decided_on": None if open_ else plan.day,
        }


def assessment_rows(plans: list[Planned]) -> Iterator[dict[str, Any]]:
    """The assessment of the first benefit for a grant or refusal on application, and for a
    change (made on the application of the decision it changes). The frozen household and
    result are a small stand-in: the register never reads them."""
    rng = random.Random(SEED + 3)
    pk = 0
    for plan in plans:
        application = plan.application
        if plan.kind == K.CHANGE and plan.changes is not None:
            application = plan.changes.application
        elif plan.kind not in (K.GRANT, K.REFUSAL):
            continue
        if application is None:
            continue
        pk += 1
        plan.assessment = pk
        eligible = plan.kind != K.REFUSAL
        amount = _amount(rng, plan.benefits[0]) if eligible else None
        month = (plan.day.replace(day=1) - DAY).replace(day=1)
        yield {
            "id": pk,
            "application_id": application,
            "benefit": plan.benefits[0],
            "day": plan.day,
            "period_kind": "miesiac",
            "period_start": month,
            "period_end": plan.day.replace(day=1) - DAY,
            "household": {"members": [{"id": "o1", "applicant": True, "incomes": []}]},
            "persons": {"o1": plan.family.head if plan.family else None},
            "result": {"eligible": eligible, "amount": str(amount) if amount else None},
            "eligible": eligible,
            "amount": amount,
            "rules_version": "bench",
            "made_by_id": plan.drafter,
            "made_at": _at(plan.day, 10),
        }


def _amount(rng: random.Random, benefit: str) -> Decimal | None:
    bounds = AMOUNTS.get(benefit)
    if bounds is None:
        return None
    return Decimal(rng.randint(bounds[0] * 100, bounds[1] * 100)) / 100


def line_rows(plans: list[Planned]) -> Iterator[dict[str, Any]]:
    rng = random.Random(SEED + 4)
    pk = 0
    for plan in plans:
        if plan.kind not in KINDS_WITH_LINES:
            continue
        assert plan.family is not None
        for benefit in plan.benefits:
            pk += 1
            yield {"id": pk, "decision_id": plan.pk, **_line(rng, plan, benefit, plan.family)}


def _line(rng: random.Random, plan: Planned, benefit: str, family: Family) -> dict[str, Any]:
    spec = BENEFITS[benefit]
    start = plan.day.replace(day=1)
    amount = _amount(rng, benefit)
    if not spec.cash:
        in_kind = benefit in (B.POSILEK, B.UBRANIE, B.SCHRONIENIE)
        method, account = (PaymentMethod.IN_KIND if in_kind else PaymentMethod.INSTITUTION), ""
    elif rng.random() < 0.6:
        digits = f"{rng.randrange(10**16):016d}"
        method, account = PaymentMethod.BANK, nrb_for(rng.choice(BANK_CODES), digits)
    else:
        method, account = PaymentMethod.CASH, ""
    for_child = benefit in (B.ZASILEK_RODZINNY, B.ZASILEK_PIELEGNACYJNY, B.BECIKOWE)
    person = rng.choice(family.children) if for_child and family.children else family.head
    until = None
    if spec.monthly:
        until = (start + 190 * DAY).replace(day=1) - DAY if rng.random() < 0.7 else None
    else:
        until = start
    return {
        "benefit": benefit,
        "person_id": person,
        "amount": amount,
        "period_from": start,
        "period_to": until,
        "payee_id": family.head,
        "method": method,
        "account": account,
    }


def decision_rows(
    plans: list[Planned], staff: Staff, symbols: dict[int, str]
) -> Iterator[dict[str, Any]]:
    """The decisions' rows; `symbols` are the registers' by pk, read before the COPY starts
    (no query may run on the connection while it copies)."""
    for plan in plans:
        assert plan.family is not None
        numbered = plan.register is not None
        number = ""
        if plan.register is not None:
            number = f"{symbols[plan.register]}.{plan.sequence}.{plan.day.year}"
        row: dict[str, Any] = {
            "id": plan.pk,
            "created_at": _at(plan.day, 8),
            "updated_at": _at(plan.final_on or plan.delivered_on or plan.day, 12),
            "application_id": plan.application,
            "household_id": plan.family.household,
            "party_id": plan.family.head,
            "kind": plan.kind,
            "act": plan.act,
            "state": plan.state,
            "assessment_id": plan.assessment,
            "changes_id": plan.changes.pk if plan.changes else None,
            "register_id": plan.register,
            "year": plan.day.year if numbered else None,
            "sequence": plan.sequence,
            "number": number,
            "effective_from": plan.day.replace(day=1) if plan.changes else None,
            "legal_basis": "Na podstawie art. 106 ust. 1 ustawy o pomocy społecznej",
            "operative": "Przyznaje się świadczenie.",
            "justification_facts": "Strona złożyła wniosek; dochód nie przekracza kryterium.",
            "justification_law": "Zgodnie z art. 8 ust. 1 ustawy.",
            "appeal_instruction": "Od decyzji przysługuje odwołanie do SKO w terminie 14 dni.",
            "distribution": "Otrzymują: strona, a/a.",
            "drafted_by_id": plan.drafter,
            "submitted_at": _at(plan.day, 9) if plan.state != S.DRAFT else None,
            "signed_by_id": plan.signer,
            "authorisation_id": staff.authorisations[plan.signer] if plan.signer else None,
            "signed_at": _at(plan.day, 11) if numbered else None,
            "issued_on": plan.day if numbered else None,
            "delivery_method": DeliveryMethod.POST if plan.delivered_on else "",
            "delivered_on": plan.delivered_on,
            "final_on": plan.final_on,
        }
        yield row


def appeal_rows(plans: list[Planned], staff: Staff) -> Iterator[dict[str, Any]]:
    pk = 0
    for plan in plans:
        if plan.appeal_received_on is None:
            continue
        pk += 1
        yield {
            "id": pk,
            "decision_id": plan.pk,
            "received_on": plan.appeal_received_on,
            "reply": "Ośrodek podtrzymuje stanowisko." if plan.appeal_sent_on else "",
            "sent_on": plan.appeal_sent_on,
            "board_reference": f"SKO.4101.{pk}" if plan.appeal_sent_on else "",
            "outcome": AppealOutcome.UPHELD if plan.appeal_outcome_on else "",
            "outcome_on": plan.appeal_outcome_on,
            "recorded_by_id": plan.drafter,
        }


def generate(decisions: int) -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench/register.py writes with COPY: set DATABASE_URL to a PostgreSQL database")
    if Decision.objects.exists():
        sys.exit("The database already has decisions: generate into one without them")
    started = time.perf_counter()
    found = families()
    if not found:
        sys.exit("Run bench/generate.py first: the decisions need households and persons")
    generator = Generator(decisions, timezone.localdate())
    counts: dict[str, int] = {}
    with transaction.atomic():
        staff = make_staff()
        registers: dict[str, DecisionRegister] = {
            act: DecisionRegister.objects.create(
                name=f"Rejestr decyzji ({act.label})", symbol=symbol, act=act
            )
            for act, symbol in REGISTER_SYMBOLS.items()
        }
        plans = generator.plans(found)
        assign(plans, staff, registers)
        counts["applications"] = copy_model(Application, application_rows(plans))
        counts["assessments"] = copy_model(Assessment, assessment_rows(plans))
        # The lines go in before their decisions: a trigger refuses lines added to a signed
        # decision, and the decisions are written in their final state. The foreign keys are
        # deferred to the commit, so a line may name a decision written after it.
        counts["lines"] = copy_model(DecisionLine, line_rows(plans))
        symbols = {register.pk: register.symbol for register in registers.values()}
        counts["decisions"] = copy_model(Decision, decision_rows(plans, staff, symbols))
        counts["appeals"] = copy_model(Appeal, appeal_rows(plans, staff))
        written = [Application, Assessment, DecisionLine, Decision, Appeal]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), written):
                cursor.execute(sql)
    with connection.cursor() as cursor:
        # What autovacuum does on a live server: statistics and the visibility map.
        for model in written:
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    states = Counter(plan.state for plan in plans)
    kinds = Counter(plan.kind for plan in plans)
    print(
        f"Generated in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{count} {name}" for name, count in counts.items())
        + f" for {len({p.family.household for p in plans if p.family})} families"
    )
    print("states: " + ", ".join(f"{state} {count}" for state, count in states.most_common()))
    print("kinds: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))


# ---------------------------------------------------------------------------------------------
# The measurement
# ---------------------------------------------------------------------------------------------


Query = dict[str, str]


def _number_typed(rng: random.Random, number: str) -> str:
    """What a clerk types to find a decision: the whole number, the number and the year, or
    the number alone ("MOPS.8311.1234.2026", "1234.2026", "1234")."""
    _symbol, sequence, year = number.rsplit(".", 2)
    return rng.choice((number, f"{sequence}.{year}", sequence))


def scenarios(user: User, rng: random.Random, requests: int) -> dict[str, list[Query]]:
    """The query strings of each scenario, random keys within what the user sees."""
    visible = Decision.objects.all()
    if not user.sees_all_households:
        areas = list(Area.objects.filter(workers=user).values_list("pk", flat=True))
        visible = visible.filter(household__area_id__in=areas)
    numbers = list(
        visible.exclude(number="").order_by("?").values_list("number", flat=True)[:requests]
    )
    issued = visible.exclude(issued_on=None)
    first = issued.order_by("issued_on").values_list("issued_on", flat=True).first()
    assert first is not None, "generate the decisions first"
    span = (timezone.localdate() - first).days - 30
    kinds = [kind.value for kind in DecisionKind]
    benefits = [code for code, spec in BENEFITS.items() if spec.needs_decision]
    states = [*(s.value for s in DecisionState if s not in UNNUMBERED), "projekty", "wszystkie"]
    drafters = list(User.objects.filter(username__in=CLERKS).values_list("pk", flat=True))
    signers = list(
        User.objects.filter(username__in=[DIRECTOR, DEPUTY]).values_list("pk", flat=True)
    )
    count = visible.filter(state__in=[s for s in DecisionState if s not in UNNUMBERED]).count()
    deep = min(DEEP_PAGE, max(1, math.ceil(count / PAGE_SIZE)))

    def month() -> Query:
        start = first + rng.randrange(span) * DAY
        return {"od": start.isoformat(), "do": (start + 30 * DAY).isoformat()}

    def each(make: Callable[[], Query]) -> list[Query]:
        return [make() for _ in range(requests)]

    found: dict[str, list[Query]] = {
        "first page": each(dict),
        "by kind": each(lambda: {"rodzaj": rng.choice(kinds)}),
        "by benefit": each(lambda: {"swiadczenie": rng.choice(benefits)}),
        "by state": each(lambda: {"stan": rng.choice(states)}),
        "by drafter": each(lambda: {"sporzadzil": str(rng.choice(drafters))}),
        "by signer": each(lambda: {"podpisal": str(rng.choice(signers))}),
        "by date (a month)": each(month),
        "search by number": [{"numer": _number_typed(rng, number)} for number in numbers],
    }
    for key, label in (
        ("numer", "number"),
        ("data", "date"),
        ("rodzaj", "kind"),
        ("stan", "state"),
        ("strona", "party"),
    ):
        for descending in (False, True):
            if key == "data" and descending:
                continue  # the default order: the first page
            arrow = "↓" if descending else "↑"
            value = f"-{key}" if descending else key
            found[f"sorted by {label} {arrow}"] = [{"sortuj": value} for _ in range(requests)]
    found[f"page {deep}"] = each(lambda: {"strona": str(deep)})
    return found


def measure(client: Client, queries: list[Query]) -> list[float]:
    timings = []
    for query in queries:
        started = time.perf_counter()
        response = client.get(URL, query)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
    return timings


def explain(client: Client, query: Query) -> None:
    """EXPLAIN ANALYZE of the request's queries of the decisions."""
    with CaptureQueriesContext(connection) as captured:
        client.get(URL, query)
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    with connection.cursor() as cursor:
        for sql in reads:
            if '"benefits_decision' not in sql:
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            print(f"    {sql[:300]}")
            print("\n".join(f"      {row[0]}" for row in cursor.fetchall()))


@dataclass(frozen=True)
class Result:
    scenario: str
    user: str
    p50: float
    p95: float
    worst: float
    queries: int


def run_once(requests: int, only: str, explained: bool) -> list[Result]:
    results = []
    for username, role in ((DIRECTOR, "director"), (CLERKS[0], "clerk"), (SOCIAL_WORKER, "worker")):
        user = User.objects.get(username=username)
        client = signed_in(user)
        rng = random.Random(f"{SEED}-{username}")
        for name, queries in scenarios(user, rng, requests).items():
            if only and only not in name:
                continue
            measure(client, queries[:WARM_UP])
            timings = measure(client, queries)
            with CaptureQueriesContext(connection) as captured:
                client.get(URL, queries[0])
            result = Result(
                name,
                role,
                statistics.median(timings),
                percentile(timings, 0.95),
                max(timings),
                len(captured),
            )
            results.append(result)
            ok = "ok" if result.p95 <= TARGET_MS else "SLOW"
            print(
                f"{name:<22}{role:<10}{result.p50:>8.1f}{result.p95:>8.1f}{result.worst:>8.1f}"
                f"{result.queries:>9}  {ok}",
                flush=True,
            )
            if explained:
                explain(client, queries[0])
    return results


def run(requests: int, runs: int, only: str, explained: bool) -> None:
    issued = Decision.objects.exclude(number="").count()
    print(
        f"{Decision.objects.count()} decisions ({issued} numbered), "
        f"{DecisionLine.objects.count()} lines, {Household.objects.count()} households; "
        f"{requests} requests per row after {WARM_UP} to warm up; times in ms"
    )
    every: list[list[Result]] = []
    for number in range(1, runs + 1):
        print(f"\nrun {number} of {runs} (load average {os.getloadavg()[0]:.1f})")
        header = f"{'scenario':<22}{'user':<10}{'p50':>8}{'p95':>8}{'max':>8}{'queries':>9}  target"
        print(header)
        print("-" * len(header))
        every.append(run_once(requests, only, explained))
    if runs > 1:
        print(f"\np95 over {runs} runs (lowest–highest), load average now {os.getloadavg()[0]:.1f}")
        for index, first in enumerate(every[0]):
            values = [results[index].p95 for results in every]
            met = sum(1 for value in values if value <= TARGET_MS)
            print(
                f"{first.scenario:<22}{first.user:<10}{min(values):>8.1f}–{max(values):<8.1f}"
                f"  {met} of {runs} ≤ {TARGET_MS:.0f} ms"
            )
    slow = [result for results in every for result in results if result.p95 > TARGET_MS]
    if slow:
        print(f"{len(slow)} rows with p95 above {TARGET_MS:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="write the decisions")
    make.add_argument("--decisions", type=int, default=100_000)
    timing = commands.add_parser("run", help="time the register")
    timing.add_argument("--requests", type=int, default=300, help="per scenario and user")
    timing.add_argument("--runs", type=int, default=1, help="measure this many times")
    timing.add_argument("--only", default="", help="only the scenarios whose name has this")
    timing.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE too")
    options = parser.parse_args()
    if options.command == "generate":
        generate(options.decisions)
    else:
        run(options.requests, options.runs, options.only, options.explain)


if __name__ == "__main__":
    main()
