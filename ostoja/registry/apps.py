from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ostoja.registry"
    label = "registry"
    verbose_name = _("Persons and families")

    def ready(self) -> None:
        from ostoja.registry import policy  # noqa: F401  (registers the registry's scopes)
