"""The printed cash payment list (lista wypłat): what the cash desk pays out, and the payee's
signature for each line.

A list is an accounting document (art. 21 of the Accounting Act): its number, the parties, the
amount of each line in figures and in words, the signatures of those who prepared, checked and
approved it and of whoever received the cash. No statutory template exists; the layout follows
the common practice of the centres (A4 landscape, one line per payee, the total in words and the
sign-off block at the end). It is printed in Polish whatever the interface language: it is a
document of a Polish public body.

The rows are printed as the list froze them (the payee's name, address and identity document of
the day of the run), never as the registry has them now.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.dateformat import format as format_date

from ostoja.accounts.models import User
from ostoja.benefits.documents.words import amount_in_words
from ostoja.casework.documents import render_pdf
from ostoja.core.money import format_pln
from ostoja.core.text import polish_sort_key
from ostoja.payments.models import Channel, ItemKind, ItemState, ListState, PaymentItem, PaymentList

CASH_LIST_TEMPLATE = "payments/print/cash_list.html"
# A line in one of these states is paid at the desk (or already was); any other is not paid
# from this list, and its line says why instead of waiting for a signature.
PAYABLE_STATES = (ItemState.PLANNED, ItemState.PAID)
# The cash desk's part is over: the summary of what was paid and what was not is filled in.
CLOSED_STATES = (ListState.PAID, ListState.PARTLY_RETURNED)
# The summary of a closed list, in this order; paid and not collected always, the others when
# a line has them. The words are the document's own Polish, not the interface's.
SUMMARY_HEADINGS = {
    ItemState.PAID: "wypłacono",
    ItemState.UNCOLLECTED: "nie podjęto",
    ItemState.RETURNED: "zwrócono",
    ItemState.REISSUED: "wypłacono ponownie inną pozycją",
    ItemState.PLANNED: "pozostało do wypłaty",
}
ALWAYS_SUMMED = (ItemState.PAID, ItemState.UNCOLLECTED)
KIND_NOTES = {ItemKind.TOP_UP: "wyrównanie", ItemKind.REISSUE: "wypłata ponowna"}


@dataclass(frozen=True)
class CashListRow:
    number: int
    name: str  # surname first, as a list read by the cashier is ordered
    address: str
    identity: str
    benefit: str  # "zasiłek stały za 12/2026"
    kind_note: str  # a top-up or a payment made again, said so under the benefit
    decision_number: str
    amount: str
    amount_in_words: str
    payable: bool
    state: str  # the Polish name of the state, printed instead of the signature when not payable
    paid_on: datetime.date | None
    receipt_number: str
    reference: str


@dataclass(frozen=True)
class Classification:
    classification: str
    benefit: str
    funding: str
    count: int
    total: str


@dataclass(frozen=True)
class StateSummary:
    heading: str
    count: int
    total: str


def surname_first(item: PaymentItem) -> str:
    """ "Anna Maria Nowak" as the list prints it: "Nowak Anna Maria".

    The item keeps the payee's name as one text. Where the registry still has the same name,
    its split into first names and surname is exact; otherwise (the name changed since the run)
    the last word is taken for the surname, which holds for Polish names, whose double surnames
    are joined by a hyphen.
    """
    payee = item.payee
    if payee.full_name == item.payee_name and payee.surname:
        return f"{payee.surname} {payee.first_names}".strip()
    first_names, _space, surname = item.payee_name.strip().rpartition(" ")
    return f"{surname} {first_names}".strip()


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def cash_list_rows(items: Iterable[PaymentItem]) -> list[CashListRow]:
    """The lines of the list ordered by the payee's surname and first name (in the Polish
    alphabet), then by the item's reference, numbered from 1."""
    named = sorted(
        ((surname_first(item), item) for item in items),
        key=lambda pair: (polish_sort_key(pair[0]), pair[1].reference),
    )
    return [
        CashListRow(
            number=number,
            name=name,
            address=item.payee_address,
            identity=item.payee_identity,
            benefit=f"{item.get_benefit_display()} za {item.service_month:%m/%Y}",
            kind_note=_kind_note(item),
            decision_number=item.decision_number,
            amount=format_pln(item.payable),
            amount_in_words=amount_in_words(item.payable),
            payable=item.state in PAYABLE_STATES,
            state=str(item.get_state_display()),
            paid_on=item.paid_on if item.state == ItemState.PAID else None,
            receipt_number=item.receipt_number if item.state == ItemState.PAID else "",
            reference=item.reference,
        )
        for number, (name, item) in enumerate(named, start=1)
    ]


def _kind_note(item: PaymentItem) -> str:
    notes = [KIND_NOTES.get(ItemKind(item.kind), "")]
    if item.setoff:
        notes.append(
            f"{format_pln(item.amount)} pomniejszone o {format_pln(item.setoff)} potrącone "
            "na poczet nienależnie pobranego świadczenia"
        )
    return "; ".join(note for note in notes if note)


def _classifications(items: list[PaymentItem]) -> list[Classification]:
    groups: dict[tuple[str, str, str], list[Decimal]] = {}
    labels: dict[tuple[str, str, str], tuple[str, str]] = {}
    for item in items:
        key = (item.classification, item.benefit, item.funding)
        groups.setdefault(key, []).append(item.payable)
        labels[key] = (str(item.get_benefit_display()), str(item.get_funding_display()))
    return [
        Classification(
            classification=key[0],
            benefit=labels[key][0],
            funding=labels[key][1],
            count=len(amounts),
            total=format_pln(sum(amounts, Decimal(0))),
        )
        for key, amounts in sorted(groups.items())
    ]


def _summary(items: list[PaymentItem]) -> list[StateSummary]:
    """Counts and sums of the lines by state: what the cash desk paid, what was not collected,
    and any other outcome a line had."""
    by_state: dict[str, list[Decimal]] = {}
    for item in items:
        by_state.setdefault(item.state, []).append(item.payable)
    return [
        StateSummary(heading, len(amounts), format_pln(sum(amounts, Decimal(0))))
        for state, heading in SUMMARY_HEADINGS.items()
        if (amounts := by_state.get(state, [])) or state in ALWAYS_SUMMED
    ]


def cash_list_context(payment_list: PaymentList) -> dict[str, Any]:
    """Everything the printed list shows. Built in Polish: called outside
    `render_cash_list_pdf`, the labels follow the active language."""
    # The cash desk pays what is left after a set-off; a line set off whole is not on the list.
    items = [item for item in payment_list.items.select_related("payee") if item.payable > 0]
    total = sum((item.payable for item in items), Decimal(0))
    closed = payment_list.state in CLOSED_STATES
    return {
        "payment_list": payment_list,
        "number": payment_list.number,
        "postal": payment_list.channel == Channel.POSTAL,
        "month": payment_list.month,
        "month_name": format_date(payment_list.month, "F Y").lower(),
        "payment_date": payment_list.payment_date,
        "pay_until": payment_list.pay_until,
        "is_draft": not payment_list.is_frozen,
        "rows": cash_list_rows(items),
        "classifications": _classifications(items),
        "item_count": len(items),
        "total": format_pln(total),
        "total_in_words": amount_in_words(total),
        "prepared_by": _user_name(payment_list.prepared_by),
        "prepared_on": _local_day(payment_list.prepared_at),
        "approved_by": _user_name(payment_list.approved_by),
        "approved_on": _local_day(payment_list.approved_at),
        "closed": closed,
        "closed_on": _local_day(payment_list.closed_at),
        "summary": _summary(items) if closed else [],
    }


def render_cash_list_pdf(payment_list: PaymentList) -> bytes:
    """The list as the cash desk pays it out: A4 landscape, its table header on every page.

    A transfer list is paid by its bank file and has nobody to sign for the money: it has no
    printed list of this kind.
    """
    if payment_list.channel == Channel.BANK:
        raise ValueError(f"{payment_list.number} is paid by transfer; it has no cash list.")
    with translation.override("pl"):
        return render_pdf(CASH_LIST_TEMPLATE, cash_list_context(payment_list))


def cash_list_filename(payment_list: PaymentList) -> str:
    """ "lista-wyplat-LW-2026-12-10-K-1.pdf": the list's number, which is ASCII already."""
    return f"lista-wyplat-{payment_list.number.replace('/', '-')}.pdf"
