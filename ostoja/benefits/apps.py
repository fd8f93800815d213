from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "ostoja.benefits"
    label = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        # The scopes, actions and the timeline's source register themselves on import.
        from ostoja.benefits import panels, policy  # noqa: F401
        from ostoja.benefits.selectors import applications  # noqa: F401

        panels.register()

        from ostoja.benefits.demo import seed as demo_seed
        from ostoja.core.demo import register_demo_seeder

        register_demo_seeder("benefits", 30, demo_seed)
