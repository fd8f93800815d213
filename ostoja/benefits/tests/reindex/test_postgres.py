"""Two workers on the same run at the same moment, on PostgreSQL with real transactions and
threads: each award is drafted once. First as the run works (its batches lock their awards and
skip those another worker holds), then with the locks bypassed and every award through the
services, where the unique item per run and award is what holds. Skipped on SQLite."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from ostoja.benefits.models import Decision, Reindexation, ReindexItem, ReindexState
from ostoja.benefits.services import reindex
from ostoja.benefits.services.reindex import batch as reindex_batch
from ostoja.benefits.services.reindex import run as reindex_run
from ostoja.benefits.tests.reindex.factories import Granted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FAMILIES = (
    "zasilek_staly",
    "zasilek_staly_south",
    "okresowy_kept",
    "okresowy_raised",
    "pielegnacyjne_adult",
    "zasilek_pielegnacyjny",
)
CHANGED = 3  # the two zasiłki stałe and the raised zasiłek okresowy


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
        thread.join(timeout=120)
    return outcomes


def _families(request: Any) -> list[Granted]:
    return [request.getfixturevalue(name) for name in FAMILIES]


def _assert_once_per_award(run: Reindexation, made: list[Granted]) -> None:
    items = ReindexItem.objects.filter(reindexation=run)
    assert sorted(items.values_list("award_id", flat=True)) == sorted(m.award.pk for m in made)
    drafts = Decision.objects.filter(reindexation=run)
    assert drafts.count() == CHANGED
    assert sorted(drafts.values_list("changes_id", flat=True)) == sorted(
        item.award.decision_id for item in items.filter(decision__isnull=False)
    )
    run.refresh_from_db()
    assert (run.state, run.processed, run.total, run.changed) == (
        ReindexState.DONE,
        len(made),
        len(made),
        CHANGED,
    )


def test_two_workers_on_the_same_run_draft_once_per_award(
    request: Any, run: Reindexation, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _families(request)
    monkeypatch.setattr(reindex_run, "BATCH_SIZE", 1)

    outcomes = _in_threads(
        lambda: reindex.reindexation_run(run.pk), lambda: reindex.reindexation_run(run.pk)
    )

    assert all(isinstance(outcome, Reindexation) for outcome in outcomes), outcomes
    _assert_once_per_award(run, made)


def test_without_the_locks_the_unique_item_still_holds(
    request: Any, run: Reindexation, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _families(request)

    def unlocked(run: Reindexation, *, after: int) -> tuple[list[Any], int | None]:
        batch = list(reindex_run._pending(run).filter(pk__gt=after)[: reindex_run.BATCH_SIZE])
        return batch, (batch[-1].pk if batch else None)

    monkeypatch.setattr(reindex_run, "_lock_batch", unlocked)
    monkeypatch.setattr(reindex_batch, "_plan_batch", lambda run, batch, **_: ([], list(batch)))

    outcomes = _in_threads(
        lambda: reindex.reindexation_run(run.pk), lambda: reindex.reindexation_run(run.pk)
    )

    assert all(isinstance(outcome, Reindexation) for outcome in outcomes), outcomes
    _assert_once_per_award(run, made)
