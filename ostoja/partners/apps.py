from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "ostoja.partners"
    label = "partners"
    verbose_name = _("Institutions and organisations")

    def ready(self) -> None:
        from ostoja.partners import policy  # noqa: F401
