"""Print the demo logins (user name, password, role) when the demo staff accounts exist.

With the second factor required, each demo account still having its demo password gets its
fixed demo authenticator key first (`ostoja.accounts.demo`), and the table shows the code valid
now; `manage.py demo_code <user>` prints a fresh one later.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ostoja.accounts.demo import current_code, demo_devices, demo_secret
from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.registry.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Show the demo logins, if the demo data is loaded (and give them their demo keys)."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            user.username: user
            for user in User.objects.filter(username__in=[s["username"] for s in DEMO_USERS])
        }
        specs = [s for s in DEMO_USERS if s["username"] in users]
        if not specs:
            return
        two_factor = settings.OSTOJA_REQUIRE_2FA
        devices = (
            demo_devices((users[s["username"]], s["password"]) for s in specs) if two_factor else {}
        )
        header: tuple[str, ...] = ("login", "hasło", "rola")
        rows: list[tuple[str, ...]] = [
            (s["username"], s["password"], str(Role(s["role"]).label) + _area(s)) for s in specs
        ]
        if two_factor:
            header = (*header, "kod teraz", "klucz do aplikacji")
            rows = [
                (*row, current_code(devices[row[0]]), _grouped(demo_secret(row[0])))
                if row[0] in devices
                else (*row, "—", "—")
                for row in rows
            ]
        self._table(header, rows)
        if two_factor:
            self.stdout.write(
                "Drugi krok logowania: kod zmienia się co 30 s; aktualny wypisze\n"
                "  .venv/bin/python manage.py demo_code kierownik\n"
                "albo aplikacja uwierzytelniająca z kluczem z tabeli (konto czasowe, TOTP)."
            )

    def _table(self, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        line = "  ".join("-" * width for width in widths)
        self.stdout.write("Demo logins:")
        self.stdout.write(line)
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
        self.stdout.write(line)


def _area(spec: dict[str, str]) -> str:
    return f" ({spec['area']})" if "area" in spec else ""


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
