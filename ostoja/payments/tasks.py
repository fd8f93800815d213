"""The payments' background tasks (`django.tasks`; `manage.py db_worker` in production, the
immediate backend in the tests). A task only calls its service."""

from typing import Any

from django.tasks import task

from ostoja.payments.recovery.summaries import keep_figures_of_today
from ostoja.payments.services.prints import list_print_render
from ostoja.payments.services.runs import payment_run_execute


@task
def generate_payment_lists(run_id: int) -> dict[str, int]:
    run = payment_run_execute(run_id)
    return {
        "total": run.total,
        "processed": run.processed,
        "items": run.items_added,
        "overpayments": run.overpayments_found,
    }


@task
def render_list_print(print_id: int) -> dict[str, str]:
    printout = list_print_render(print_id)
    return {"state": printout.state, "sha256": printout.sha256}


@task
def keep_debt_figures() -> int:
    """Every debt's figures of the new day, kept before the first page asks for them."""
    return keep_figures_of_today()


def queue_debt_figures(**_signal: Any) -> None:
    """`benefits.signals.day_begun`'s receiver."""
    keep_debt_figures.enqueue()
