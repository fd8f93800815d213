"""Lockout after failed logins (django-axes): per user name, and per address at a higher limit.

A centre's staff share one public address, so locking the address at the user-name limit would
lock the whole office out after one person's typing mistakes. Axes itself has one limit for all
its lockout parameters; this handler counts the two apart: a user name is locked after
AXES_FAILURE_LIMIT failures (5), an address after OSTOJA_LOGIN_FAILURE_LIMIT_PER_ADDRESS (50)
failures of any user names within the cool-off time, which stops guessing across many accounts
(password spraying) from one place. See docs/decisions/0003-login-second-factor-and-lockout.md.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


class UserThenAddressLockout(AxesDatabaseHandler):  # type: ignore[misc]
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """The user name's failures, or the limit itself once the address has reached its own.

        `get_user_attempts` gives one query per entry of AXES_LOCKOUT_PARAMETERS, in order:
        ["username", "ip_address"].
        """
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        by_user = counts[0] if counts else 0
        by_address = counts[1] if len(counts) > 1 else 0
        if by_address >= settings.OSTOJA_LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return max(by_user, int(get_failure_limit(request, credentials)))
        return int(by_user)
