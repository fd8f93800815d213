from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "ostoja.casework"
    label = "casework"
    verbose_name = _("Social work")

    def ready(self) -> None:
        # The scopes, actions and extension points register themselves on import.
        from ostoja.casework import panels, policy, start  # noqa: F401

        panels.register()
        start.register()
