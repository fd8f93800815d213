"""Finding persons and listing households, as staff type what they know.

One text box takes a PESEL, names in either order ("Andrzej Olszewski", "Olszewski Andrzej",
"olsz and"), a family name (surname at birth), or an address of the person's current household
("ul. Długa 87", "Kolejowa 17", "Dębowo 12" for a village without streets). Case and diacritics
never matter: every comparison is on folded copies (`ostoja.core.text.fold`), by prefix, which
the `varchar_pattern_ops` indexes serve on PostgreSQL.

Names are conditions on the person's own row (PostgreSQL combines their indexes); an address is
a subquery of ids through the current memberships, joined to the names by UNION rather than by
OR across tables, so that each side keeps its index. The user's scope
(`selectors.persons_visible_to`) is applied to every result, and the live search under the top
bar, the full search page and its export all use the same `person_search`: they find the same
persons and differ only in how many they show.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.accounts.models import User
from ostoja.core.collation import COLLATION, polish
from ostoja.core.tables import Column, natural
from ostoja.core.text import fold
from ostoja.registry import selectors
from ostoja.registry.models import Address, Household, Membership, Person, Relation

PESEL_LIKE = re.compile(r"^\d{11}$")
# "ul. Długa", "ul Długa", "ul.Długa", "al. Jana Pawła II", "os. Słoneczne", "pl. Wolności".
STREET_PREFIX = re.compile(
    r"^(?:ul(?:ica)?|al(?:eja|eje)?|os(?:iedle)?|pl(?:ac)?)(?:\.\s*|\s+)", re.IGNORECASE
)
# A house number, optionally with a flat: "87", "10a", "12/3", "12 m. 3" is not parsed.
HOUSE_NUMBER = re.compile(r"^(\d+[a-z]?)(?:/\w+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class PersonQuery:
    text: str = ""  # PESEL, names in either order, or an address
    first_name: str = ""
    address: str = ""  # street or town of the current household, optionally with a number


@dataclass(frozen=True)
class AddressQuery:
    """An address as typed, parsed: the folded name of a street or town and a house number."""

    place: str
    number: str

    @classmethod
    def parse(cls, text: str) -> "AddressQuery":
        words = " ".join(text.split())
        words = STREET_PREFIX.sub("", words)
        place, _, last = words.rpartition(" ")
        match = HOUSE_NUMBER.match(last)
        if place and match:
            return cls(place=fold(place), number=match.group(1))
        return cls(place=fold(words), number="")

    @property
    def is_empty(self) -> bool:
        return not self.place


def looks_like_address(text: str) -> bool:
    """Whether a query in the name box is an address: a street prefix or a house number."""
    words = text.split()
    return bool(STREET_PREFIX.match(text.strip())) or (
        len(words) > 1 and HOUSE_NUMBER.match(words[-1]) is not None
    )


def at_address(address: AddressQuery) -> Q:
    """Households on a street, or in a town, whose name begins with the query; with a number,
    exactly that house (in a town only where the house has no street: "Dębowo 12")."""
    by_street = Q(street_folded__startswith=address.place)
    by_town = Q(town_folded__startswith=address.place)
    if address.number:
        by_town &= Q(street="")
        return (by_street | by_town) & Q(house_number__iexact=address.number)
    return by_street | by_town


def households_at(address: AddressQuery) -> QuerySet[Household]:
    return Household.objects.filter(at_address(address))


def _first_names_match(folded: str) -> Q:
    """Any of a person's first names begins with `folded` ("maria" finds "Ewa Maria")."""
    return Q(first_names_folded__startswith=folded) | Q(first_names_folded__contains=f" {folded}")


def _names_match(text: str) -> Q:
    """Names typed in either order: the surname (or the family name) first or last, the other
    words being first names. Conditions on the person's own row only, so that PostgreSQL
    combines the prefix indexes (a BitmapOr) instead of joining."""
    words = [fold(word) for word in text.split()]
    splits = [(words[0], " ".join(words[1:]))]
    if len(words) > 1:
        splits.append((words[-1], " ".join(words[:-1])))
    match = Q(pk__in=[])
    for surname, first_names in splits:
        by_surname = Q(surname_folded__startswith=surname) | Q(
            family_name_folded__startswith=surname
        )
        match |= by_surname & _first_names_match(first_names) if first_names else by_surname
    return match


def _address_ids(address: AddressQuery, day: datetime.date) -> QuerySet[Any]:
    """Ids of the persons who are members of a household at the address on `day`."""
    return (
        Membership.objects.current_on(day)
        .filter(household__in=households_at(address).values("pk"))
        .values("person_id")
    )


def person_search(
    *, user: User, query: PersonQuery, day: datetime.date | None = None
) -> QuerySet[Person]:
    """The live persons the user may see who match the query, in Polish alphabetical order.

    A queryset: count it, slice it, paginate it or reorder it; every screen that finds persons
    takes its rows from here.
    """
    day = day or timezone.localdate()
    persons = selectors.persons_visible_to(user).filter(merged_into__isnull=True)
    text = " ".join(query.text.split())
    compact = text.replace(" ", "")
    if PESEL_LIKE.match(compact):
        persons = persons.filter(pesel=compact)
    elif text and looks_like_address(text):
        # Names or an address: two tables, so a UNION of ids rather than an OR across a join.
        by_name = Person.objects.filter(_names_match(text)).values("pk")
        by_address = _address_ids(AddressQuery.parse(text), day)
        persons = persons.filter(pk__in=by_name.union(by_address))
    elif text:
        persons = persons.filter(_names_match(text))
    if query.first_name.strip():
        persons = persons.filter(_first_names_match(fold(query.first_name)))
    address = AddressQuery.parse(query.address)
    if not address.is_empty:
        persons = persons.filter(pk__in=_address_ids(address, day))
    return persons.order_by(polish("surname"), polish("first_names"), "pk")


def is_pesel(text: str) -> bool:
    return bool(PESEL_LIKE.match("".join(text.split())))


def _current(day: datetime.date) -> QuerySet[Membership]:
    return Membership.objects.current_on(day).filter(person=OuterRef("pk"))


def current_address_columns(day: datetime.date) -> dict[str, Any]:
    """Expressions giving each person's current household's town, street and house number."""
    return {
        part: Subquery(_current(day).values(f"household__{part}")[:1])
        for part in ("town", "street", "house_number")
    }


def person_columns(day: datetime.date) -> list[Column]:
    """The sortable columns of a list of persons: name, birth date, current address (town,
    street, house number as a number)."""
    address = current_address_columns(day)
    return [
        Column("nazwisko", _("Name"), (polish("surname"), polish("first_names"))),
        Column("urodzenie", _("Birth date"), ("birth_date",)),
        Column(
            "adres",
            _("Address"),
            (
                Collate(address["town"], COLLATION),
                Collate(address["street"], COLLATION),
                *natural(address["house_number"]),
            ),
            nullable=True,  # a person without a household now
        ),
    ]


def household_columns() -> list[Column]:
    """The sortable columns of a list of households: address (town, street, house number as a
    number, then as written, flat likewise) and area (then by address)."""
    address = (
        polish("town"),
        polish("street"),
        *natural("house_number"),
        *natural("flat_number"),
    )
    return [
        Column("adres", _("Address"), address),
        Column("rejon", _("Area"), (polish("area__name"),), then=address),
    ]


@dataclass
class PersonRow:
    """A found person with the household they belong to today (None when none) and its head."""

    person: Person
    membership: Membership | None
    head: Person | None = None

    @property
    def household(self) -> Household | None:
        return self.membership.household if self.membership else None

    @property
    def address(self) -> Address | None:
        """Where the person lives: the current household's address, else the person's own
        actual or registered address; None when nothing is known."""
        if self.membership is not None:
            return self.membership.household.address
        for address in (self.person.actual_address, self.person.registered_address):
            if not address.is_empty:
                return address
        return None


def with_households(persons: Iterable[Person], day: datetime.date) -> list[PersonRow]:
    """The persons with their current households and the heads of those, in two queries."""
    persons = list(persons)
    if not persons:
        return []
    current = Membership.objects.current_on(day)
    memberships = current.filter(person_id__in=[p.pk for p in persons]).select_related("household")
    by_person = {m.person_id: m for m in memberships}
    heads = current.filter(
        household_id__in={m.household_id for m in by_person.values()},
        relation=Relation.APPLICANT,
    ).select_related("person")
    head_of = {m.household_id: m.person for m in heads}
    rows = []
    for person in persons:
        membership = by_person.get(person.pk)
        head = head_of.get(membership.household_id) if membership else None
        rows.append(PersonRow(person=person, membership=membership, head=head))
    return rows


def households_listed(
    *, user: User, address: str = "", area_id: int | None = None, day: datetime.date | None = None
) -> QuerySet[Household]:
    """The households the user may see, filtered by address and area, with their current
    members (and those members' persons) prefetched."""
    day = day or timezone.localdate()
    households = selectors.households_visible_to(user).select_related("area")
    parsed = AddressQuery.parse(address)
    if not parsed.is_empty:
        households = households.filter(at_address(parsed))
    if area_id is not None:
        households = households.filter(area_id=area_id)
    members = Membership.objects.current_on(day).select_related("person").order_by("valid_from")
    return households.prefetch_related(Prefetch("memberships", queryset=members)).order_by(
        polish("town"), polish("street"), *natural("house_number"), "pk"
    )
