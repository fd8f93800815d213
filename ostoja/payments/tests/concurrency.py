"""Jobs run at the same moment, each in its own thread and database connection, for the
PostgreSQL tests of what must hold under concurrency."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def at_once(jobs: list[Callable[[], Any]], *, timeout: float = 300) -> list[Any]:
    """Each job's result, or the exception it raised, in the jobs' order; the jobs start
    together at a barrier."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def work(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = job()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
