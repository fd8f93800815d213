from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "ostoja.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # The scopes and actions register themselves on import.
        from ostoja.payments import panels, policy, zus  # noqa: F401

        panels.register()

        from ostoja.benefits.signals import day_begun
        from ostoja.payments.tasks import queue_debt_figures

        day_begun.connect(queue_debt_figures, dispatch_uid="payments.queue_debt_figures")

        from ostoja.core.demo import register_demo_seeder
        from ostoja.payments.demo import seed as demo_seed

        register_demo_seeder("payments", 40, demo_seed)
