"""The month's contributions from the zasiłek stały actually paid: 9 % of the base rounded
half-up to the grosz, a top-up counted, idempotent, frozen once declared; the deadline. The
figures are worked out by hand in the comments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ostoja.core.models import ActionRecord
from ostoja.payments.models import (
    ItemKind,
    ItemState,
    PaymentItem,
    ZusContribution,
    ZusMonth,
    ZusMonthState,
)
from ostoja.payments.tests.factories import award, change
from ostoja.payments.tests.zus.support import TITLE_CODE, D, accountant, clerk, pay, payer
from ostoja.payments.zus.months import (
    contribution_of,
    contribution_rate,
    zus_deadline,
    zus_month_declare,
    zus_month_prepare,
)
from ostoja.payments.zus.registrations import zus_registration_sync

pytestmark = pytest.mark.django_db
NOVEMBER, DECEMBER = D(2026, 11, 1), D(2026, 12, 1)


def _contributions(month: datetime.date) -> dict[int, tuple[Decimal, Decimal]]:
    return {
        row.person_id: (row.base, row.contribution)
        for row in ZusContribution.objects.filter(month=month)
    }


def test_the_rate_is_9_percent_and_rounds_half_up_to_the_grosz() -> None:
    assert contribution_rate(DECEMBER) == Decimal("0.09")
    # 713.00 × 0.09 = 64.17; 1 229.00 × 0.09 = 110.61; 100.50 × 0.09 = 9.045 → 9.05 (half up,
    # where rounding half to even would give 9.04); 276.00 × 0.09 = 24.84.
    assert contribution_of(Decimal("713.00"), Decimal("0.09")) == Decimal("64.17")
    assert contribution_of(Decimal("1229.00"), Decimal("0.09")) == Decimal("110.61")
    assert contribution_of(Decimal("100.50"), Decimal("0.09")) == Decimal("9.05")
    assert contribution_of(Decimal("276.00"), Decimal("0.09")) == Decimal("24.84")


def test_the_deadline_is_the_5th_of_the_next_month_or_the_next_working_day() -> None:
    # December 2026: 5 January 2027 is a Tuesday.
    assert zus_deadline(DECEMBER) == D(2027, 1, 5)
    # November 2026: 5 December 2026 is a Saturday, so Monday 7 December.
    assert zus_deadline(D(2026, 11, 17)) == D(2026, 12, 7)
    # August 2027: 5 September 2027 is a Sunday, so Monday 6 September.
    assert zus_deadline(D(2027, 8, 1)) == D(2027, 9, 6)


def test_the_month_is_made_from_the_zasilek_staly_paid() -> None:
    first = award(amount="713.00", valid_from=DECEMBER)
    second = award(amount="1229.00", valid_from=DECEMBER)
    third = award(amount="100.50", valid_from=DECEMBER)
    # A zasiłek okresowy paid to the same person is no base.
    award(
        benefit="zasilek_okresowy",
        amount="300.00",
        valid_from=DECEMBER,
        household=first.household,
        person=first.person,
    )
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    result = zus_month_prepare(actor=clerk(), month=D(2026, 12, 20))
    assert (result.added, result.changed, result.removed, result.problems) == (3, 0, 0, [])
    # 713.00 → 64.17; 1 229.00 → 110.61; 100.50 → 9.045 → 9.05.
    assert _contributions(DECEMBER) == {
        first.person_id: (Decimal("713.00"), Decimal("64.17")),
        second.person_id: (Decimal("1229.00"), Decimal("110.61")),
        third.person_id: (Decimal("100.50"), Decimal("9.05")),
    }
    zus_month = result.zus_month
    # 713.00 + 1 229.00 + 100.50 = 2 042.50; 64.17 + 110.61 + 9.05 = 183.83.
    assert (zus_month.person_count, zus_month.base_total, zus_month.contribution_total) == (
        3,
        Decimal("2042.50"),
        Decimal("183.83"),
    )
    assert zus_month.state == ZusMonthState.PREPARED
    row = ZusContribution.objects.get(person=first.person)
    assert row.rate == Decimal("0.0900")
    assert row.title_code == ""
    [item] = row.computation
    assert (item["kind"], item["amount"]) == (ItemKind.REGULAR, "713.00")
    assert PaymentItem.objects.get(pk=item["item"]).person == first.person


def test_a_part_month_is_the_part_paid() -> None:
    # Granted from 20 December: 12 of 31 days of 713.00 = 8 556 / 31 = 276.00 paid, and the
    # contribution is 9 % of that, 24.84, not a whole month's 64.17.
    granted = award(amount="713.00", valid_from=D(2026, 12, 20))
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 21))
    pay(DECEMBER, today=D(2026, 12, 21))
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert _contributions(DECEMBER) == {granted.person_id: (Decimal("276.00"), Decimal("24.84"))}


def test_a_top_up_counts_for_the_month_it_is_paid_for() -> None:
    # Granted from 15 October at 500.00; November paid 500.00; a change from 1 November
    # raises it to 600.00, so the December list carries November's top-up of 100.00.
    first = award(amount="500.00", valid_from=D(2026, 10, 15))
    zus_registration_sync(actor=clerk(), day=D(2026, 11, 2))
    pay(NOVEMBER, today=D(2026, 11, 2))
    # Prepared before the top-up is paid: 500.00 × 0.09 = 45.00.
    zus_month_prepare(actor=clerk(), month=NOVEMBER)
    assert _contributions(NOVEMBER) == {first.person_id: (Decimal("500.00"), Decimal("45.00"))}
    change(first, effective_from=NOVEMBER, amount="600.00")
    pay(DECEMBER)
    top_up = PaymentItem.objects.get(kind=ItemKind.TOP_UP)
    assert (top_up.service_month, top_up.amount) == (NOVEMBER, Decimal("100.00"))
    # Prepared again: 500.00 + 100.00 = 600.00 × 0.09 = 54.00.
    again = zus_month_prepare(actor=clerk(), month=NOVEMBER)
    assert (again.added, again.changed, again.removed) == (0, 1, 0)
    assert _contributions(NOVEMBER) == {first.person_id: (Decimal("600.00"), Decimal("54.00"))}
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert _contributions(DECEMBER) == {first.person_id: (Decimal("600.00"), Decimal("54.00"))}


def test_only_items_paid_count() -> None:
    paid = award(amount="713.00", valid_from=DECEMBER)
    returned = award(amount="1229.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    PaymentItem.objects.filter(person=returned.person).update(state=ItemState.RETURNED)
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert set(_contributions(DECEMBER)) == {paid.person_id}
    # Returned after the month was prepared: taken out when it is prepared again.
    PaymentItem.objects.filter(person=paid.person).update(state=ItemState.RETURNED)
    again = zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert (again.added, again.changed, again.removed) == (0, 0, 1)
    assert _contributions(DECEMBER) == {}
    PaymentItem.objects.filter(person=paid.person).update(state=ItemState.PAID)
    # Paid again by another item: the original is "paid again", the new item counts.
    original = PaymentItem.objects.get(person=returned.person)
    original.state = ItemState.REISSUED
    original.save()
    PaymentItem.objects.create(
        **{
            name: getattr(original, name)
            for name in (
                "payment_list",
                "award",
                "household",
                "person",
                "payee",
                "benefit",
                "service_month",
                "amount",
                "channel",
                "account",
                "payee_name",
                "section",
                "chapter",
                "paragraph",
                "funding",
            )
        },
        kind=ItemKind.REISSUE,
        reissues=original,
        state=ItemState.PAID,
    )
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert _contributions(DECEMBER)[returned.person_id] == (
        Decimal("1229.00"),
        Decimal("110.61"),
    )


def test_zasilek_staly_paid_without_a_registration_is_reported_not_counted() -> None:
    registered = award(amount="713.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    late = award(amount="1229.00", valid_from=DECEMBER)
    pay(DECEMBER)
    result = zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert set(_contributions(DECEMBER)) == {registered.person_id}
    assert len(result.problems) == 1
    assert str(late.person) in result.problems[0]


def test_preparing_again_changes_nothing_when_nothing_was_paid_since() -> None:
    award(amount="713.00", valid_from=DECEMBER)
    award(amount="1229.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    before = list(ZusContribution.objects.order_by("pk").values())
    version = ZusMonth.objects.get().version
    again = zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert (again.added, again.changed, again.removed) == (0, 0, 0)
    assert list(ZusContribution.objects.order_by("pk").values()) == before
    assert ZusMonth.objects.get().version == version
    assert ZusMonth.objects.count() == 1


def test_one_contribution_per_person_and_month_in_the_database() -> None:
    award(amount="713.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    row = ZusContribution.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ZusContribution.objects.create(
            zus_month=row.zus_month,
            registration=row.registration,
            person=row.person,
            month=row.month,
            base=Decimal("1.00"),
            rate=Decimal("0.09"),
            contribution=Decimal("0.09"),
        )
    for field, value in (("base", Decimal("-1.00")), ("contribution", Decimal("-0.09"))):
        with pytest.raises(IntegrityError), transaction.atomic():
            ZusContribution.objects.filter(pk=row.pk).update(**{field: value})


def test_a_declared_month_is_frozen() -> None:
    award(amount="713.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    payer()
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    declared = zus_month_declare(actor=accountant(), month=DECEMBER)
    assert declared.state == ZusMonthState.DECLARED
    assert declared.declared_by == accountant()
    row = ZusContribution.objects.get()
    assert row.is_declared
    assert (row.declared_by, row.title_code) == (accountant(), TITLE_CODE)
    frozen = list(ZusContribution.objects.values())
    with pytest.raises(ValidationError):
        zus_month_prepare(actor=clerk(), month=DECEMBER)
    with pytest.raises(ValidationError):
        zus_month_declare(actor=accountant(), month=DECEMBER)
    assert list(ZusContribution.objects.values()) == frozen
    record = ActionRecord.objects.get(action="payments.zus_month_declare")
    assert record.details["deadline"] == "2027-01-05"


def test_declaring_needs_the_title_code_and_the_figures_of_today() -> None:
    award(amount="713.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    with pytest.raises(ValidationError):
        zus_month_declare(actor=accountant(), month=DECEMBER)  # not prepared
    payer(title_code="")
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    with pytest.raises(ValidationError) as refused:
        zus_month_declare(actor=accountant(), month=DECEMBER)
    assert any("Płatnik" in message for message in refused.value.messages)
    payer()
    # Prepared before anything was paid: nothing to declare.
    with pytest.raises(ValidationError):
        zus_month_declare(actor=accountant(), month=DECEMBER)
    pay(DECEMBER)
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    late = award(amount="1229.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 3))
    pay(DECEMBER)
    assert PaymentItem.objects.filter(person=late.person, state=ItemState.PAID).exists()
    # Paid since the preparation: prepared again first.
    with pytest.raises(ValidationError):
        zus_month_declare(actor=accountant(), month=DECEMBER)
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert zus_month_declare(actor=accountant(), month=DECEMBER).person_count == 2


def test_a_month_before_ostoja_or_before_any_registration_is_refused() -> None:
    with pytest.raises(ValidationError):
        zus_month_prepare(actor=clerk(), month=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    with pytest.raises(ValidationError):
        zus_month_prepare(actor=clerk(), month=NOVEMBER)


def test_who_prepares_and_who_declares() -> None:
    award(amount="713.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    payer()
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    # A clerk prepares payments but does not approve them.
    with pytest.raises(PermissionDenied):
        zus_month_declare(actor=clerk(), month=DECEMBER)
    assert not ZusMonth.objects.get().is_declared
