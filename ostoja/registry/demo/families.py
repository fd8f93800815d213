"""Families of the demo gmina, built in memory: persons, memberships over time, incomes."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from faker import Faker

from ostoja.core.text import fold
from ostoja.registry.demo.amounts import (
    employment_deductions,
    minimum_wage,
    money,
    pension_deductions,
    whole,
)
from ostoja.registry.demo.gmina import (
    BLOCK_STREETS,
    GMINA,
    HOUSEHOLDS,
    INCOME_MONTHS,
    REFERENCE_DAY,
    SEED,
    SURNAMES,
    TOWN,
    TOWN_POSTCODE,
    TOWN_STREETS,
    VILLAGES,
)
from ostoja.registry.demo.identifiers import (
    BANK_CODES,
    add_years,
    female_surname,
    nrb_for,
    pesel_for,
)
from ostoja.registry.models import Household, Income, IncomeKind, PaidAlimony, Person, Relation, Sex


@dataclass
class Stream:
    """A monthly income of one person: a kind and a base amount (varied a little monthly)."""

    kind: str
    amount: Decimal
    since: datetime.date = datetime.date.min
    until: datetime.date = datetime.date.max


@dataclass
class Member:
    person: Person
    relation: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None


@dataclass
class Family:
    household: Household
    members: list[Member] = field(default_factory=list)
    since: datetime.date = REFERENCE_DAY


class DemoBuilder:
    """Builds the demo rows in memory, then saves them in bulk with their history."""

    def __init__(self, *, seed: int = SEED, today: datetime.date) -> None:
        self.rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
        self.faker = Faker("pl_PL")
        self.faker.seed_instance(seed)
        self.today = today
        self.pesels: set[str] = set()
        self.addresses: set[tuple[str, str, str, str]] = set()
        self.families: list[Family] = []
        self.streams: dict[int, list[Stream]] = {}  # id(person) -> streams
        self.alimony: dict[int, tuple[Decimal, datetime.date]] = {}  # id(person) -> amount, since
        self.persons: list[Person] = []

    # -- persons ----------------------------------------------------------------------------

    def birth_date(self, age_from: int, age_to: int) -> datetime.date:
        days = self.rng.randint(age_from * 365 + 1, age_to * 365 + 364)
        return REFERENCE_DAY - datetime.timedelta(days=days)

    def person(
        self,
        family: Family,
        *,
        sex: str,
        birth_date: datetime.date,
        surname: str,
        maiden: str = "",
    ) -> Person:
        while True:
            pesel = pesel_for(birth_date, sex, self.rng.randrange(5000))
            if pesel not in self.pesels:
                break
        self.pesels.add(pesel)
        female = sex == Sex.FEMALE
        first = self.faker.first_name_female() if female else self.faker.first_name_male()
        if self.rng.random() < 0.2:
            second = self.faker.first_name_female() if female else self.faker.first_name_male()
            if second != first:
                first = f"{first} {second}"
        own_surname = female_surname(surname) if female else surname
        adult = (REFERENCE_DAY - birth_date).days >= 18 * 365
        address = family.household
        person = Person(
            pesel=pesel,
            first_names=first,
            surname=own_surname,
            family_name=female_surname(maiden) if maiden else own_surname,
            birth_date=birth_date,
            sex=sex,
            phone=self.faker.phone_number() if adult and self.rng.random() < 0.7 else "",
            bank_account=(
                nrb_for(self.rng.choice(BANK_CODES), f"{self.rng.randrange(10**16):016d}")
                if adult and self.rng.random() < 0.6
                else ""
            ),
        )
        for prefix in ("registered_", "actual_"):
            for part in ("gmina", "town", "street", "house_number", "flat_number", "postcode"):
                setattr(person, prefix + part, getattr(address, part))
        person.surname_folded = fold(person.surname)
        person.first_names_folded = fold(person.first_names)
        person.family_name_folded = fold(person.family_name)
        self.persons.append(person)
        return person

    def join(
        self,
        family: Family,
        person: Person,
        relation: str,
        valid_from: datetime.date,
        valid_to: datetime.date | None = None,
    ) -> None:
        start = max(valid_from, person.birth_date)
        family.members.append(Member(person, relation, start, valid_to))

    def add_stream(self, person: Person, stream: Stream) -> None:
        self.streams.setdefault(id(person), []).append(stream)

    # -- households -------------------------------------------------------------------------

    def new_family(self, *, in_town: bool | None = None) -> Family:
        if in_town is None:
            in_town = self.rng.random() < 0.56
        while True:
            if in_town:
                street = self.rng.choice(TOWN_STREETS)
                town, postcode = TOWN, TOWN_POSTCODE
                number = str(self.rng.randint(1, 60 if street in BLOCK_STREETS else 90))
                if self.rng.random() < 0.05:
                    number += self.rng.choice("ab")
                flat = str(self.rng.randint(1, 40)) if street in BLOCK_STREETS else ""
            else:
                town, postcode = self.rng.choice(VILLAGES)
                street, number, flat = "", str(self.rng.randint(1, 140)), ""
            key = (town, street, number, flat)
            if key not in self.addresses:
                self.addresses.add(key)
                break
        household = Household(
            gmina=GMINA,
            town=town,
            street=street,
            house_number=number,
            flat_number=flat,
            postcode=postcode,
            street_folded=fold(street),
            town_folded=fold(town),
        )
        since = REFERENCE_DAY - datetime.timedelta(days=self.rng.randint(60, 13 * 365))
        family = Family(household, since=since)
        self.families.append(family)
        return family

    def adult_streams(self, person: Person, *, rural: bool) -> None:
        """Work, unemployment, disability or farming for a person of working age."""
        roll = self.rng.random()
        if roll < 0.52:
            self.add_stream(person, Stream("wynagrodzenie", money(self.rng.uniform(1.0, 1.6))))
        elif roll < 0.62:
            self.add_stream(person, Stream("zasilek_dla_bezrobotnych", Decimal("1695.40")))
        elif roll < 0.70:
            self.add_stream(person, Stream("renta", money(self.rng.uniform(1780, 2600))))
        elif roll < 0.78 and rural:
            hectares = self.rng.randint(2, 14)
            self.add_stream(person, Stream("gospodarstwo_rolne", money(hectares * 345)))
        elif roll < 0.81:
            self.add_stream(
                person, Stream("dzialalnosc_gospodarcza", money(self.rng.uniform(5200, 9000)))
            )
        elif roll < 0.86:
            self.add_stream(person, Stream("prace_spolecznie_uzyteczne", Decimal("423.50")))
        # else: no income of their own

    def elderly_streams(self, person: Person) -> None:
        low, high = (1900, 3600) if person.sex == Sex.FEMALE else (2300, 4300)
        self.add_stream(person, Stream("emerytura", money(self.rng.uniform(low, high))))
        if (REFERENCE_DAY - person.birth_date).days > 75 * 365:
            self.add_stream(person, Stream("zasilek_pielegnacyjny", Decimal("215.84")))
        if self.rng.random() < 0.15:
            self.add_stream(
                person, Stream("dodatek_mieszkaniowy", money(self.rng.uniform(150, 420)))
            )

    def children(
        self, family: Family, count: int, *, surname: str, mother_birth: datetime.date
    ) -> list[Person]:
        result = []
        oldest = min(21, (REFERENCE_DAY - mother_birth).days // 365 - 19)
        for _ in range(count):
            age = self.rng.randint(0, max(0, oldest))
            sex = self.rng.choice((Sex.FEMALE, Sex.MALE))
            child = self.person(
                family, sex=sex, birth_date=self.birth_date(age, age), surname=surname
            )
            result.append(child)
        return result

    def couple(
        self, family: Family, *, age_from: int, age_to: int, married: bool = True
    ) -> tuple[Person, Person, str]:
        surname = self.rng.choice(SURNAMES)
        man_birth = self.birth_date(age_from, age_to)
        woman_birth = man_birth + datetime.timedelta(days=self.rng.randint(-4 * 365, 5 * 365))
        woman_birth = min(woman_birth, REFERENCE_DAY - datetime.timedelta(days=19 * 365))
        man = self.person(family, sex=Sex.MALE, birth_date=man_birth, surname=surname)
        woman_surname = surname if married else self.rng.choice(SURNAMES)
        woman = self.person(
            family,
            sex=Sex.FEMALE,
            birth_date=woman_birth,
            surname=woman_surname,
            maiden=self.rng.choice(SURNAMES) if married else "",
        )
        head, partner = (man, woman) if self.rng.random() < 0.6 else (woman, man)
        self.join(family, head, Relation.APPLICANT, family.since)
        relation = Relation.SPOUSE if married else Relation.PARTNER
        self.join(family, partner, relation, family.since)
        return man, woman, surname

    # -- family structures ------------------------------------------------------------------

    def single_elderly(self) -> None:
        family = self.new_family()
        sex = Sex.FEMALE if self.rng.random() < 0.68 else Sex.MALE
        surname = self.rng.choice(SURNAMES)
        head = self.person(
            family,
            sex=sex,
            birth_date=self.birth_date(66, 91),
            surname=surname,
            maiden=self.rng.choice(SURNAMES) if sex == Sex.FEMALE else "",
        )
        self.join(family, head, Relation.APPLICANT, family.since)
        self.elderly_streams(head)
        if self.rng.random() < 0.3:  # the spouse died or moved to a care home (DPS)
            other = Sex.MALE if sex == Sex.FEMALE else Sex.FEMALE
            spouse = self.person(
                family,
                sex=other,
                birth_date=head.birth_date - datetime.timedelta(days=self.rng.randint(-900, 2000)),
                surname=surname,
            )
            self.join(family, spouse, Relation.SPOUSE, family.since, self.end_between(family))

    def end_between(self, family: Family) -> datetime.date:
        span = (REFERENCE_DAY - family.since).days
        return family.since + datetime.timedelta(days=self.rng.randint(span // 4, span - 20))

    def single_adult(
        self, *, moved_from: Family | None = None, person: Person | None = None
    ) -> None:
        family = self.new_family()
        if person is None:
            sex = Sex.MALE if self.rng.random() < 0.62 else Sex.FEMALE
            person = self.person(
                family,
                sex=sex,
                birth_date=self.birth_date(24, 64),
                surname=self.rng.choice(SURNAMES),
            )
        else:
            for prefix in ("registered_", "actual_"):
                for part in ("town", "street", "house_number", "flat_number", "postcode"):
                    setattr(person, prefix + part, getattr(family.household, part))
        if moved_from is not None:
            ended = next(m for m in moved_from.members if m.person is person).valid_to
            assert ended is not None
            family.since = ended + datetime.timedelta(days=self.rng.randint(1, 90))
        self.join(family, person, Relation.APPLICANT, family.since)
        if person.birth_date < add_years(REFERENCE_DAY, -65):
            self.elderly_streams(person)
        else:
            self.adult_streams(person, rural=family.household.town != TOWN)

    def couple_with_children(self) -> None:
        family = self.new_family()
        man, woman, surname = self.couple(
            family, age_from=24, age_to=50, married=self.rng.random() < 0.75
        )
        count = self.rng.choices((1, 2, 3, 4, 5), weights=(32, 40, 18, 7, 3))[0]
        kids = self.children(family, count, surname=surname, mother_birth=woman.birth_date)
        for kid in kids:
            relation_end = None
            if (REFERENCE_DAY - kid.birth_date).days > 19 * 365 and self.rng.random() < 0.4:
                relation_end = add_years(kid.birth_date, 19)
                if relation_end <= family.since:
                    relation_end = None
            self.join(family, kid, Relation.CHILD, family.since, relation_end)
        rural = family.household.town != TOWN
        self.adult_streams(man, rural=rural)
        self.adult_streams(woman, rural=rural)
        self.child_benefits(family, woman, kids)

    def single_parent(self) -> None:
        family = self.new_family()
        sex = Sex.FEMALE if self.rng.random() < 0.87 else Sex.MALE
        surname = self.rng.choice(SURNAMES)
        head = self.person(family, sex=sex, birth_date=self.birth_date(22, 48), surname=surname)
        self.join(family, head, Relation.APPLICANT, family.since)
        count = self.rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
        kids = self.children(family, count, surname=surname, mother_birth=head.birth_date)
        for kid in kids:
            self.join(family, kid, Relation.CHILD, family.since)
        self.adult_streams(head, rural=family.household.town != TOWN)
        self.child_benefits(family, head, kids)
        young = [k for k in kids if (REFERENCE_DAY - k.birth_date).days < 18 * 365]
        if young and self.rng.random() < 0.6:
            amount = money(sum(self.rng.choice((500, 600, 700, 800, 1000)) for _ in young))
            self.add_stream(head, Stream("alimenty", amount))
        elif young:
            self.add_stream(head, Stream("swiadczenie_alimentacyjne", money(500 * len(young))))
        if self.rng.random() < 0.5 and (REFERENCE_DAY - family.since).days > 200:
            # The other parent lived here and moved out; often to a flat of their own.
            other = Sex.MALE if sex == Sex.FEMALE else Sex.FEMALE
            ex = self.person(
                family,
                sex=other,
                birth_date=self.birth_date(24, 52),
                surname=self.rng.choice(SURNAMES),
            )
            self.join(family, ex, Relation.PARTNER, family.since, self.end_between(family))
            if self.rng.random() < 0.6:
                self.single_adult(moved_from=family, person=ex)
                if young:
                    ended = family.members[-1].valid_to
                    assert ended is not None
                    amount = money(sum(self.rng.choice((500, 600, 800)) for _ in young))
                    self.alimony[id(ex)] = (amount, ended)

    def multi_generation(self) -> None:
        family = self.new_family(in_town=self.rng.random() < 0.35)
        grandpa, grandma, surname = self.couple(family, age_from=52, age_to=72)
        for elder in (grandpa, grandma):
            if (REFERENCE_DAY - elder.birth_date).days > 63 * 365:
                self.elderly_streams(elder)
            else:
                self.adult_streams(elder, rural=True)
        daughter = self.rng.random() < 0.5
        parent_sex = Sex.FEMALE if daughter else Sex.MALE
        mother_birth = grandma.birth_date
        parent_birth = self.birth_date(22, 36)
        parent_birth = max(parent_birth, add_years(mother_birth, 20))
        parent = self.person(family, sex=parent_sex, birth_date=parent_birth, surname=surname)
        self.join(family, parent, Relation.CHILD, family.since)
        self.adult_streams(parent, rural=family.household.town != TOWN)
        kids_surname = surname
        mother = parent
        if self.rng.random() < 0.5:
            in_law_sex = Sex.MALE if daughter else Sex.FEMALE
            in_law = self.person(
                family,
                sex=in_law_sex,
                birth_date=parent_birth + datetime.timedelta(days=self.rng.randint(-1500, 1500)),
                surname=surname if not daughter else self.rng.choice(SURNAMES),
            )
            joined = family.since + datetime.timedelta(days=self.rng.randint(0, 900))
            self.join(family, in_law, Relation.OTHER_RELATIVE, min(joined, REFERENCE_DAY))
            self.adult_streams(in_law, rural=True)
            if daughter:
                kids_surname = in_law.surname
            else:
                mother = in_law
        count = self.rng.choices((0, 1, 2, 3), weights=(15, 40, 35, 10))[0]
        kids = self.children(
            family, count, surname=kids_surname, mother_birth=max(mother.birth_date, parent_birth)
        )
        for kid in kids:
            self.join(family, kid, Relation.GRANDCHILD, family.since)
        self.child_benefits(family, mother, kids)

    def elderly_couple(self) -> None:
        family = self.new_family()
        man, woman, _surname = self.couple(family, age_from=64, age_to=88)
        self.elderly_streams(man)
        self.elderly_streams(woman)

    def child_benefits(self, family: Family, parent: Person, kids: list[Person]) -> None:
        """800+ for every child under 18, zasiłek rodzinny when the family earns little."""
        for kid in kids:
            eighteen = kid.birth_date.replace(year=kid.birth_date.year + 18, day=1)
            self.add_stream(
                parent, Stream("swiadczenie_wychowawcze", Decimal("800"), until=eighteen)
            )
        earners = [m.person for m in family.members if self.streams.get(id(m.person))]
        if kids and (not earners or self.rng.random() < 0.3):
            for kid in kids:
                age = (REFERENCE_DAY - kid.birth_date).days // 365
                amount = (
                    Decimal("95") if age < 5 else Decimal("124") if age < 18 else Decimal("135")
                )
                self.add_stream(parent, Stream("zasilek_rodzinny", amount))

    # -- the whole gmina --------------------------------------------------------------------

    def build(self) -> None:
        makers = (
            self.single_elderly,
            self.single_adult,
            self.couple_with_children,
            self.single_parent,
            self.multi_generation,
            self.elderly_couple,
        )
        weights = (23, 10, 30, 19, 10, 8)
        while len(self.families) < HOUSEHOLDS:
            self.rng.choices(makers, weights=weights)[0]()

    def income_months(self) -> list[datetime.date]:
        first = self.today.replace(day=1)
        months = []
        for _ in range(INCOME_MONTHS):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
            months.append(first)
        return sorted(months)

    def incomes(self, kinds: dict[str, IncomeKind]) -> list[Income]:
        rows: list[Income] = []
        by_id = {id(p): p for p in self.persons}
        for key, streams in self.streams.items():
            person = by_id[key]
            for month in self.income_months():
                by_kind: dict[str, Income] = {}  # 800+ for two children is one row of 1 600 zł
                for stream in streams:
                    if not stream.since <= month < stream.until:
                        continue
                    row = self.income_row(person, kinds[stream.kind], stream, month)
                    same = by_kind.get(stream.kind)
                    if same is None:
                        by_kind[stream.kind] = row
                    else:
                        same.gross += row.gross
                        same.tax += row.tax
                        same.health += row.health
                        same.social += row.social
                rows.extend(by_kind.values())
        return rows

    def income_row(
        self, person: Person, kind: IncomeKind, stream: Stream, month: datetime.date
    ) -> Income:
        gross = stream.amount
        tax = health = social = Decimal("0")
        if kind.code == "wynagrodzenie":  # the amount is a multiple of the minimum wage
            factor = stream.amount * money(self.rng.uniform(0.97, 1.08))
            gross = money(minimum_wage(month) * factor)
            tax, health, social = employment_deductions(gross)
        elif kind.code in {"emerytura", "renta", "zasilek_dla_bezrobotnych"}:
            tax, health, social = pension_deductions(gross)
        elif kind.code == "dzialalnosc_gospodarcza":
            gross = money(gross * money(self.rng.uniform(0.8, 1.2)))
            social = Decimal("1773.96")  # [M] approximate full ZUS contributions
            health = max(Decimal("432.54"), money((gross - social) * Decimal("0.09")))
            tax = max(Decimal("0"), whole((gross - social) * Decimal("0.12") - Decimal("300")))
        return Income(
            person=person,
            month=month,
            kind=kind,
            gross=gross,
            tax=tax,
            health=health,
            social=social,
        )

    def paid_alimony(self) -> list[PaidAlimony]:
        by_id = {id(p): p for p in self.persons}
        return [
            PaidAlimony(person=by_id[key], month=month, amount=amount)
            for key, (amount, since) in self.alimony.items()
            for month in self.income_months()
            if month >= since
        ]
