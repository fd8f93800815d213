"""The re-indexation's service: what becomes of each award (amounts worked out by hand from the
statute and the figures of reference.md), a run started, repeated, interrupted and resumed,
and the signing of its drafts."""

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ostoja.accounts.models import Area, User
from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import (
    Award,
    Decision,
    DecisionKind,
    DecisionState,
    Reindexation,
    ReindexItem,
    ReindexOutcome,
    ReindexState,
)
from ostoja.benefits.services import reindex
from ostoja.benefits.services.reindex import award as reindex_award
from ostoja.benefits.services.reindex import batch as reindex_batch
from ostoja.benefits.services.reindex import run as reindex_run
from ostoja.benefits.tests.reindex.conftest import DAY
from ostoja.benefits.tests.reindex.factories import Granted, Member, granted
from ostoja.core.models import ActionRecord
from ostoja.core.money import format_pln
from ostoja.registry.models import Membership

pytestmark = pytest.mark.django_db


def _zl(amount: str) -> str:
    """An amount as the decisions write it: "1 313,00 zł" with non-breaking spaces."""
    return format_pln(Decimal(amount))


_PENSION = {"incomes": [{"kind": "emerytura", "amount": "600.00"}]}


def _item(run: Reindexation, made: Granted) -> ReindexItem:
    return ReindexItem.objects.get(reindexation=run, award=made.award)


# ---------------------------------------------------------------------------------------------
# What becomes of an award
# ---------------------------------------------------------------------------------------------


def test_zasilek_staly_of_a_single_person_follows_the_2025_criterion(
    zasilek_staly: Granted, run: Reindexation, clerk: User
) -> None:
    # Art. 37 ust. 1 pkt 1 u.p.s.: a single person unable to work because of age (a woman of 74;
    # art. 6 pkt 7: 60 for a woman) whose income, 600,00 zł, is below the single person's
    # criterion. Art. 37 ust. 2 pkt 1 as from 1 January 2024 (act of 28 July 2023, Dz.U. 2023
    # poz. 1693): 130 % of that criterion less the income, at most the maximum (ust. 2), at least
    # 100 zł (ust. 3); reference.md §2.3 and §3.3.
    # Granted on 1 March 2024, criterion 776 zł: 1,3 × 776 = 1 008,80; 1 008,80 − 600 = 408,80 zł
    # (below the maximum of 1 000 zł, above 100 zł).
    # From 1 January 2025, criterion 1 010 zł (Dz.U. 2024 poz. 1044): 1,3 × 1 010 = 1 313,00;
    # 1 313,00 − 600 = 713,00 zł (below the new maximum of 1 229 zł).
    assert zasilek_staly.award.amount == Decimal("408.80")

    reindex.reindexation_run(run.pk)

    item = _item(run, zasilek_staly)
    assert item.outcome == ReindexOutcome.CHANGED
    assert item.old_amount == Decimal("408.80")
    assert item.new_amount == Decimal("713.00")
    assert item.difference == Decimal("304.20")  # 713,00 − 408,80
    assessment = item.assessment
    assert assessment is not None
    assert assessment.day == DAY
    assert assessment.supersedes == zasilek_staly.assessment
    assert assessment.reindexation == run
    assert assessment.amount == Decimal("713.00")
    assert assessment.household == zasilek_staly.assessment.household
    decision = item.decision
    assert decision is not None
    assert decision.kind == DecisionKind.CHANGE
    assert decision.state == DecisionState.DRAFT
    assert decision.changes == zasilek_staly.decision
    assert decision.effective_from == DAY
    assert decision.reindexation == run
    assert decision.assessment == assessment
    assert decision.drafted_by == clerk
    assert decision.application is None
    (line,) = decision.lines.all()
    assert (line.benefit, line.amount, line.period_from, line.period_to) == (
        Benefit.ZASILEK_STALY,
        Decimal("713.00"),
        DAY,
        None,
    )
    assert line.person == zasilek_staly.award.person
    assert line.payee == zasilek_staly.award.payee
    number = zasilek_staly.decision.number
    assert f"Zmienia się decyzję nr {number} od 1 stycznia 2025 r." in decision.operative
    assert _zl("713.00") in decision.operative
    facts = decision.justification_facts
    so_far = f"dotychczas {_zl('408.80')} miesięcznie, od 1 stycznia 2025 r. {_zl('713.00')}"
    assert so_far in facts
    criterion = "Kryterium dochodowe osoby samotnie gospodarującej (art. 8 ust. 1 u.p.s.)"
    assert f"{criterion} – {_zl('1010.00')}" in facts
    assert "art. 106 ust. 5" in decision.legal_basis
    run.refresh_from_db()
    assert (run.state, run.total, run.processed, run.changed, run.unchanged, run.errors) == (
        ReindexState.DONE,
        1,
        1,
        1,
        0,
        0,
    )


def test_zasilek_pielegnacyjny_unchanged_on_1_january_2025(
    zasilek_pielegnacyjny: Granted, run: Reindexation
) -> None:
    # Art. 16 ust. 2 pkt 1 u.ś.r.: a child under 16 with a disability certificate (Kacper, 10);
    # art. 16 ust. 3: 215,84 zł since 1 November 2019, unchanged in 2025 (reference.md §5.6).
    reindex.reindexation_run(run.pk)

    item = _item(run, zasilek_pielegnacyjny)
    assert item.outcome == ReindexOutcome.UNCHANGED
    assert (item.old_amount, item.new_amount) == (Decimal("215.84"), Decimal("215.84"))
    assert item.decision is None
    assert item.assessment is not None
    assert not Decision.objects.filter(reindexation=run).exists()
    run.refresh_from_db()
    assert (run.unchanged, run.changed) == (1, 0)


def test_swiadczenie_pielegnacyjne_ends_when_the_child_turns_18(
    pielegnacyjne_adult: Granted, run: Reindexation
) -> None:
    # Art. 17 ust. 1 u.ś.r. as from 1 January 2024 (act of 7 July 2023, Dz.U. 2023 poz. 1429): a
    # new right to świadczenie pielęgnacyjne is for the care of a person under 18. Tomasz, born
    # 20 November 2006, was 17 on 1 March 2024 (2 988 zł, reference.md §5.6) and is 18 on
    # 1 January 2025: no right by the rules of that day. No decision is drafted: the clerk decides
    # whether to revoke (he may have applied for świadczenie wspierające, say).
    assert pielegnacyjne_adult.award.amount == Decimal("2988.00")

    reindex.reindexation_run(run.pk)

    item = _item(run, pielegnacyjne_adult)
    assert item.outcome == ReindexOutcome.NOT_ELIGIBLE
    assert item.decision is None
    assert item.new_amount is None
    assert item.old_amount == Decimal("2988.00")
    assert "clerk" in item.message or "pracownik" in item.message
    assert item.assessment is not None
    assert item.assessment.eligible is False
    run.refresh_from_db()
    assert (run.processed, run.changed, run.unchanged, run.errors) == (1, 0, 0, 0)


def test_swiadczenie_pielegnacyjne_for_a_child_follows_the_yearly_amount(
    area_north: Area, clerk: User, signer: User, run: Reindexation
) -> None:
    # Art. 17 ust. 3 and 3d u.ś.r.: the amount indexed every 1 January; 2 988 zł in 2024,
    # 3 287 zł in 2025 (reference.md §5.6); the son is 9, so the right goes on.
    made = granted(
        area=area_north,
        benefit=Benefit.SWIADCZENIE_PIELEGNACYJNE,
        members=[
            Member(datetime.date(1984, 1, 1), facts={"cares_for": ["o2"]}),
            Member(
                datetime.date(2015, 5, 5),
                sex="M",
                first_names="Jan",
                facts={"disability": "significant"},
            ),
        ],
        clerk=clerk,
        signer=signer,
    )

    reindex.reindexation_run(run.pk)

    item = _item(run, made)
    assert item.outcome == ReindexOutcome.CHANGED
    assert (item.old_amount, item.new_amount) == (Decimal("2988.00"), Decimal("3287.00"))
    assert item.decision is not None
    assert item.decision.act == "usr"
    assert "art. 32 ust. 1" in item.decision.legal_basis


def test_the_clerks_zasilek_okresowy_within_the_new_range_stays(
    okresowy_kept: Granted, okresowy_raised: Granted, run: Reindexation
) -> None:
    # Art. 38 ust. 2 pkt 1, ust. 3 and 4 u.p.s.: a single person's zasiłek okresowy is at most
    # the difference between the criterion and the income, and at most 418 zł; at least 50 % of
    # the difference (and 20 zł). Income 300 zł.
    # 2024 (criterion 776): difference 476; range 238,00 (50 % of 476) to 418,00.
    # 2025 (criterion 1 010): difference 710; range 355,00 (50 % of 710) to 418,00.
    # The clerk's 400 zł lies within the new range: it stays. The clerk's 300 zł is below the
    # new minimum: it is raised to 355,00 zł (the rule of `OSTOJA_REINDEX_CLERK_AMOUNT` "bounds").
    reindex.reindexation_run(run.pk)

    kept = _item(run, okresowy_kept)
    assert kept.outcome == ReindexOutcome.UNCHANGED
    assert kept.new_amount == Decimal("400.00")
    assert kept.decision is None
    raised = _item(run, okresowy_raised)
    assert raised.outcome == ReindexOutcome.CHANGED
    assert (raised.old_amount, raised.new_amount) == (Decimal("300.00"), Decimal("355.00"))
    assert raised.decision is not None
    facts = raised.decision.justification_facts
    assert f"Dotychczasowa kwota {_zl('300.00')} jest niższa od najniższej kwoty" in facts
    assert f"({_zl('355.00')})" in facts


def _family_okresowy(area: Area, clerk: User, signer: User) -> Granted:
    return granted(
        area=area,
        benefit=Benefit.ZASILEK_OKRESOWY,
        members=[
            Member(
                datetime.date(1985, 1, 1),
                facts={"incomes": [{"kind": "wynagrodzenie", "amount": "600.00"}]},
            ),
            Member(datetime.date(2015, 1, 1), sex="M", first_names="Adam"),
        ],
        clerk=clerk,
        signer=signer,
        amount=Decimal("450.00"),
        until=datetime.date(2025, 6, 30),
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # Art. 38 ust. 2 pkt 2 and ust. 3 u.p.s.: a family of two with 600 zł of income.
        # 2024: family criterion 2 × 600 = 1 200; difference 600; range 300,00–600,00; the clerk
        # gave 450,00 (75 % of the maximum). 2025: 2 × 823 = 1 646; difference 1 046; range
        # 523,00–1 046,00.
        # "bounds": 450,00 is below 523,00, so 523,00.
        ("bounds", Decimal("523.00")),
        # "share": 450 / 600 = 75 % of the maximum; 75 % of 1 046 = 784,50, within the range.
        ("share", Decimal("784.50")),
    ],
)
def test_the_rule_for_the_clerks_amount_is_a_setting(
    rule: str,
    expected: Decimal,
    area_north: Area,
    clerk: User,
    signer: User,
    run: Reindexation,
    settings: Any,
) -> None:
    settings.OSTOJA_REINDEX_CLERK_AMOUNT = rule
    made = _family_okresowy(area_north, clerk, signer)

    reindex.reindexation_run(run.pk)

    item = _item(run, made)
    assert item.outcome == ReindexOutcome.CHANGED
    assert item.new_amount == expected


def test_an_unknown_rule_for_the_clerks_amount_fails_the_run(
    zasilek_staly: Granted, run: Reindexation, settings: Any
) -> None:
    settings.OSTOJA_REINDEX_CLERK_AMOUNT = "whatever"
    with pytest.raises(Exception, match="OSTOJA_REINDEX_CLERK_AMOUNT"):
        reindex.reindexation_run(run.pk)
    run.refresh_from_db()
    assert run.state == ReindexState.FAILED
    assert "OSTOJA_REINDEX_CLERK_AMOUNT" in run.error
    assert not ReindexItem.objects.filter(reindexation=run).exists()


def test_an_award_the_services_refuse_becomes_an_error_and_the_run_goes_on(
    zasilek_staly: Granted, zasilek_pielegnacyjny: Granted, run: Reindexation
) -> None:
    """The party left the family: `decision_draft` refuses the draft (the party must be a
    member); the item says so in the service's words, the other award is done."""
    Membership.objects.filter(person=zasilek_staly.members[0]).update(
        valid_to=datetime.date(2024, 12, 1)
    )

    reindex.reindexation_run(run.pk)

    item = _item(run, zasilek_staly)
    assert item.outcome == ReindexOutcome.ERROR
    assert item.decision is None
    assert item.message
    assert _item(run, zasilek_pielegnacyjny).outcome == ReindexOutcome.UNCHANGED
    assert not Decision.objects.filter(reindexation=run).exists()
    run.refresh_from_db()
    assert (run.state, run.processed, run.errors, run.unchanged) == (ReindexState.DONE, 2, 1, 1)


def test_an_award_without_an_assessment_becomes_an_error(
    area_north: Area, clerk: User, signer: User, run: Reindexation
) -> None:
    made = granted(
        area=area_north,
        benefit=Benefit.ZASILEK_STALY,
        members=[Member(datetime.date(1950, 3, 15), facts=_PENSION)],
        clerk=clerk,
        signer=signer,
        assessed=False,
    )

    reindex.reindexation_run(run.pk)

    item = _item(run, made)
    assert item.outcome == ReindexOutcome.ERROR
    assert "no assessment" in item.message or "ocen" in item.message


def test_what_is_re_indexed() -> None:
    assert set(reindex.reindexed_benefits()) == {
        Benefit.ZASILEK_STALY,
        Benefit.ZASILEK_OKRESOWY,
        Benefit.ZASILEK_PIELEGNACYJNY,
        Benefit.SWIADCZENIE_PIELEGNACYJNE,
    }


def test_a_suspended_award_a_one_off_and_an_ended_one_are_not_in_the_run(
    zasilek_staly: Granted, zasilek_pielegnacyjny: Granted, okresowy_kept: Granted
) -> None:
    Award.objects.filter(pk=zasilek_pielegnacyjny.award.pk).update(suspended=True)
    Award.objects.filter(pk=okresowy_kept.award.pk).update(valid_to=datetime.date(2024, 12, 31))

    assert list(reindex.affected_awards(DAY)) == [zasilek_staly.award]


def test_affected_awards_is_one_query(
    zasilek_staly: Granted,
    zasilek_pielegnacyjny: Granted,
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(1):
        awards = list(reindex.affected_awards(DAY))
        for award in awards:
            assert award.decision.assessment is not None
            assert award.decision.party.surname
            assert award.person.pk
            assert award.payee.pk
            assert award.household.pk


def test_the_days_of_change_include_the_criteria_and_the_yearly_care_amount() -> None:
    days = {change.day: change for change in reindex.parameter_changes()}
    assert datetime.date(2025, 1, 1) in days
    assert datetime.date(2026, 1, 1) in days  # świadczenie pielęgnacyjne 3 386 zł
    assert any("Kryterium dochodowe" in text for text in days[DAY].descriptions)
    assert not reindex.is_change_day(datetime.date(2025, 2, 3))
    since = reindex.parameter_changes(since=datetime.date(2025, 1, 1))
    assert all(change.day >= datetime.date(2025, 1, 1) for change in since)
    assert [change.day for change in since] == sorted((c.day for c in since), reverse=True)


def test_new_amount_of_an_award_sharing_the_decisions_amount() -> None:
    """Several awards of one decision share the rules' total: the same total leaves each as it
    is; another total is the clerk's to split."""
    award = Award(benefit=Benefit.ZASILEK_PIELEGNACYJNY, amount=Decimal("215.84"))
    same = _assessment(Decimal("431.68"))
    kept, note = reindex.new_amount(
        award, basis=same, assessment=_assessment(Decimal("431.68")), rule="bounds", siblings=2
    )
    assert (kept, note) == (Decimal("215.84"), "")
    with pytest.raises(reindex.ReindexProblem):
        reindex.new_amount(
            award, basis=same, assessment=_assessment(Decimal("500.00")), rule="bounds", siblings=2
        )


def _assessment(amount: Decimal) -> Any:
    from ostoja.benefits.models import Assessment

    return Assessment(amount=amount, day=DAY, result={"eligible": True}, eligible=True)


# ---------------------------------------------------------------------------------------------
# Once per award, however often it runs
# ---------------------------------------------------------------------------------------------


def _all(request: Any) -> list[Granted]:
    names = ["zasilek_staly", "okresowy_kept", "okresowy_raised", "pielegnacyjne_adult"]
    names.append("zasilek_pielegnacyjny")
    return [request.getfixturevalue(name) for name in names]


def test_a_run_repeated_drafts_once_per_award(request: Any, run: Reindexation) -> None:
    made = _all(request)
    reindex.reindexation_run(run.pk)
    first = {item.award_id: item.pk for item in ReindexItem.objects.filter(reindexation=run)}

    reindex.reindexation_run(run.pk)

    items = ReindexItem.objects.filter(reindexation=run)
    assert {item.award_id: item.pk for item in items} == first
    assert items.count() == len(made)
    drafts = Decision.objects.filter(reindexation=run)
    # zasiłek stały and the raised zasiłek okresowy change; the others do not.
    assert drafts.count() == 2
    run.refresh_from_db()
    assert (run.state, run.total, run.processed, run.changed) == (ReindexState.DONE, 5, 5, 2)


class Killed(BaseException):
    """The worker's process killed: nothing catches it, as nothing catches a SIGKILL."""


def test_a_run_killed_half_way_goes_on_where_it_stopped(
    request: Any, run: Reindexation, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _all(request)
    monkeypatch.setattr(reindex_run, "BATCH_SIZE", 1)
    real = reindex.recomputed
    calls: list[int] = []

    def dies_on_the_third(**values: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise Killed
        return real(**values)

    monkeypatch.setattr(reindex_batch, "recomputed", dies_on_the_third)
    with pytest.raises(Killed):
        reindex.reindexation_run(run.pk)
    run.refresh_from_db()
    assert run.state == ReindexState.RUNNING  # as a killed worker leaves it
    assert ReindexItem.objects.filter(reindexation=run).count() == 2

    reindex.reindexation_run(run.pk)

    items = ReindexItem.objects.filter(reindexation=run)
    assert sorted(items.values_list("award_id", flat=True)) == sorted(m.award.pk for m in made)
    assert Decision.objects.filter(reindexation=run).count() == 2
    assert items.filter(outcome=ReindexOutcome.CHANGED).count() == 2
    assert all(item.decision_id for item in items.filter(outcome=ReindexOutcome.CHANGED))
    run.refresh_from_db()
    assert (run.state, run.processed, run.total) == (ReindexState.DONE, 5, 5)


def test_a_second_worker_on_a_taken_award_drafts_nothing(
    zasilek_staly: Granted, run: Reindexation, clerk: User
) -> None:
    """The last guard: the item is unique per run and award. A worker that reaches an award
    another has finished (its lock bypassed) fails on the constraint and rolls back its draft."""
    reindex.reindexation_run(run.pk)
    assert Decision.objects.filter(reindexation=run).count() == 1
    award = reindex.affected_awards(DAY).get(pk=zasilek_staly.award.pk)

    reindex_award._reindex_award(run, award, actor=clerk, rule="bounds", siblings=Counter())

    assert Decision.objects.filter(reindexation=run).count() == 1
    assert ReindexItem.objects.filter(reindexation=run).count() == 1


def test_a_batch_another_worker_finished_meanwhile_does_not_end_the_pass(
    zasilek_staly: Granted,
    zasilek_pielegnacyjny: Granted,
    run: Reindexation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ids are locked from a snapshot that may not show the item another worker has just
    committed: the batch is then empty after the second look, and the pass goes on."""
    first, second = sorted(
        (zasilek_staly.award, zasilek_pielegnacyjny.award), key=lambda award: award.pk
    )
    ReindexItem.objects.create(reindexation=run, award=first, outcome=ReindexOutcome.UNCHANGED)
    real = reindex_run._pending

    def stale_snapshot(run: Reindexation, *, related: bool = True) -> Any:
        if related:
            return real(run)
        return reindex.affected_awards(run.effective_on).select_related(None)

    monkeypatch.setattr(reindex_run, "_pending", stale_snapshot)
    monkeypatch.setattr(reindex_run, "BATCH_SIZE", 1)

    reindex.reindexation_run(run.pk)

    assert ReindexItem.objects.get(reindexation=run, award=first).outcome == "bez_zmian"
    assert ReindexItem.objects.get(reindexation=run, award=second).assessment is not None
    assert ReindexItem.objects.filter(reindexation=run).count() == 2


# ---------------------------------------------------------------------------------------------
# Starting
# ---------------------------------------------------------------------------------------------


def test_start_queues_the_task_after_the_commit(
    zasilek_staly: Granted, clerk: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = reindex.reindexation_start(actor=clerk, effective_on=DAY)
        assert run.state == ReindexState.QUEUED
    assert len(callbacks) == 1
    run.refresh_from_db()
    # The tests' immediate backend ran the task at once.
    assert run.state == ReindexState.DONE
    assert run.task_id
    assert run.changed == 1
    assert ActionRecord.objects.filter(action=reindex.REINDEX_START, actor=clerk).exists()


def test_start_again_queues_the_same_run_and_retries_the_errors(
    zasilek_staly: Granted,
    clerk: User,
    signer: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    membership = Membership.objects.get(person=zasilek_staly.members[0])
    Membership.objects.filter(pk=membership.pk).update(valid_to=datetime.date(2024, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        first = reindex.reindexation_start(actor=clerk, effective_on=DAY)
    assert ReindexItem.objects.get(reindexation=first).outcome == ReindexOutcome.ERROR
    Membership.objects.filter(pk=membership.pk).update(valid_to=None)

    with django_capture_on_commit_callbacks(execute=True):
        again = reindex.reindexation_start(actor=signer, effective_on=DAY)

    assert again.pk == first.pk
    assert Reindexation.objects.count() == 1
    item = ReindexItem.objects.get(reindexation=again)
    assert item.outcome == ReindexOutcome.CHANGED
    again.refresh_from_db()
    assert again.started_by == signer
    assert (again.state, again.errors, again.changed) == (ReindexState.DONE, 0, 1)
    requeued = ActionRecord.objects.get(action=reindex.REINDEX_REQUEUE)
    assert requeued.details["retried"] == 1


def test_start_refuses_a_day_without_a_change(clerk: User) -> None:
    with pytest.raises(ValidationError) as refused:
        reindex.reindexation_start(actor=clerk, effective_on=datetime.date(2025, 2, 3))
    assert "effective_on" in refused.value.message_dict
    assert not Reindexation.objects.exists()


@pytest.mark.parametrize("role", ["accountant", "administrator", "iod"])
def test_start_needs_the_right_to_reindex(role: str, request: Any) -> None:
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        reindex.reindexation_start(actor=user, effective_on=DAY)


# ---------------------------------------------------------------------------------------------
# Signing the drafts
# ---------------------------------------------------------------------------------------------


def test_sign_all_signs_the_drafts_and_the_awards_follow(
    zasilek_staly: Granted,
    okresowy_raised: Granted,
    run: Reindexation,
    signer: User,
) -> None:
    reindex.reindexation_run(run.pk)

    result = reindex.reindexation_sign_all(actor=signer, reindexation=run)

    # zasiłek stały: its family had its interview (art. 106 ust. 4 u.p.s.), so it is signed.
    (signed,) = result.signed
    assert signed.changes == zasilek_staly.decision
    assert signed.state == DecisionState.SIGNED
    assert signed.number
    old = Award.objects.get(pk=zasilek_staly.award.pk)
    assert old.valid_to == datetime.date(2024, 12, 31)
    new = Award.objects.get(continues=old)
    assert (new.valid_from, new.amount) == (DAY, Decimal("713.00"))
    # The raised zasiłek okresowy: no interview of that family, so the signature is refused.
    ((refused, reasons),) = result.refused
    assert refused.changes == okresowy_raised.decision
    assert any("106 ust. 4" in reason for reason in reasons)
    assert ActionRecord.objects.filter(action=reindex.REINDEX_SIGN_ALL, actor=signer).exists()


def test_sign_all_needs_the_right_to_reindex(
    zasilek_staly: Granted, run: Reindexation, accountant: User
) -> None:
    reindex.reindexation_run(run.pk)
    with pytest.raises(PermissionDenied), transaction.atomic():
        reindex.reindexation_sign_all(actor=accountant, reindexation=run)
