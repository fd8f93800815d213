"""Benefits in the demo gmina Dębowo, on top of the registry's families and the social work.

What a centre that has used Ostoja for a while has:
* its configuration: a register of decisions per act and the authorisations to sign (the
  director for both acts; the family-benefits clerk for family benefits);
* pensioners living alone on a small pension with a zasiłek stały granted in the autumn of 2024,
  before the centre used Ostoja: their decisions recorded from the paper file
  (`decision_import`), each on an application and an assessment with the law of its day, so that
  the re-indexation for the criteria of 1 January 2025 has awards to recompute;
* this month's applications for a zasiłek okresowy from client families with an environmental
  interview (the poorest mostly, and a few others), in every state of the procedure: just
  registered, overdue, assessed, with a draft, waiting for the director's signature, signed,
  delivered and final; the assessment decides on the family's real demo income whether the
  decision grants or refuses;
* applications for a zasiłek rodzinny for the benefit period running today from the poorest
  families with children, one in each state, their base-year incomes stated from the demo's
  incomes: most are granted, one under złotówka za złotówkę, some refused.

Everything goes through the services, the clerk drafting and the director signing, so that the
action records are those of a real office. A fixed `random.Random` makes the same demo for the
same day. The pensioners are synthetic persons with PESELs nobody has (correct check digits).
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.benefits import drafting
from ostoja.benefits.catalogue import Act, Benefit, spec
from ostoja.benefits.deadlines import family_benefit_first_month
from ostoja.benefits.models import (
    Application,
    Assessment,
    Channel,
    Decision,
    DecisionKind,
    DeliveryMethod,
    PaymentMethod,
)
from ostoja.benefits.periods import benefit_period_of, benefit_period_start_on
from ostoja.benefits.services import applications as application_services
from ostoja.benefits.services import assessments as assessment_services
from ostoja.benefits.services import configuration
from ostoja.benefits.services import decisions as decision_services
from ostoja.benefits.services.applications import BenefitAsked
from ostoja.casework.demo import CaseworkDemo
from ostoja.casework.models import INTERVIEW_FIXED_STATES, Interview, InterviewKind
from ostoja.core.workdays import add_working_days, next_working_day
from ostoja.registry import services as registry_services
from ostoja.registry.demo.clients import poorest_first
from ostoja.registry.demo.gmina import AREA_TOWN, AREA_VILLAGES, TOWN, TOWN_POSTCODE, TOWN_STREETS
from ostoja.registry.demo.identifiers import BANK_CODES, nrb_for, pesel_for
from ostoja.registry.models import Household, IncomeKind, Membership, Person, Relation

SEED = 9020
DIRECTOR_POSITION = "Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie"
# The pensioners' applications of October 2024 and their decisions' numbers on paper.
PENSIONERS = 14
FIRST_PAPER_NUMBER = 187
PENSIONER_NAMES = (
    ("Helena", "Kaczmarek", "K"),
    ("Stanisława", "Pawlak", "K"),
    ("Józef", "Sikora", "M"),
    ("Janina", "Baran", "K"),
    ("Kazimierz", "Wróbel", "M"),
    ("Irena", "Zając", "K"),
    ("Teresa", "Michalak", "K"),
    ("Tadeusz", "Górecki", "M"),
    ("Genowefa", "Adamczyk", "K"),
    ("Zdzisław", "Jasiński", "M"),
    ("Leokadia", "Wieczorek", "K"),
    ("Czesława", "Kubiak", "K"),
    ("Eugeniusz", "Szulc", "M"),
    ("Bronisława", "Olszewska", "K"),
)
# The states this month's applications are left in, in this order, one family each, then the
# draw decides for the rest (most of them settled).
STAGES = (
    "registered",
    "overdue",
    "assessed",
    "draft",
    "for_signature",
    "for_signature",
    "signed",
    "delivered",
    "final",
)
POOREST_APPLYING = 24
FAMILY_STAGES = ("registered", "assessed", "draft", "for_signature", "signed", "delivered", "final")
LATER_STAGES = ("final", "final", "delivered", "signed", "for_signature", "assessed")


def _user(role: str) -> User:
    return User.objects.filter(role=role, is_active=True).order_by("pk").first()  # type: ignore[return-value]


class BenefitsDemo:
    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.rng = random.Random(SEED)  # noqa: S311 - a reproducible demo, not a secret
        self.director = _user(Role.DIRECTOR)
        self.clerk = _user(Role.BENEFITS_CLERK)
        self.counts: Counter[str] = Counter()
        self.paper_number = FIRST_PAPER_NUMBER
        self.casework = CaseworkDemo(today)

    # -- configuration --------------------------------------------------------------------

    def configure(self) -> None:
        configuration.register_create(
            actor=self.director,
            name="Decyzje w sprawach pomocy społecznej",
            symbol="GOPS.8311",
            act=Act.SOCIAL_ASSISTANCE,
        )
        configuration.register_create(
            actor=self.director,
            name="Decyzje w sprawach świadczeń rodzinnych",
            symbol="GOPS.8321",
            act=Act.FAMILY_BENEFITS,
        )
        configuration.authorisation_create(
            actor=self.director,
            user=self.director,
            number="OR.0052.3.2024",
            granted_by="Wójt Gminy Dębowo",
            granted_on=datetime.date(2024, 1, 2),
            valid_from=datetime.date(2024, 1, 2),
            valid_to=None,
            social_assistance=True,
            family_benefits=True,
            position=DIRECTOR_POSITION,
        )
        configuration.authorisation_create(
            actor=self.director,
            user=self.clerk,
            number="OR.0052.7.2025",
            granted_by="Wójt Gminy Dębowo",
            granted_on=datetime.date(2025, 3, 3),
            valid_from=datetime.date(2025, 3, 3),
            valid_to=None,
            social_assistance=False,
            family_benefits=True,
            position="Inspektor ds. świadczeń rodzinnych",
        )

    # -- pensioners with a zasiłek stały granted on paper in 2024 --------------------------

    def _pesel(self, birth: datetime.date, sex: str, index: int) -> str:
        serial = 5 * (900 + index)
        pesel = pesel_for(birth, sex, serial)
        while Person.objects.filter(pesel=pesel).exists():
            serial += 5
            pesel = pesel_for(birth, sex, serial)
        return pesel

    def _pensioner_household(self, index: int) -> Household:
        first_names, surname, sex = PENSIONER_NAMES[index]
        # Unable to work because of age (art. 6 pkt 7 u.p.s.): a woman of 60, a man of 65.
        age = self.rng.randint(66, 84)
        birth = datetime.date(2024 - age, self.rng.randint(1, 12), self.rng.randint(1, 28))
        area = Area.objects.get(name=AREA_TOWN if index % 2 == 0 else AREA_VILLAGES)
        worker = area.workers.order_by("pk").first() or self.director
        return registry_services.family_register(
            actor=worker,
            area=area,
            address={
                "gmina": TOWN,
                "town": TOWN,
                "street": self.rng.choice(TOWN_STREETS),
                "house_number": str(self.rng.randint(1, 60)),
                "flat_number": "",
                "postcode": TOWN_POSTCODE,
            },
            head_data={
                "pesel": self._pesel(birth, sex, index),
                "first_names": first_names,
                "surname": surname,
                "birth_date": birth,
                "sex": sex,
                "registered_gmina": TOWN,
                "registered_town": TOWN,
            },
            since=datetime.date(2015, 1, 1),
        )

    def _pension_months(self, person: Person, amount_2024: Decimal) -> None:
        """The pension of September 2024 (the month before the application) and of the six
        months before today, raised by the yearly indexations (about 5.5 % in 2025 and 4.9 %
        in 2026: plausible, not the exact figures)."""
        pension = IncomeKind.objects.get(code="emerytura")
        months = {datetime.date(2024, 9, 1): amount_2024}
        first_of_month = self.today.replace(day=1)
        for back in range(1, 7):
            month = (first_of_month - datetime.timedelta(days=28 * back)).replace(day=1)
            factor = Decimal("1.055") * (Decimal("1.049") if month.year >= 2026 else 1)
            months[month] = (amount_2024 * factor).quantize(Decimal("0.01"))
        for month, gross in sorted(months.items()):
            registry_services.income_add(
                actor=self.clerk, person=person, month=month, kind=pension, gross=gross
            )

    def _registered(
        self, household: Household, person: Person, received_on: datetime.date, benefit: str
    ) -> Application:
        act = spec(benefit).act
        application = application_services.application_register(
            actor=self.clerk,
            household=household,
            applicant=person,
            act=act,
            received_on=received_on,
            channel=self.rng.choice([Channel.IN_PERSON, Channel.IN_PERSON, Channel.POST]),
            benefits=[BenefitAsked(benefit=benefit)],
            handled_by=self.clerk,
        )
        if act == Act.FAMILY_BENEFITS:
            self._base_year_incomes(application)
        return application

    def _base_year_incomes(self, application: Application) -> None:
        """Each member's income of the base year as the family states it (art. 3 pkt 1–2
        u.ś.r.): here twelve times the member's net income of last month, a plausible figure
        for a demo (the registry keeps months, not the tax office's certificates)."""
        month = (self.today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        members = Membership.objects.current_on(application.received_on).filter(
            household=application.household
        )
        for membership in members.select_related("person"):
            net = sum(
                (
                    income.gross - income.tax - income.health - income.social
                    for income in membership.person.incomes.filter(month=month)
                ),
                Decimal(0),
            )
            application_services.member_facts_set(
                actor=self.clerk,
                application=application,
                person=membership.person,
                facts={"annual_income": 12 * net},
            )

    def _assessed_application(
        self, household: Household, person: Person, received_on: datetime.date, benefit: str
    ) -> tuple[Application, Assessment]:
        application = self._registered(household, person, received_on, benefit)
        assessment = assessment_services.assessment_create(
            actor=self.clerk,
            application=application,
            benefit=benefit,
        )
        return application, assessment

    def _account(self, index: int) -> str:
        return nrb_for(BANK_CODES[index % len(BANK_CODES)], f"{7100000000000000 + index:016d}")

    def pensioners(self) -> None:
        for index in range(PENSIONERS):
            household = self._pensioner_household(index)
            person = household.memberships.get().person
            self._pension_months(person, Decimal(self.rng.randint(380, 720)))
            received_on = next_working_day(datetime.date(2024, 10, 1 + index))
            # The social worker's interview before the decision, updated every six months
            # since: what the signing of the re-indexation's changes asks for.
            self.casework.pensioner_case(household, received_on)
            application, assessment = self._assessed_application(
                household, person, received_on, Benefit.ZASILEK_STALY
            )
            if not assessment.eligible or not assessment.amount:
                continue
            self._import_grant(index, household, person, application, assessment)

    def _import_grant(
        self,
        index: int,
        household: Household,
        person: Person,
        application: Application,
        assessment: Assessment,
    ) -> None:
        received_on = application.received_on
        issued_on = add_working_days(received_on, self.rng.randint(8, 15))
        delivered_on = add_working_days(issued_on, self.rng.randint(1, 4))
        by_bank = index % 3 != 0
        line = decision_services.LineData(
            benefit=Benefit.ZASILEK_STALY,
            person=person,
            amount=assessment.amount,
            # Art. 106 ust. 3 u.p.s.: from the month of the application; until further notice.
            period_from=received_on.replace(day=1),
            method=PaymentMethod.BANK if by_bank else PaymentMethod.CASH,
            account=self._account(index) if by_bank else "",
            payee=person,
        )
        reasons = assessment.result.get("reasons", [])
        self.paper_number += self.rng.randint(1, 6)
        decision_services.decision_import(
            actor=self.director,
            kind=DecisionKind.GRANT,
            act=Act.SOCIAL_ASSISTANCE,
            household=household,
            party=person,
            number=f"GOPS.8311.{self.paper_number}.2024",
            issued_on=issued_on,
            signatory=f"{self.director.get_full_name()}, {DIRECTOR_POSITION}",
            legal_basis=drafting.legal_basis(
                kind=DecisionKind.GRANT,
                act=Act.SOCIAL_ASSISTANCE,
                day=issued_on,
                benefits=[Benefit.ZASILEK_STALY],
                reasons=reasons,
            ),
            lines=[line],
            application=application,
            assessment=assessment,
            delivery_method=DeliveryMethod.IN_PERSON if index % 2 else DeliveryMethod.POST,
            delivered_on=delivered_on,
            # Art. 129 § 2 k.p.a.: 14 days from the day after delivery; final the day after.
            final_on=delivered_on + datetime.timedelta(days=15),
        )
        self.counts["imported"] += 1

    # -- this month's applications for a zasiłek okresowy -------------------------------

    def _client_families(self) -> list[tuple[Household, Person]]:
        """Client families whose environmental interview is done, their head as the applicant,
        in a stable order."""
        # As the signature asks (art. 106 ust. 4 u.p.s.): a current full interview or update.
        interviewed = Interview.objects.filter(
            case__household=OuterRef("pk"),
            kind__in=[InterviewKind.FULL, InterviewKind.UPDATE],
            state__in=INTERVIEW_FIXED_STATES,
            superseded_by__isnull=True,
        )
        households = (
            Household.objects.filter(Exists(interviewed))
            .exclude(applications__isnull=False)
            .order_by("pk")
        )
        families = []
        for household in households:
            head = (
                Membership.objects.current_on(self.today)
                .filter(household=household, relation="wnioskodawca")
                .select_related("person")
                .first()
            )
            if head is not None:
                families.append((household, head.person))
        return families

    def current_applications(self) -> None:
        """Thirty applications: the 24 poorest client families, who mostly get the allowance,
        and six drawn from the rest, who mostly are refused, in a drawn order."""
        families = self._client_families()
        head = dict(families)
        poorest = poorest_first(list(head), self.today)
        chosen = [*poorest[:POOREST_APPLYING], *self.rng.sample(poorest[POOREST_APPLYING:], 6)]
        self.rng.shuffle(chosen)
        for number, household in enumerate(chosen):
            person = head[household]
            stage = STAGES[number] if number < len(STAGES) else self.rng.choice(LATER_STAGES)
            self._one_application(household, person, stage)

    def _received_on(self, stage: str) -> datetime.date:
        if stage == "overdue":  # more than the month of art. 35 § 3 k.p.a.
            return next_working_day(self.today - datetime.timedelta(days=40))
        back = {"registered": (0, 3), "assessed": (2, 8), "draft": (3, 10)}.get(stage, (8, 30))
        day = self.today - datetime.timedelta(days=self.rng.randint(*back))
        return next_working_day(day) if next_working_day(day) <= self.today else self.today

    def _one_application(
        self,
        household: Household,
        person: Person,
        stage: str,
        benefit: str = Benefit.ZASILEK_OKRESOWY,
    ) -> None:
        received_on = self._received_on(stage)
        self.counts["application"] += 1
        if stage in ("registered", "overdue"):
            self._registered(household, person, received_on, benefit)
            return
        application, assessment = self._assessed_application(
            household, person, received_on, benefit
        )
        if stage == "assessed":
            return
        decision = self._draft(household, person, application, assessment)
        self.counts["decision"] += 1
        if stage == "draft":
            return
        decision = decision_services.decision_submit(actor=self.clerk, decision=decision)
        if stage == "for_signature":
            return
        decision = decision_services.decision_sign(
            actor=self.director, decision=decision, base_version=decision.version
        )
        if stage == "signed":
            return
        decision_services.decision_record_delivery(
            actor=self.clerk,
            decision=decision,
            method=DeliveryMethod.IN_PERSON,
            delivered_on=self.today,
        )
        if stage == "final":
            decision.refresh_from_db()
            decision_services.decision_record_waiver(
                actor=self.clerk, decision=decision, received_on=self.today
            )

    def _draft(
        self, household: Household, person: Person, application: Application, assessment: Assessment
    ) -> Decision:
        granted = assessment.eligible and bool(assessment.amount)
        kind = DecisionKind.GRANT if granted else DecisionKind.REFUSAL
        benefit = assessment.benefit
        act = spec(benefit).act
        lines = []
        if granted:
            period_from, period_to = self._granted_period(application, benefit)
            lines = [
                decision_services.LineData(
                    benefit=benefit,
                    person=person,
                    amount=assessment.amount,
                    period_from=period_from,
                    period_to=period_to,
                    method=PaymentMethod.CASH,
                    payee=person,
                )
            ]
        interview = (
            Interview.objects.filter(case__household=household, state__in=INTERVIEW_FIXED_STATES)
            .order_by("-conducted_on")
            .first()
        )
        texts = drafting.draft_texts(
            kind=kind,
            act=act,
            day=self.today,
            party=person,
            lines=lines,  # type: ignore[arg-type]
            benefits=[benefit],
            assessment=assessment,
            received_on=application.received_on,
            interview_on=interview.conducted_on
            if interview and act == Act.SOCIAL_ASSISTANCE
            else None,
        )
        return decision_services.decision_draft(
            actor=self.clerk,
            kind=kind,
            act=act,
            household=household,
            party=person,
            application=application,
            assessment=assessment,
            lines=lines,
            legal_basis=texts.legal_basis,
            operative=texts.operative,
            justification_facts=texts.justification_facts,
            justification_law=texts.justification_law,
            appeal_instruction=texts.appeal_instruction,
            distribution=texts.distribution,
        )

    def _granted_period(
        self, application: Application, benefit: str
    ) -> tuple[datetime.date, datetime.date]:
        """Zasiłek okresowy for three months from the month of the application (art. 106
        ust. 3 u.p.s.); a family benefit from the first month of the right to the end of the
        benefit period (art. 24 ust. 2 u.ś.r.)."""
        if spec(benefit).act == Act.FAMILY_BENEFITS:
            start = benefit_period_start_on(application.received_on)
            first = family_benefit_first_month(
                received_on=application.received_on, period_start=start
            )
            return first, benefit_period_of(start)[1]
        month = application.received_on.replace(day=1)
        return month, month + relativedelta(months=3) - datetime.timedelta(days=1)

    # -- this period's applications for a zasiłek rodzinny ---------------------------------

    def family_applications(self) -> None:
        """Applications for a zasiłek rodzinny for the benefit period running today, one in
        each state, from the poorest families of the gmina with a child of the applicant under
        18 (family benefits need neither a case file nor an interview)."""
        born_after = self.today - relativedelta(years=18)
        children = Membership.objects.current_on(self.today).filter(
            household=OuterRef("pk"), relation=Relation.CHILD, person__birth_date__gt=born_after
        )
        households = list(
            Household.objects.filter(Exists(children))
            .exclude(applications__isnull=False)
            .order_by("pk")
        )
        chosen = poorest_first(households, self.today)[: len(FAMILY_STAGES)]
        for stage, household in zip(FAMILY_STAGES, chosen, strict=False):
            head = (
                Membership.objects.current_on(self.today)
                .filter(household=household, relation=Relation.APPLICANT)
                .select_related("person")
                .first()
            )
            if head is None:
                continue
            self._one_application(household, head.person, stage, Benefit.ZASILEK_RODZINNY)
            self.counts["family"] += 1

    def run(self) -> str:
        self.configure()
        self.pensioners()
        self.current_applications()
        self.family_applications()
        return (
            f"Benefits: {self.counts['imported']} decisions of 2024 recorded from paper "
            f"(zasiłek stały in force), {self.counts['application']} applications of this "
            f"month ({self.counts['family']} for a zasiłek rodzinny), "
            f"{self.counts['decision']} decisions drafted from them"
        )


def seed(today: datetime.date) -> str:
    """The demo's benefits; run by `seed_demo` after the social work."""
    return BenefitsDemo(today).run()
