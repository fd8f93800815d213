from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ostoja.registry"
    label = "registry"
    verbose_name = _("Persons and families")

    def ready(self) -> None:
        # The registry's scopes and actions register themselves on import.
        from ostoja.registry import household_panels, policy  # noqa: F401

        household_panels.register()
