from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "ostoja.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        # Every app's `access_kinds` module registers the screens it logs, with their labels.
        autodiscover_modules("access_kinds")
