"""What the modules of the re-indexation share: the package's logger, the setting of a clerk's
amount, the errors that stop a run, and the exceptions of an award a run or a batch cannot take."""

import logging
from typing import Any

from django.db import InterfaceError, OperationalError

# The package's logger: the run's lines keep the name they had when it was one module.
logger = logging.getLogger(__package__)

# The setting choosing what becomes of an amount the clerk set (see the package's docstring).
CLERK_AMOUNT_SETTING = "OSTOJA_REINDEX_CLERK_AMOUNT"
KEEP_WITHIN_BOUNDS = "bounds"
KEEP_SHARE = "share"
CLERK_AMOUNT_RULES = (KEEP_WITHIN_BOUNDS, KEEP_SHARE)
# Errors of the database connection itself: the run cannot go on, every award would fail.
FATAL_ERRORS = (OperationalError, InterfaceError)


class ReindexProblem(Exception):
    """An award the run cannot re-index by itself, with the message for the clerk."""


class _NotUsual(Exception):
    """An award the batch leaves to the services (they give the exact refusal or message)."""


def _relations(model: type[Any]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if field.is_relation]
