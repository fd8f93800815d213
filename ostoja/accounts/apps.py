from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ostoja.accounts"
    label = "accounts"
    verbose_name = _("Staff and access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ostoja.accounts.middleware import remember_login_time

        user_logged_in.connect(remember_login_time, dispatch_uid="ostoja_login_time")
