"""Print the current six-digit code of a demo account (the demo's phone)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.accounts.demo import current_code, demo_key


class Command(BaseCommand):
    help = "Print the current login code of a demo account (demo key only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        device = TOTPDevice.objects.filter(
            user__username=username, key=demo_key(username).hex(), confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{username}: brak demonstracyjnego klucza (konto spoza demo albo demo "
                "niewczytane: make run)."
            )
        self.stdout.write(current_code(device))
