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

        from ostoja.core.demo import register_demo_seeder
        from ostoja.payments.demo import seed as demo_seed

        register_demo_seeder("payments", 40, demo_seed)
