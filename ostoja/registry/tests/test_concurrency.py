"""Two people saving at once, on PostgreSQL with real transactions and threads."""

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ostoja.core.locking import ConflictError
from ostoja.registry import services
from ostoja.registry.forms import PersonForm
from ostoja.registry.models import Household, Membership, Person, Relation
from ostoja.registry.tests.factories import (
    AreaFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    make_pesel,
    person_form_data,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_threads(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs at the same moment, each in its own thread and connection; return what each
    returned or raised."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = job()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _data(**values: Any) -> dict[str, Any]:
    form = PersonForm(data=person_form_data(**values))
    assert form.is_valid(), form.errors
    return form.person_data()


def test_two_updates_of_the_same_version_one_wins() -> None:
    actor = UserFactory(role="kierownik")
    person = services.person_create(actor=actor, data=_data())

    def update(phone: str) -> Callable[[], Person]:
        def job() -> Person:
            mine = Person.objects.get(pk=person.pk)
            return services.person_update(
                actor=actor, person=mine, version=1, data=_data(phone=phone)
            )

        return job

    outcomes = _in_threads(update("601 000 111"), update("601 000 222"))
    saved = [o for o in outcomes if isinstance(o, Person)]
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(saved) == 1, outcomes
    assert len(conflicts) == 1, outcomes
    person.refresh_from_db()
    assert person.version == 2
    assert person.phone == saved[0].phone
    assert [c.field for c in conflicts[0].changes] == ["phone"]


def test_two_registrations_of_the_same_pesel_one_wins() -> None:
    actor = UserFactory(role="kierownik")
    pesel = make_pesel(datetime.date(1966, 6, 6), 606, sex="K")

    def create() -> Person:
        return services.person_create(actor=actor, data=_data(pesel=pesel))

    outcomes = _in_threads(create, create)
    created = [o for o in outcomes if isinstance(o, Person)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(created) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert refused[0].error_dict["pesel"][0].code == "pesel_taken"
    assert Person.objects.filter(pesel=pesel).count() == 1


def _refused_or_created(
    outcomes: list[Any],
) -> tuple[list[Membership], list[ValidationError]]:
    created = [o for o in outcomes if isinstance(o, Membership)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    return created, refused


def test_one_person_added_to_two_households_at_once_joins_one() -> None:
    """Regression: two concurrent membership_add calls put one person in two households (3 of 5
    runs): the check read, then inserted, with no lock and no constraint."""
    actor = UserFactory(role="kierownik")
    area = AreaFactory()
    first, second = HouseholdFactory(area=area), HouseholdFactory(area=area)
    person = PersonFactory()

    def join(household: Household) -> Callable[[], Membership]:
        def job() -> Membership:
            return services.membership_add(
                actor=actor,
                household=household,
                person=Person.objects.get(pk=person.pk),
                relation=Relation.CHILD,
                valid_from=datetime.date(2024, 1, 1),
            )

        return job

    for _round in range(5):
        Membership.objects.filter(person=person).delete()
        created, refused = _refused_or_created(_in_threads(join(first), join(second)))
        assert len(created) == 1, (created, refused)
        assert len(refused) == 1, (created, refused)
        assert Membership.objects.filter(person=person).count() == 1


def test_two_heads_added_at_once_one_wins() -> None:
    actor = UserFactory(role="kierownik")
    household = HouseholdFactory(area=AreaFactory())
    one, other = PersonFactory(), PersonFactory()

    def head(person: Person) -> Callable[[], Membership]:
        def job() -> Membership:
            return services.membership_add(
                actor=actor,
                household=Household.objects.get(pk=household.pk),
                person=person,
                relation=Relation.APPLICANT,
                valid_from=datetime.date(2024, 1, 1),
            )

        return job

    created, refused = _refused_or_created(_in_threads(head(one), head(other)))
    assert len(created) == 1, (created, refused)
    assert len(refused) == 1, (created, refused)
    assert household.memberships.filter(relation=Relation.APPLICANT).count() == 1


def test_the_database_itself_refuses_overlapping_memberships() -> None:
    """The exclusion constraints hold even for a write that bypasses the services."""
    from django.db import IntegrityError, transaction

    membership = MembershipFactory(valid_from=datetime.date(2024, 1, 1), valid_to=None)
    elsewhere = HouseholdFactory(area=membership.household.area)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            household=elsewhere,
            person=membership.person,
            relation=Relation.CHILD,
            valid_from=datetime.date(2025, 6, 1),
        )
    # Consecutive periods do not overlap.
    membership.valid_to = datetime.date(2025, 5, 31)
    membership.save()
    Membership.objects.create(
        household=elsewhere,
        person=membership.person,
        relation=Relation.CHILD,
        valid_from=datetime.date(2025, 6, 1),
    )
    head = MembershipFactory(household=elsewhere, relation=Relation.APPLICANT)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            household=elsewhere, relation=Relation.APPLICANT, valid_from=head.valid_from
        )
