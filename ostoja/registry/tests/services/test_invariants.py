"""The registry's rules hold in the services and in the database, whatever door a write uses.

Each regression test names the defect it guards against.
"""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ostoja.accounts.models import Area, User
from ostoja.core.models import ActionRecord
from ostoja.registry import services
from ostoja.registry.models import Household, Income, Membership, Person, Relation
from ostoja.registry.tests.factories import (
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    household_form_data,
    income_kind,
    make_nrb,
    make_pesel,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def _address() -> dict[str, Any]:
    data = household_form_data()
    return {name: data[name] for name in services.ADDRESS_FIELDS}


def _head_data(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pesel": make_pesel(D(1980, 4, 2), 417, sex="K"),
        "first_names": "Maria",
        "surname": "Wiśniewska",
        "birth_date": D(1980, 4, 2),
        "sex": "K",
    }
    return data | values


# ---------------------------------------------------------------------------------------------
# Identifiers: the model's validators, so a service refuses what a form would
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pesel", "12345678901"),  # 11 digits, wrong check digit
        ("bank_account", "1"),
        ("registered_postcode", "0095"),
        ("phone", "12"),
    ],
)
def test_person_create_refuses_bad_identifiers(director: User, field: str, value: str) -> None:
    """Regression: services accepted PESEL 12345678901 and NRB 1 (the checks lived in forms)."""
    with pytest.raises(ValidationError) as caught:
        services.person_create(actor=director, data=_head_data(**{field: value}))
    assert field in caught.value.error_dict
    assert not Person.objects.exists()


def test_identifiers_are_normalised_as_staff_type_them(director: User) -> None:
    nrb = make_nrb(7)
    spaced = "PL " + " ".join(nrb[i : i + 4] for i in range(0, 26, 4))
    person = services.person_create(
        actor=director,
        data=_head_data(bank_account=spaced, registered_postcode="00950", phone="+48 600-100-200"),
    )
    assert person.bank_account == nrb
    assert person.registered_postcode == "00-950"
    assert person.phone == "600 100 200"


def test_an_id_card_number_is_checked_by_its_check_digit(director: User) -> None:
    # ABA300000: A=10, B=11, A=10; 10·7 + 11·3 + 10·1 + 3·9 + 0 = 140, divisible by 10.
    services.person_create(
        actor=director,
        data=_head_data(pesel="", document_type="dowod_osobisty", document_number="aba 300000"),
    )
    # ABA400000: 70 + 33 + 10 + 4·9 = 149, not divisible by 10.
    with pytest.raises(ValidationError) as caught:
        services.person_create(
            actor=director,
            data=_head_data(
                pesel="",
                surname="Nowak",
                document_type="dowod_osobisty",
                document_number="ABA400000",
            ),
        )
    assert "document_number" in caught.value.error_dict


def test_the_database_refuses_what_the_services_refuse(director: User) -> None:
    person = PersonFactory()
    for field, value in (("pesel", "1234"), ("sex", "X"), ("bank_account", "1")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Person.objects.filter(pk=person.pk).update(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        Income.objects.create(
            person=person,
            month=D(2025, 1, 1),
            kind=income_kind(),
            gross=Decimal("100.00"),
            tax=Decimal("60.00"),
            health=Decimal("40.00"),
            social=Decimal("0.01"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(person=person, relation="szwagier")


def test_update_services_refuse_fields_outside_their_list(director: User) -> None:
    person = PersonFactory()
    with pytest.raises(TypeError, match="merged_into"):
        services.person_update(
            actor=director, person=person, version=1, data={"merged_into": PersonFactory()}
        )


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


def test_an_income_for_a_month_not_yet_begun_is_refused(director: User) -> None:
    """Regression: future income months were accepted."""
    person = PersonFactory()
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError) as caught:
        services.income_add(
            actor=director,
            person=person,
            month=next_month,
            kind=income_kind(),
            gross=Decimal("100"),
        )
    assert "month" in caught.value.error_dict


def test_a_membership_before_birth_is_refused(director: User, area_north: Area) -> None:
    """Regression: memberships starting before the person's birth were accepted."""
    child = PersonFactory(birth_date=D(2015, 6, 1))
    household = HouseholdFactory(area=area_north)
    with pytest.raises(ValidationError) as caught:
        services.membership_add(
            actor=director,
            household=household,
            person=child,
            relation=Relation.CHILD,
            valid_from=D(2015, 5, 31),
        )
    assert "valid_from" in caught.value.error_dict
    services.membership_add(
        actor=director,
        household=household,
        person=child,
        relation=Relation.CHILD,
        valid_from=D(2015, 6, 1),
    )


def test_a_membership_ending_before_it_starts_is_refused(director: User) -> None:
    membership = MembershipFactory(valid_from=D(2024, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.membership_update(
            actor=director,
            membership=membership,
            relation=membership.relation,
            valid_from=D(2024, 3, 1),
            valid_to=D(2024, 2, 29),
        )
    assert "valid_to" in caught.value.error_dict


# ---------------------------------------------------------------------------------------------
# Areas and scope
# ---------------------------------------------------------------------------------------------


def test_a_social_worker_cannot_register_a_family_in_another_area(
    social_worker: User, area_south: Area
) -> None:
    """Regression: a social worker could register a family in an area outside her scope and
    then got 404 for it."""
    with pytest.raises(ValidationError) as caught:
        services.family_register(
            actor=social_worker,
            area=area_south,
            address=_address(),
            head_data=_head_data(),
            since=D(2025, 1, 1),
        )
    assert "area" in caught.value.error_dict
    assert not Household.objects.exists()
    assert not Person.objects.exists()


def test_a_social_worker_cannot_move_a_family_to_another_area(
    social_worker: User, household_north: Household, area_south: Area
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.household_update(
            actor=social_worker,
            household=household_north,
            version=household_north.version,
            data={"area": area_south},
        )
    assert "area" in caught.value.error_dict
    household_north.refresh_from_db()
    assert household_north.area.name == "Rejon Północ"


def test_services_refuse_records_outside_the_actors_scope(
    social_worker: User, household_south: Household
) -> None:
    person = household_south.memberships.first().person  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        services.income_add(
            actor=social_worker,
            person=person,
            month=D(2025, 1, 1),
            kind=income_kind(),
            gross=Decimal("100"),
        )


def test_an_overlap_with_a_family_outside_the_scope_does_not_name_it(
    social_worker: User, household_north: Household, household_south: Household
) -> None:
    """Regression: the error message named another area's household address."""
    person = household_south.memberships.first().person  # type: ignore[union-attr]
    clash = household_south.memberships.get(person=person)
    error = services._overlap_error(social_worker, person, clash)
    message = " ".join(error.messages)
    assert household_south.street not in message
    assert str(household_south.address) not in message


# ---------------------------------------------------------------------------------------------
# One door per use case, each with its action record
# ---------------------------------------------------------------------------------------------


def test_family_register_is_all_or_nothing_and_recorded(director: User, area_north: Area) -> None:
    household = services.family_register(
        actor=director,
        area=area_north,
        address=_address(),
        head_data=_head_data(),
        since=D(2025, 1, 1),
    )
    record = ActionRecord.objects.get(action=services.FAMILY_REGISTER)
    assert record.actor == director
    assert record.details["head"] == "Maria Wiśniewska"
    assert {(s.kind, s.object_id) for s in record.subjects.all()} == {
        ("registry.household", household.pk),
        ("registry.person", household.memberships.get().person_id),
    }
    with pytest.raises(ValidationError):  # the same PESEL again: nothing of the second stays
        services.family_register(
            actor=director,
            area=area_north,
            address=_address(),
            head_data=_head_data(),
            since=D(2025, 1, 1),
        )
    assert Household.objects.count() == 1


def test_ending_a_membership_records_who_did_it(director: User, household_north: Household) -> None:
    membership = household_north.memberships.filter(relation=Relation.CHILD).first()
    assert membership is not None
    services.membership_end(actor=director, membership=membership, valid_to=D(2026, 3, 12))
    record = ActionRecord.objects.about(household_north).get(action=services.MEMBER_END)
    assert record.actor == director
    assert record.details["person"] == membership.person.full_name
    assert record.details["valid_to"] == "2026-03-12"


def test_sharing_a_family_is_recorded(
    director: User, household_north: Household, other_social_worker: User
) -> None:
    """Regression: sharing a family with another worker left no history."""
    services.household_update(
        actor=director,
        household=household_north,
        version=household_north.version,
        data={},
        shared_with=[other_social_worker],
    )
    record = ActionRecord.objects.about(other_social_worker).get()
    assert record.action == services.HOUSEHOLD_SHARE
    assert record.details["added"] == [str(other_social_worker)]
    assert list(household_north.shared_with.all()) == [other_social_worker]


def test_sharing_only_with_social_workers(
    director: User, household_north: Household, benefits_clerk: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.household_update(
            actor=director,
            household=household_north,
            version=household_north.version,
            data={},
            shared_with=[benefits_clerk],
        )
    assert "shared_with" in caught.value.error_dict


# ---------------------------------------------------------------------------------------------
# The head of the family
# ---------------------------------------------------------------------------------------------


def test_changing_the_head_keeps_one_head_at_every_moment(
    director: User, household_north: Household
) -> None:
    old = household_north.memberships.get(relation=Relation.APPLICANT)
    child = household_north.memberships.filter(relation=Relation.CHILD).first()
    assert child is not None
    since = D(2025, 7, 1)
    services.household_change_head(
        actor=director,
        household=household_north,
        new_head=child,
        since=since,
        former_head_relation=Relation.PARENT,
    )
    heads_on = {
        day: list(
            Membership.objects.current_on(day)
            .filter(household=household_north, relation=Relation.APPLICANT)
            .values_list("person_id", flat=True)
        )
        for day in (D(2025, 6, 30), since, D(2026, 1, 1))
    }
    assert heads_on == {
        D(2025, 6, 30): [old.person_id],
        since: [child.person_id],
        D(2026, 1, 1): [child.person_id],
    }
    # The former head stays in the family, as a parent from that day on.
    assert Membership.objects.current_on(since).get(person=old.person).relation == Relation.PARENT
    record = ActionRecord.objects.get(action=services.HEAD_CHANGE)
    assert record.details["new_head"] == child.person.full_name


def test_the_head_is_not_changed_to_a_non_member(
    director: User, household_north: Household, household_south: Household
) -> None:
    stranger = household_south.memberships.first()
    with pytest.raises(ValidationError) as caught:
        services.household_change_head(
            actor=director,
            household=household_north,
            new_head=stranger,  # type: ignore[arg-type]
            since=D(2025, 7, 1),
            former_head_relation=Relation.PARENT,
        )
    assert "new_head" in caught.value.error_dict


# ---------------------------------------------------------------------------------------------
# Merging
# ---------------------------------------------------------------------------------------------


def test_merging_two_records_of_one_family_keeps_one_membership(
    director: User, household_north: Household
) -> None:
    """Regression: merging two persons of the same family left the kept person in the family
    twice ("3 osoby"), and every later edit failed."""
    kept_membership = household_north.memberships.filter(relation=Relation.CHILD).first()
    assert kept_membership is not None
    kept = kept_membership.person
    duplicate = PersonFactory(
        pesel=None,
        document_type="paszport",
        document_number="ZZ1234567",
        first_names=kept.first_names,
        surname=kept.surname,
        birth_date=kept.birth_date,
    )
    MembershipFactory(
        household=household_north,
        person=duplicate,
        relation=Relation.CHILD,
        valid_from=D(2019, 6, 1),
        valid_to=D(2022, 12, 31),
    )
    members_before = Membership.objects.current_on(D(2020, 6, 1)).filter(household=household_north)
    assert members_before.count() == 4
    services.persons_merge(actor=director, kept=kept, merged=duplicate)
    memberships = list(household_north.memberships.filter(person=kept))
    assert len(memberships) == 1
    # 2019-06-01 (the duplicate's start) to open (the kept record's end).
    assert (memberships[0].valid_from, memberships[0].valid_to) == (D(2019, 6, 1), None)
    now = Membership.objects.current_on(D(2020, 6, 1)).filter(household=household_north)
    assert now.count() == 3
    # A later edit works.
    services.membership_end(actor=director, membership=memberships[0], valid_to=D(2025, 6, 30))


def test_merging_records_in_two_families_at_once_is_refused(
    director: User, household_north: Household, household_south: Household
) -> None:
    kept = household_north.memberships.first().person  # type: ignore[union-attr]
    duplicate = household_south.memberships.first().person  # type: ignore[union-attr]
    duplicate.pesel = None
    duplicate.document_type, duplicate.document_number = "paszport", "ZZ7654321"
    duplicate.save()
    with pytest.raises(ValidationError):
        services.persons_merge(actor=director, kept=kept, merged=duplicate)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
