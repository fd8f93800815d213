"""What issuing a decision does, whichever way it is issued (signed in Ostoja, or recorded from
the paper file of a decision issued before it): the awards it makes and the application it
settles."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.benefits.models import (
    ISSUED_STATES,
    Application,
    ApplicationState,
    Decision,
    DecisionKind,
)
from ostoja.benefits.services import awards as award_services
from ostoja.benefits.services.decisions.common import AWARDS_BY_KIND
from ostoja.core.services import as_actor


def decided_benefits(decision: Decision) -> set[str]:
    """The benefits a decision is about: its lines', its assessment's, and for a decision
    without lines (a revocation, a suspension) those of the decision it changes."""
    benefits = set(decision.lines.values_list("benefit", flat=True))
    if decision.assessment is not None:
        benefits.add(decision.assessment.benefit)
    if not benefits and decision.changes is not None:
        benefits = decided_benefits(decision.changes)
    return benefits


def create_awards(decision: Decision) -> None:
    name = AWARDS_BY_KIND.get(decision.kind)
    if name is None:
        return
    make: Callable[[Decision], Any] = getattr(award_services, name)
    try:
        with transaction.atomic():
            make(decision)
    except IntegrityError as error:  # PostgreSQL's exclusion constraint, under a race
        raise ValidationError(
            _("Someone has just awarded the same benefit for the same period; check the awards.")
        ) from error


def _settles(decision: Decision, application: Application) -> bool:
    """Whether the decision, with the application's other signed decisions, settles every
    benefit the application asks for; a discontinuance ends the proceedings as a whole."""
    if decision.kind == DecisionKind.DISCONTINUANCE:
        return True
    asked = set(application.requested.values_list("benefit", flat=True))
    decided: set[str] = set()
    issued = application.decisions.filter(state__in=[s.value for s in ISSUED_STATES])
    for other in issued.select_related("assessment", "changes"):
        decided |= decided_benefits(other)
    return asked <= decided


def settle_application(decision: Decision, actor: User, today: datetime.date) -> None:
    if decision.application_id is None:
        return
    application = Application.objects.select_for_update().get(pk=decision.application_id)
    if application.state == ApplicationState.DECIDED or not _settles(decision, application):
        return
    application.state = ApplicationState.DECIDED
    application.decided_on = today
    # A form opened on the application before it was settled must not save over it.
    application.version += 1
    as_actor(application, actor)
    application.save(update_fields=["state", "decided_on", "version", "updated_at"])
    decision.application = application
