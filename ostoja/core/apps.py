from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ostoja.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ostoja.core import collation

        collation.register_sqlite_collation()
