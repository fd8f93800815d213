"""The demo's payment settings: the centre's (invented, checksum-valid) account at a bank, so
that the accountant can run the month, approve it and download its files straight away. The
lists themselves are not made here: running the month is the demo's first job.

Two debts of undue benefits the centre brought with it, recorded from paper as the benefits'
clerk would (`decision_import`), so that the recovery's pages have something to show: a
zasiłek stały overpaid to a pensioner, 900,00 zł in 6 instalments of 150,00 zł from three
months ago, two of them repaid, the third overdue (the month's run sets it off against her
zasiłek stały, `recovery.setoff`); and a zasiłek rodzinny of 450,00 zł to be
repaid at once next month with statutory interest. Synthetic people of the demo only.
"""

import datetime
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits import drafting
from ostoja.benefits.catalogue import BENEFITS, Act, Benefit
from ostoja.benefits.models import (
    Application,
    Award,
    Decision,
    DecisionKind,
    DeliveryMethod,
    PaymentMethod,
)
from ostoja.benefits.services import decisions as decision_services
from ostoja.payments.defaults import seed as seed_defaults
from ostoja.payments.models import BenefitPayment, PaymentSettings, RepaymentWay
from ostoja.payments.services import recovery
from ostoja.registry.demo import nrb_for
from ostoja.registry.models import Household, Person

# An invented account of the gmina's cooperative bank (sort code of a real bank's format).
DEMO_CENTRE_ACCOUNT = nrb_for("10901014", "0000071219812874")
SIGNATORY = "Krystyna Kierownik, Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie"


def _user(role: str) -> User | None:
    return User.objects.filter(role=role, is_active=True).order_by("pk").first()


def _undue(
    director: User,
    household: Household,
    person: Person,
    benefit: str,
    *,
    number: str,
    amount: Decimal,
    issued_on: datetime.date,
    **terms: Any,
) -> Decision:
    """An undue-benefit decision recorded from paper: `amount` of `benefit` for the month
    before the decision, delivered in person three days after it and final 14 days on."""
    act = BENEFITS[benefit].act
    month = (issued_on - relativedelta(months=1)).replace(day=1)
    delivered_on = issued_on + datetime.timedelta(days=3)
    return decision_services.decision_import(
        actor=director,
        kind=DecisionKind.UNDUE,
        act=act,
        household=household,
        party=person,
        number=number,
        issued_on=issued_on,
        signatory=SIGNATORY,
        legal_basis=drafting.legal_basis(
            kind=DecisionKind.UNDUE, act=act, day=issued_on, benefits=[benefit], reasons=[]
        ),
        lines=[
            decision_services.LineData(
                benefit=benefit,
                person=person,
                amount=amount,
                period_from=month,
                period_to=month + relativedelta(months=1, days=-1),
                method=PaymentMethod.CASH,
                payee=person,
            )
        ],
        delivery_method=DeliveryMethod.IN_PERSON,
        delivered_on=delivered_on,
        final_on=delivered_on + datetime.timedelta(days=15),
        **terms,
    )


def _family() -> Application | None:
    """A family that applied for family benefits: the first in the demo, or none."""
    return (
        Application.objects.filter(act=Act.FAMILY_BENEFITS)
        .select_related("household", "applicant")
        .order_by("pk")
        .first()
    )


def _debts(today: datetime.date) -> int:
    director, accountant = _user(Role.DIRECTOR), _user(Role.ACCOUNTING)
    pensioner = (
        Award.objects.filter(benefit=Benefit.ZASILEK_STALY, valid_from__lte=today)
        .select_related("household", "person")
        .order_by("pk")
        .first()
    )
    if director is None or accountant is None or pensioner is None:
        return 0
    first_due = today - relativedelta(months=3)
    issued_on = first_due - datetime.timedelta(days=30)
    undue = _undue(
        director,
        pensioner.household,
        pensioner.person,
        pensioner.benefit,
        number=f"GOPS.8311.900.{issued_on.year}",
        amount=Decimal("900.00"),
        issued_on=issued_on,
        repay_by=first_due,
        instalments=6,
    )
    # The first two instalments (150,00 zł each: 900,00 ÷ 6), repaid at the cash desk a few
    # days before they fell due; the third, due a month ago, is not.
    for months, receipt in ((0, 1), (1, 2)):
        recovery.repayment_record(
            actor=accountant,
            decision=undue,
            paid_on=first_due + relativedelta(months=months) - datetime.timedelta(days=2),
            amount=Decimal("150.00"),
            way=RepaymentWay.CASH,
            reference=f"KP {receipt}/{first_due.year}",
        )
    family = _family()
    if family is None:
        return 1
    issued_on = today - datetime.timedelta(days=20)
    _undue(
        director,
        family.household,
        family.applicant,
        Benefit.ZASILEK_RODZINNY,
        number=f"GOPS.8321.900.{issued_on.year}",
        amount=Decimal("450.00"),
        issued_on=issued_on,
        repay_by=today + relativedelta(months=1),
        # Art. 30 ust. 1 u.ś.r.: from the first day of the month after the overpaid one.
        interest_from=issued_on.replace(day=1),
    )
    return 2


def seed(today: datetime.date) -> str:
    seed_defaults(BenefitPayment, PaymentSettings)
    PaymentSettings.objects.filter(pk=1, centre_account="").update(
        centre_account=DEMO_CENTRE_ACCOUNT, bank_name="Bank Spółdzielczy w Dębowie"
    )
    debts = _debts(today)
    return _("payments: the centre's account set, the month's lists to generate") + (
        ngettext(
            ", %(count)s debt of an undue benefit recorded from paper",
            ", %(count)s debts of undue benefits recorded from paper",
            debts,
        )
        % {"count": debts}
        if debts
        else ""
    )
