"""The payments' background tasks (`django.tasks`; `manage.py db_worker` in production, the
immediate backend in the tests). A task only calls its service."""

from django.tasks import task

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
