from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "ostoja.benefits"
    label = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        # The scopes and actions register themselves on import.
        from ostoja.benefits import policy  # noqa: F401
