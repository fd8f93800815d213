"""The benefits' background tasks (`django.tasks`; in production the worker is
`manage.py db_worker` of django-tasks-db, in the tests the immediate backend runs a task at once).

A task only calls its service: the work, its transactions and its resumption are the service's.
"""

from django.tasks import task

from ostoja.benefits.services import reindex


@task
def run_reindexation(reindexation_id: int) -> dict[str, int]:
    """The re-indexation's run (`reindex.reindexation_run`); returns its counters."""
    run = reindex.reindexation_run(reindexation_id)
    return {
        "total": run.total,
        "processed": run.processed,
        "changed": run.changed,
        "unchanged": run.unchanged,
        "errors": run.errors,
    }
