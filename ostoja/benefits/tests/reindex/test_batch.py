"""The batched path of a run writes what the services write: the same awards run once through
`assessment_recompute` and `decision_draft` one by one and once in a batch end with the same
rows, action records and history; and the batched casework warnings are `casework_flags`'."""

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from ostoja.accounts.models import Area, User
from ostoja.benefits.assessment_input import casework_flags
from ostoja.benefits.catalogue import BENEFITS, Benefit
from ostoja.benefits.models import Reindexation, ReindexItem
from ostoja.benefits.services import reindex
from ostoja.benefits.services.assessments import ASSESSMENT_RECOMPUTE
from ostoja.benefits.services.decisions import DECISION_DRAFT
from ostoja.benefits.services.reindex import award as reindex_award
from ostoja.benefits.services.reindex import batch as reindex_batch
from ostoja.benefits.tests.assessment.factories import (
    cooperation_event,
    interview,
    refused_interview,
)
from ostoja.benefits.tests.reindex.conftest import DAY
from ostoja.benefits.tests.reindex.factories import Granted
from ostoja.core.models import ActionRecord
from ostoja.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _actions(instance: Any, action: str) -> list[dict[str, Any]]:
    """The actions of a kind about a record, without the ids of the records the run made."""
    own = (instance._meta.label_lower, instance.pk)
    found = []
    for record in ActionRecord.objects.about(instance).filter(action=action).order_by("pk"):
        details = {
            key: value
            for key, value in record.details.items()
            if key not in ("assessment_id", "decision_id")
        }
        subjects = [
            "itself"
            if (subject.kind, subject.object_id) == own
            else (subject.kind, subject.object_id)
            for subject in record.subjects.order_by("pk")
        ]
        found.append({"actor": record.actor_id, "details": details, "subjects": subjects})
    return found


def _snapshot(run: Reindexation) -> list[dict[str, Any]]:
    rows = []
    for item in ReindexItem.objects.filter(reindexation=run).order_by("award_id"):
        row: dict[str, Any] = {
            "item": model_to_dict(item, exclude=["id", "assessment", "decision"]),
        }
        assessment = item.assessment
        if assessment is not None:
            row["assessment"] = model_to_dict(assessment, exclude=["id"])
            row["assessment_actions"] = _actions(assessment, ASSESSMENT_RECOMPUTE)
        decision = item.decision
        if decision is not None:
            row["decision"] = model_to_dict(decision, exclude=["id", "assessment"])
            row["lines"] = [
                model_to_dict(line, exclude=["id", "decision"]) for line in decision.lines.all()
            ]
            row["history"] = list(
                decision.history.values_list("history_type", "history_user_id", "state")
            )
            row["decision_actions"] = _actions(decision, DECISION_DRAFT)
        rows.append(row)
    return rows


def _through_the_services_then_undone(
    run: Reindexation, monkeypatch: pytest.MonkeyPatch
) -> list[dict[str, Any]]:
    """Every award of the run through the services, one by one; what that wrote, undone."""
    taken: list[dict[str, Any]] = []
    try:
        with transaction.atomic():
            with monkeypatch.context() as patched:
                patched.setattr(
                    reindex_batch, "_plan_batch", lambda run, batch, **_: ([], list(batch))
                )
                reindex.reindexation_run(run.pk)
            taken = _snapshot(run)
            raise _Rollback
    except _Rollback:
        pass
    return taken


def test_the_batch_writes_what_the_services_write(
    request: Any, run: Reindexation, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "zasilek_staly",
        "okresowy_kept",
        "okresowy_raised",
        "pielegnacyjne_adult",
        "zasilek_pielegnacyjny",
    ):
        request.getfixturevalue(name)
    by_the_services = _through_the_services_then_undone(run, monkeypatch)
    assert not ReindexItem.objects.filter(reindexation=run).exists()
    one_by_one: list[int] = []
    real = reindex_award._reindex_award

    def counted(*args: Any, **values: Any) -> None:
        one_by_one.append(1)
        real(*args, **values)

    monkeypatch.setattr(reindex_batch, "_reindex_award", counted)

    reindex.reindexation_run(run.pk)

    assert one_by_one == []  # all five went the batched way
    in_a_batch = _snapshot(run)
    assert len(in_a_batch) == 5
    assert in_a_batch == by_the_services
    # The snapshot is not empty of what matters.
    changed = [row for row in in_a_batch if "decision" in row]
    assert len(changed) == 2
    assert all(row["decision_actions"] and row["assessment_actions"] for row in changed)
    assert all(row["history"] == [("+", run.started_by_id, "projekt")] for row in changed)


def test_an_unusual_award_in_a_batch_goes_through_the_services(
    zasilek_staly: Granted, zasilek_pielegnacyjny: Granted, run: Reindexation, clerk: User
) -> None:
    """A draft the checks refuse (the payee is no longer a member) leaves the batch: the service
    words the refusal, the rest of the batch is written together."""
    from ostoja.registry.models import Membership

    Membership.objects.filter(person=zasilek_staly.members[0]).update(
        valid_to=datetime.date(2024, 12, 20)
    )

    reindex.reindexation_run(run.pk)

    refused = ReindexItem.objects.get(reindexation=run, award=zasilek_staly.award)
    assert refused.outcome == "blad"
    assert "member" in refused.message or "członk" in refused.message
    unchanged = ReindexItem.objects.get(reindexation=run, award=zasilek_pielegnacyjny.award)
    assert unchanged.outcome == "bez_zmian"


def test_batched_casework_flags_are_those_of_casework_flags(
    area_north: Area, social_worker: User
) -> None:
    today = DAY
    nothing = household_with_members(area=area_north, members=1)
    recent = household_with_members(area=area_north, members=1)
    interview(recent, conducted_on=datetime.date(2024, 10, 1), worker=social_worker)
    # Six months on from 2 May 2024 is 2 November 2024, before the day: the update is late.
    stale = household_with_members(area=area_north, members=1)
    interview(stale, conducted_on=datetime.date(2024, 5, 2), worker=social_worker)
    refused_after = household_with_members(area=area_north, members=2)
    interview(refused_after, conducted_on=datetime.date(2024, 9, 2), worker=social_worker)
    refused_interview(refused_after, refused_on=datetime.date(2024, 11, 15), worker=social_worker)
    refused_before = household_with_members(area=area_north, members=2)
    refused_interview(refused_before, refused_on=datetime.date(2024, 8, 1), worker=social_worker)
    interview(refused_before, conducted_on=datetime.date(2024, 9, 2), worker=social_worker)
    never_refused = household_with_members(area=area_north, members=1)
    refused_interview(never_refused, refused_on=datetime.date(2024, 8, 1), worker=social_worker)
    cooperating = household_with_members(area=area_north, members=3)
    interview(cooperating, conducted_on=datetime.date(2024, 10, 7), worker=social_worker)
    cooperation_event(cooperating, occurred_on=datetime.date(2024, 6, 1), recorded_by=social_worker)
    long_ago = household_with_members(area=area_north, members=1)
    interview(long_ago, conducted_on=datetime.date(2024, 10, 7), worker=social_worker)
    cooperation_event(long_ago, occurred_on=datetime.date(2023, 6, 1), recorded_by=social_worker)
    households = [
        nothing,
        recent,
        stale,
        refused_after,
        refused_before,
        never_refused,
        cooperating,
        long_ago,
    ]
    benefits = [
        BENEFITS[Benefit.ZASILEK_STALY],
        BENEFITS[Benefit.ZASILEK_OKRESOWY],
        BENEFITS[Benefit.SWIADCZENIE_PIELEGNACYJNE],
    ]
    pairs = [(household.pk, spec) for household in households for spec in benefits]

    batched = reindex.batch_casework_flags(pairs, today)

    expected = {
        (household.pk, spec.code.value): casework_flags(household, spec, today)
        for household in households
        for spec in benefits
    }
    assert batched == expected
    # The scenarios are not all alike: every warning shows up somewhere.
    seen = {flag for flags in batched.values() for flag in flags}
    assert seen == {"wywiad_brak", "wywiad_nieaktualny", "wywiad_odmowa", "brak_wspolpracy"}
