"""The family (art. 3 pkt 16 u.ś.r.) and its income in the base year (art. 3 pkt 1–2).

Who is in the family, by `Member.relation` (to the applicant):

* the applicant, a spouse (`malzonek`), and a partner (`partner`) as the other parent of the
  children when the flag `rodzina.partner_rodzicem_dzieci` is 1;
* a child (`dziecko`) under 25 (in the family's keep), or older with a significant degree when a
  member receives a świadczenie pielęgnacyjne, specjalny zasiłek opiekuńczy or zasiłek dla
  opiekuna caring for them;
* a member whose relation is not given is taken as a child when under 25 and as the other parent
  otherwise (the input of cases written before `relation` existed);
* not a child under a legal guardian, a married child, nor an adult child who has a child of
  their own (art. 3 pkt 16, last part: "do członków rodziny nie zalicza się …");
* nobody else: a grandparent, a sibling, another relative or an unrelated person in the household
  is not a family member for family benefits.

The income is `annual_income − annual_alimony_paid` summed over the family members (art. 3 pkt 1:
"po odliczeniu kwot alimentów świadczonych na rzecz innych osób"), not below zero. The monthly
income is that ÷ 12 and the income per person that ÷ the members, kept exact: a threshold test
compares the family total with threshold × members × 12, and only the figures shown are rounded.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, reason

WIEK = "swiadczenia_rodzinne.wiek"
WIEK_CZLONKA_RODZINY = f"{WIEK}.czlonek_rodziny"
PARTNER = "swiadczenia_rodzinne.rodzina.partner_rodzicem_dzieci"
PELNOLETNOSC = f"{WIEK}.pelnoletnosc"
MIESIECY_W_ROKU = Decimal(12)
ZERO = Decimal(0)
DOROSLI = frozenset({"malzonek"})
DZIECI = frozenset({"dziecko"})
# A benefit a carer receives for an adult child with a significant degree (art. 3 pkt 16).
OPIEKA_NAD_DOROSLYM = frozenset(
    {"swiadczenie_pielegnacyjne", "specjalny_zasilek_opiekunczy", "zasilek_dla_opiekuna"}
)


@dataclass(frozen=True)
class Rodzina:
    czlonkowie: tuple[Member, ...]
    dzieci: tuple[Member, ...]  # the members counted as the family's children
    poza_rodzina: tuple[Member, ...]  # in the household but not in the family
    roczny: Decimal  # the family income in the base year, after the alimony paid
    alimenty: Decimal  # the alimony paid to others, deducted

    @property
    def liczba_osob(self) -> int:
        return len(self.czlonkowie)

    @property
    def miesieczny(self) -> Decimal:
        return self.roczny / MIESIECY_W_ROKU

    @property
    def na_osobe(self) -> Decimal:
        return self.miesieczny / self.liczba_osob

    def miesci_sie(self, prog: Decimal) -> bool:
        """The income per person does not exceed `prog` ("nie przekracza"), exactly."""
        return self.roczny <= prog * self.liczba_osob * MIESIECY_W_ROKU

    def powody(self) -> list[Reason]:
        powody = [
            reason(
                "swiadczenia_rodzinne.dochod_rodziny",
                "art. 3 pkt 1 i 2 u.ś.r.",
                roczny=self.roczny,
                alimenty=self.alimenty,
                miesieczny=self.miesieczny,
                n=self.liczba_osob,
                na_osobe=self.na_osobe,
            )
        ]
        if self.poza_rodzina:
            powody.append(
                reason(
                    "swiadczenia_rodzinne.rodzina.poza_rodzina",
                    "art. 3 pkt 16 u.ś.r.",
                    ids=tuple(member.id for member in self.poza_rodzina),
                )
            )
        return powody


def _opieka_nad(household: Household, member: Member) -> bool:
    return any(
        member.id in other.cares_for and OPIEKA_NAD_DOROSLYM & set(other.benefits_received)
        for other in household.members
    )


def _dziecko_wylaczone(member: Member, day: datetime.date, params: Snapshot) -> bool:
    """A child art. 3 pkt 16 leaves out of the family: under a legal guardian, married, or of
    age with a child of their own."""
    dorosle = member.age_on(day) >= params[PELNOLETNOSC]
    return member.under_legal_guardian or member.married or (dorosle and member.has_own_child)


def _rola(household: Household, member: Member, day: datetime.date, params: Snapshot) -> str:
    """ "rodzic", "dziecko" or "poza" (not a family member)."""
    if member.applicant or member.relation in DOROSLI:
        return "rodzic"
    if member.relation == "partner":
        return "rodzic" if params[PARTNER] == 1 else "poza"
    if member.relation is not None and member.relation not in DZIECI:
        return "poza"
    dziecko = member.relation in DZIECI or member.age_on(day) < params[WIEK_CZLONKA_RODZINY]
    if dziecko and _dziecko_wylaczone(member, day, params):
        return "poza"
    if member.age_on(day) < params[WIEK_CZLONKA_RODZINY]:
        return "dziecko"
    if member.disability == "significant" and _opieka_nad(household, member):
        return "dziecko"
    return "rodzic" if member.relation is None else "poza"


def rodzina(household: Household, day: datetime.date, params: Snapshot) -> Rodzina:
    role = {member.id: _rola(household, member, day, params) for member in household.members}
    czlonkowie = tuple(m for m in household.members if role[m.id] != "poza")
    dochod = sum((m.annual_income for m in czlonkowie), ZERO)
    alimenty = sum((m.annual_alimony_paid for m in czlonkowie), ZERO)
    return Rodzina(
        czlonkowie=czlonkowie,
        dzieci=tuple(m for m in czlonkowie if role[m.id] == "dziecko"),
        poza_rodzina=tuple(m for m in household.members if role[m.id] == "poza"),
        roczny=max(dochod - alimenty, ZERO),
        alimenty=alimenty,
    )
