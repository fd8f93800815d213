from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "ostoja.casework"
    label = "casework"
    verbose_name = _("Social work")

    def ready(self) -> None:
        # The scopes, actions and extension points register themselves on import.
        from ostoja.casework import checks, panels, policy, start  # noqa: F401

        panels.register()
        start.register()
        from ostoja.casework.demo import seed as demo_seed
        from ostoja.core.demo import register_demo_seeder

        register_demo_seeder("casework", 20, demo_seed)
