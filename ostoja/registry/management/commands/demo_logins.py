"""Print the demo logins (user name, password, role) when the demo staff accounts exist."""

from typing import Any

from django.core.management.base import BaseCommand

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.registry.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Show the demo logins, if the demo data is loaded."

    def handle(self, *args: Any, **options: Any) -> None:
        present = set(
            User.objects.filter(username__in=[s["username"] for s in DEMO_USERS]).values_list(
                "username", flat=True
            )
        )
        rows = [
            (s["username"], s["password"], str(Role(s["role"]).label) + _area(s))
            for s in DEMO_USERS
            if s["username"] in present
        ]
        if not rows:
            return
        header = ("login", "hasło", "rola")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
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
