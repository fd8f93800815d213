"""Correcting a membership: a new head, other dates, the same rules as when adding."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ostoja.accounts.models import Area, User
from ostoja.registry import services
from ostoja.registry.models import Membership, Relation
from ostoja.registry.tests.factories import HouseholdFactory, PersonFactory

D = datetime.date


def _family(director: User, area: Area) -> tuple[Membership, Membership]:
    household = HouseholdFactory(area=area)
    head = services.membership_add(
        actor=director,
        household=household,
        person=PersonFactory(),
        relation=Relation.APPLICANT,
        valid_from=D(2020, 1, 1),
    )
    spouse = services.membership_add(
        actor=director,
        household=household,
        person=PersonFactory(),
        relation=Relation.SPOUSE,
        valid_from=D(2020, 1, 1),
    )
    return head, spouse


def test_the_head_changes_in_two_steps(director: User, area_north: Area) -> None:
    head, spouse = _family(director, area_north)
    with pytest.raises(ValidationError) as refused:
        services.membership_update(
            actor=director,
            membership=spouse,
            relation=Relation.APPLICANT,
            valid_from=spouse.valid_from,
            valid_to=None,
        )
    assert "relation" in refused.value.message_dict
    services.membership_update(
        actor=director,
        membership=head,
        relation=Relation.SPOUSE,
        valid_from=head.valid_from,
        valid_to=None,
    )
    services.membership_update(
        actor=director,
        membership=spouse,
        relation=Relation.APPLICANT,
        valid_from=spouse.valid_from,
        valid_to=None,
    )
    spouse.refresh_from_db()
    assert spouse.relation == Relation.APPLICANT
    assert spouse.history.first().history_user == director


def test_dates_may_not_run_backwards_or_overlap_another_household(
    director: User, area_north: Area
) -> None:
    head, _spouse = _family(director, area_north)
    with pytest.raises(ValidationError) as backwards:
        services.membership_update(
            actor=director,
            membership=head,
            relation=head.relation,
            valid_from=D(2020, 1, 1),
            valid_to=D(2019, 1, 1),
        )
    assert "valid_to" in backwards.value.message_dict
    elsewhere = HouseholdFactory(area=area_north)
    services.membership_add(
        actor=director,
        household=elsewhere,
        person=head.person,
        relation=Relation.APPLICANT,
        valid_from=D(2010, 1, 1),
        valid_to=D(2015, 12, 31),
    )
    with pytest.raises(ValidationError) as overlap:
        services.membership_update(
            actor=director,
            membership=head,
            relation=head.relation,
            valid_from=D(2014, 1, 1),
            valid_to=None,
        )
    assert "valid_from" in overlap.value.message_dict
