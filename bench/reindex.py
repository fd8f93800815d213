"""Benchmark: the re-indexation of 1 January 2025 over 10 000 monthly awards at city scale.

On the PostgreSQL database named by DATABASE_URL (migrated, may be empty): a city of 50 000
households, 10 000 of them with a monthly award granted in 2024 by a signed decision resting on
a real assessment (the rules run on a frozen household, as `assessment_create` stores it):

* 70 % zasiłek stały (a single person of 70 with a pension of 0–770 zł): every amount changes;
* 15 % zasiłek okresowy (a single unemployed person, the clerk's amount in the 2024 range):
  some stay, some are raised to the new minimum;
* 10 % świadczenie pielęgnacyjne (a parent caring for a child with a significant degree of
  disability): the amount changes, except where the child turns 18 before 2025 (no right);
* 5 % zasiłek pielęgnacyjny (a child under 16 with a disability certificate): unchanged.

Each of `--runs` runs empties the benefits' tables (TRUNCATE: the registry stays), makes the
awards again with `bulk_create`, and times `reindexation_run` of 1 January 2025 from the start
to DONE, in this process (the task's body, without the worker's polling). The issue's limit:
≤ 60 s for 10 000 awards.

    DATABASE_URL=postgres://... .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://... .venv/bin/python bench/reindex.py [--awards 10000] [--runs 3]
"""

# ruff: noqa: E402  (Django is set up before the project is imported)
import argparse
import datetime
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.benefits.catalogue import BENEFITS, Act, Benefit
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Assessment,
    Authorisation,
    Award,
    AwardFrequency,
    Channel,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionRegister,
    DecisionState,
    PaymentMethod,
    Reindexation,
    ReindexItem,
    RequestedBenefit,
)
from ostoja.benefits.services.assessments import result_to_json, rules_version
from ostoja.benefits.services.reindex import reindexation_run
from ostoja.casework.models import CaseFile, Interview, InterviewKind, InterviewState
from ostoja.core.text import fold
from ostoja.registry.demo import BANK_CODES, nrb_for, pesel_for
from ostoja.registry.models import Household, Membership, Person
from ostoja.rules.benefits import calculate
from ostoja.rules.household import household_from_dict

SEED = 2025
DAY = datetime.date(2025, 1, 1)
GRANTED = datetime.date(2024, 3, 1)
BATCH = 2000
CITY = "Miasto Testowe"
MIX = (
    (Benefit.ZASILEK_STALY, 70),
    (Benefit.ZASILEK_OKRESOWY, 15),
    (Benefit.SWIADCZENIE_PIELEGNACYJNE, 10),
    (Benefit.ZASILEK_PIELEGNACYJNY, 5),
)
PREFIX = "bench_reindex"


# ---------------------------------------------------------------------------------------------
# The registry: households, persons, memberships (made once, kept between runs)
# ---------------------------------------------------------------------------------------------


class City:
    def __init__(self, households: int, awards: int) -> None:
        self.rng = random.Random(SEED)
        self.households = households
        self.awards = awards
        self.pesels: set[str] = set()

    def pesel(self, birth: datetime.date, sex: str) -> str:
        while True:
            value = pesel_for(birth, sex, self.rng.randrange(5000))
            if value not in self.pesels:
                self.pesels.add(value)
                return value

    def person(self, birth: datetime.date, sex: str, first: str, surname: str) -> Person:
        return Person(
            pesel="",
            first_names=first,
            surname=surname,
            family_name=surname,
            birth_date=birth,
            sex=sex,
            surname_folded=fold(surname),
            first_names_folded=fold(first),
            family_name_folded=fold(surname),
        )


def _bulk(objects: list[Any]) -> list[Any]:
    if not objects:
        return objects
    return type(objects[0]).objects.bulk_create(objects, batch_size=BATCH)  # type: ignore[no-any-return]


def registry(city: City) -> tuple[list[Household], list[Person], dict[int, Person]]:
    """The households (the first `awards` of them get an award) with their heads and, for the
    care benefits, a child; made once: a second call finds them."""
    existing = list(Household.objects.filter(notes=PREFIX).order_by("pk"))
    if len(existing) >= city.households:
        head_of = {m.household_id: m.person for m in _memberships("wnioskodawca")}
        child_of = {m.household_id: m.person for m in _memberships("dziecko")}
        return existing, [head_of[home.pk] for home in existing], child_of
    if existing:
        sys.exit("The database holds a benchmark city of another size: start from an empty one.")
    area = Area.objects.get_or_create(name="Rejon benchmarku")[0]
    homes = _bulk(
        [
            Household(
                area=area,
                gmina=CITY,
                town=CITY,
                street="Lipowa",
                house_number=str(index % 120 + 1),
                postcode="00-001",
                street_folded=fold("Lipowa"),
                town_folded=fold(CITY),
                notes=PREFIX,
            )
            for index in range(city.households)
        ]
    )
    rng = city.rng
    heads: list[Person] = []
    for index in range(city.households):
        birth = datetime.date(rng.randint(1950, 1990), rng.randint(1, 12), rng.randint(1, 28))
        heads.append(city.person(birth, "K", "Anna", f"Benchmarkowa{index}"))
    for person in heads:
        person.pesel = city.pesel(person.birth_date, person.sex)
    heads = _bulk(heads)
    children: dict[int, Person] = {}
    care = _care_indices(city)
    kids: list[tuple[int, Person]] = []
    for index in care:
        birth = _child_birth(rng, index, _benefit_of(city, index))
        kid = city.person(birth, "M", "Jan", f"Benchmarkowy{index}")
        kid.pesel = city.pesel(kid.birth_date, kid.sex)
        kids.append((index, kid))
    made = _bulk([kid for _index, kid in kids])
    memberships = [
        Membership(household=home, person=head, relation="wnioskodawca", valid_from=GRANTED)
        for home, head in zip(homes, heads, strict=True)
    ]
    for (index, _kid), kid in zip(kids, made, strict=True):
        children[homes[index].pk] = kid
        memberships.append(
            Membership(household=homes[index], person=kid, relation="dziecko", valid_from=GRANTED)
        )
    _bulk(memberships)
    casework(city, homes)
    return homes, heads, children


def casework(city: City, homes: list[Household]) -> None:
    """A case file and a completed interview for each family with a social-assistance award (a
    decision of that act is issued after one, art. 106 ust. 4 u.p.s.): what the assessment's
    warnings read. The interviews of autumn 2024, due for their update in spring 2025."""
    worker = User.objects.get_or_create(
        username=f"{PREFIX}_worker",
        defaults={"role": Role.SOCIAL_WORKER, "first_name": "Zofia", "last_name": "Pracownik"},
    )[0]
    indices = [
        index
        for index in range(city.awards)
        if BENEFITS[_benefit_of(city, index)].act == Act.SOCIAL_ASSISTANCE
    ]
    cases = _bulk(
        [
            CaseFile(household=homes[index], opened_on=datetime.date(2023, 12, 1))
            for index in indices
        ]
    )
    conducted = [datetime.date(2024, 10, 1) + datetime.timedelta(days=i % 60) for i in indices]
    _bulk(
        [
            Interview(
                case=case,
                kind=InterviewKind.FULL,
                state=InterviewState.COMPLETED,
                form_code="rws-2021",
                form_version="1",
                worker=worker,
                need_known_on=day,
                due_on=day,
                conducted_on=day,
            )
            for case, day in zip(cases, conducted, strict=True)
        ]
    )


def _memberships(relation: str) -> Iterator[Membership]:
    memberships = Membership.objects.filter(household__notes=PREFIX, relation=relation)
    return memberships.select_related("person").iterator()


def _benefit_of(city: City, index: int) -> str:
    """The benefit of the `index`-th award, by the mix."""
    slot = index % 100
    for benefit, share in MIX:
        if slot < share:
            return str(benefit)
        slot -= share
    raise AssertionError(slot)


def _care_indices(city: City) -> list[int]:
    return [
        index
        for index in range(city.awards)
        if _benefit_of(city, index)
        in (Benefit.SWIADCZENIE_PIELEGNACYJNE, Benefit.ZASILEK_PIELEGNACYJNY)
    ]


def _child_birth(rng: random.Random, index: int, benefit: str) -> datetime.date:
    """Children of 3–15 in 2024; one in five cared-for children turns 18 in 2024."""
    if benefit == Benefit.SWIADCZENIE_PIELEGNACYJNE and index % 5 == 0:
        return datetime.date(2006, rng.randint(4, 12), rng.randint(1, 28))
    return datetime.date(rng.randint(2009, 2021), rng.randint(1, 12), rng.randint(1, 28))


# ---------------------------------------------------------------------------------------------
# The benefits: applications, assessments, signed decisions, awards (made again for each run)
# ---------------------------------------------------------------------------------------------


def empty_benefits() -> None:
    tables = [model._meta.db_table for model in apps.get_app_config("benefits").get_models()]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def staff() -> tuple[User, User]:
    clerk = User.objects.get_or_create(
        username=f"{PREFIX}_clerk",
        defaults={"role": Role.BENEFITS_CLERK, "first_name": "Beata", "last_name": "Urzędnik"},
    )[0]
    director = User.objects.get_or_create(
        username=f"{PREFIX}_director",
        defaults={"role": Role.DIRECTOR, "first_name": "Krystyna", "last_name": "Kierownik"},
    )[0]
    return clerk, director


def _household_json(benefit: str, head: Person, child: Person | None, amount: Decimal) -> Any:
    if benefit == Benefit.ZASILEK_STALY:
        incomes = [{"kind": "emerytura", "amount": f"{amount:.2f}"}] if amount else []
        return {
            "members": [
                {
                    "id": "o1",
                    "birth_date": "1954-05-05",
                    "sex": "K",
                    "applicant": True,
                    "incomes": incomes,
                }
            ]
        }
    if benefit == Benefit.ZASILEK_OKRESOWY:
        incomes = [{"kind": "wynagrodzenie", "amount": f"{amount:.2f}"}] if amount else []
        return {
            "members": [
                {
                    "id": "o1",
                    "birth_date": head.birth_date.isoformat(),
                    "sex": "K",
                    "applicant": True,
                    "incomes": incomes,
                }
            ]
        }
    assert child is not None
    parent = {
        "id": "o1",
        "birth_date": head.birth_date.isoformat(),
        "sex": "K",
        "applicant": True,
    }
    kid: dict[str, Any] = {
        "id": "o2",
        "birth_date": child.birth_date.isoformat(),
        "sex": "M",
        "relation": "dziecko",
    }
    if benefit == Benefit.SWIADCZENIE_PIELEGNACYJNE:
        parent["cares_for"] = ["o2"]
        kid["disability"] = "significant"
        return {"members": [parent, kid], "base_year": 2023}
    kid["disability"] = "certificate"
    return {"members": [parent, kid], "base_year": 2023}


def benefits(
    city: City, homes: list[Household], heads: list[Person], kids: dict[int, Person]
) -> int:
    """Everything an award rests on, with bulk_create; returns the number of awards."""
    rng = random.Random(SEED + 1)
    clerk, director = staff()
    registers = {
        Act.SOCIAL_ASSISTANCE: DecisionRegister.objects.create(
            name="Rejestr decyzji u.p.s.", symbol="GOPS.8311", act=Act.SOCIAL_ASSISTANCE
        ),
        Act.FAMILY_BENEFITS: DecisionRegister.objects.create(
            name="Rejestr decyzji u.ś.r.", symbol="GOPS.8321", act=Act.FAMILY_BENEFITS
        ),
    }
    authorisation = Authorisation.objects.create(
        user=director,
        number="OR.0052.1.2024",
        granted_by="Prezydent Miasta Testowego",
        granted_on=datetime.date(2024, 1, 2),
        valid_from=datetime.date(2024, 1, 2),
        social_assistance=True,
        family_benefits=True,
        position="Dyrektor Miejskiego Ośrodka Pomocy Społecznej",
        recorded_by=director,
    )
    version = rules_version()
    plans = []
    for index in range(city.awards):
        benefit = _benefit_of(city, index)
        income = Decimal(rng.randint(0, 770))
        household = _household_json(benefit, heads[index], kids.get(homes[index].pk), income)
        result = calculate(BENEFITS[benefit].rules or "", household_from_dict(household), GRANTED)
        assert result.eligible, (benefit, household)
        plans.append((index, benefit, household, result))
    applications = _bulk(
        [
            Application(
                household=homes[index],
                applicant=heads[index],
                act=BENEFITS[benefit].act,
                received_on=GRANTED,
                channel=Channel.IN_PERSON,
                state=ApplicationState.DECIDED,
                handled_by=clerk,
                registered_by=clerk,
                decided_on=GRANTED,
                benefit_period_start=datetime.date(2023, 11, 1)
                if BENEFITS[benefit].act == Act.FAMILY_BENEFITS
                else None,
            )
            for index, benefit, _household, _result in plans
        ]
    )
    _bulk(
        [
            RequestedBenefit(application=application, benefit=plan[1])
            for application, plan in zip(applications, plans, strict=True)
        ]
    )
    assessments = _bulk(
        [
            Assessment(
                application=application,
                benefit=benefit,
                day=GRANTED,
                period_kind=result.period.kind if result.period else "miesiac",
                period_start=result.period.start if result.period else GRANTED,
                period_end=result.period.end if result.period else GRANTED,
                household=household,
                persons={"o1": heads[index].pk}
                | ({"o2": kids[homes[index].pk].pk} if homes[index].pk in kids else {}),
                result=result_to_json(result),
                eligible=True,
                amount=result.amount,
                rules_version=version,
                flags=[],
                made_by=clerk,
            )
            for application, (index, benefit, household, result) in zip(
                applications, plans, strict=True
            )
        ]
    )
    now = timezone.now()
    numbers: Counter[str] = Counter()
    decisions = []
    for application, assessment, (index, benefit, _household, _result) in zip(
        applications, assessments, plans, strict=True
    ):
        act = BENEFITS[benefit].act
        numbers[act] += 1
        register = registers[act]
        decisions.append(
            Decision(
                application=application,
                household=homes[index],
                party=heads[index],
                kind=DecisionKind.GRANT,
                act=act,
                # Signed after its lines are in (a trigger refuses lines of a signed decision).
                state=DecisionState.FOR_APPROVAL,
                assessment=assessment,
                register=register,
                year=2024,
                sequence=numbers[act],
                number=register.format_number(number=numbers[act], year=2024),
                effective_from=None,
                legal_basis="Na podstawie art. 106 ust. 1 ustawy o pomocy społecznej",
                operative="Przyznaje się świadczenie.",
                justification_facts="Dochód nie przekracza kryterium.",
                justification_law="Art. 8 ust. 1 ustawy.",
                appeal_instruction="Od decyzji przysługuje odwołanie.",
                distribution="Otrzymują: strona, a/a.",
                drafted_by=clerk,
                signed_by=director,
                authorisation=authorisation,
                signed_at=now,
                issued_on=GRANTED,
                delivered_on=GRANTED,
                final_on=GRANTED,
            )
        )
    decisions = _bulk(decisions)
    lines = []
    awards = []
    for decision, assessment, (index, benefit, _household, _result) in zip(
        decisions, assessments, plans, strict=True
    ):
        person, amount, until = _terms(rng, benefit, heads[index], kids, homes[index], assessment)
        bank = index % 2 == 0
        account = nrb_for(BANK_CODES[index % 5], f"{index:016d}") if bank else ""
        method = PaymentMethod.BANK if bank else PaymentMethod.CASH
        lines.append(
            DecisionLine(
                decision=decision,
                benefit=benefit,
                person=person,
                amount=amount,
                period_from=GRANTED,
                period_to=until,
                payee=heads[index],
                method=method,
                account=account,
            )
        )
        awards.append(
            Award(
                decision=decision,
                household=homes[index],
                person=person,
                payee=heads[index],
                benefit=benefit,
                frequency=AwardFrequency.MONTHLY,
                amount=amount,
                valid_from=GRANTED,
                valid_to=until,
                method=method,
                account=account,
            )
        )
    lines = _bulk(lines)
    Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(state=DecisionState.FINAL)
    for award, line in zip(awards, lines, strict=True):
        award.line = line
    return len(_bulk(awards))


def _terms(
    rng: random.Random,
    benefit: str,
    head: Person,
    kids: dict[int, Person],
    home: Household,
    assessment: Assessment,
) -> tuple[Person, Decimal, datetime.date | None]:
    """Whom the award is for, its amount and its end."""
    if benefit == Benefit.ZASILEK_OKRESOWY:
        low = Decimal(assessment.result["amount_min"])
        high = Decimal(assessment.result["amount_max"])
        step = (high - low) / 4
        amount = (low + step * rng.randint(0, 4)).quantize(Decimal("0.01"))
        return head, amount, datetime.date(2025, 6, 30)
    assert assessment.amount is not None
    if benefit in (Benefit.SWIADCZENIE_PIELEGNACYJNE, Benefit.ZASILEK_PIELEGNACYJNY):
        person = head if benefit == Benefit.SWIADCZENIE_PIELEGNACYJNE else kids[home.pk]
        return person, assessment.amount, None
    return head, assessment.amount, None


# ---------------------------------------------------------------------------------------------
# One timed run
# ---------------------------------------------------------------------------------------------


def timed_run(city: City) -> dict[str, Any]:
    homes, heads, kids = registry(city)
    empty_benefits()
    started = time.perf_counter()
    with transaction.atomic():
        count = benefits(city, homes, heads, kids)
    made = time.perf_counter() - started
    clerk, _director = staff()
    run = Reindexation.objects.create(effective_on=DAY, started_by=clerk)
    started = time.perf_counter()
    run = reindexation_run(run.pk)
    elapsed = time.perf_counter() - started
    outcomes = Counter(
        ReindexItem.objects.filter(reindexation=run).values_list("outcome", flat=True)
    )
    return {
        "awards": count,
        "made_in": made,
        "seconds": elapsed,
        "state": run.state,
        "outcomes": dict(outcomes),
        "drafts": Decision.objects.filter(reindexation=run).count(),
        "per_award_ms": 1000 * elapsed / max(1, count),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=10_000)
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the first run")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the benchmark is of PostgreSQL.")
    city = City(max(args.households, args.awards), args.awards)
    print(f"{args.awards} awards among {city.households} households; re-indexation of {DAY}")
    for number in range(1, args.runs + 1):
        if args.profile and number == 1:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            outcome = profile.runcall(timed_run, city)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        else:
            outcome = timed_run(city)
        limit = "yes" if outcome["seconds"] <= 60 else "NO"
        print(
            f"run {number}: {outcome['awards']} awards made in {outcome['made_in']:.1f} s; "
            f"re-indexed in {outcome['seconds']:.1f} s ({outcome['per_award_ms']:.2f} ms an "
            f"award; ≤ 60 s: {limit}); {outcome['state']}; outcomes {outcome['outcomes']}; "
            f"drafts {outcome['drafts']}"
        )


if __name__ == "__main__":
    main()
