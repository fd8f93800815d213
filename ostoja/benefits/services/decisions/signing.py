"""Signing: what a signature needs, the gap-free number, the awards it makes, bulk signing."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.catalogue import Act, spec
from ostoja.benefits.models import (
    Authorisation,
    Decision,
    DecisionKind,
    DecisionRegister,
    DecisionState,
    RegisterCounter,
)
from ostoja.benefits.services.configuration import register_for, valid_authorisation
from ostoja.benefits.services.decisions.common import (
    COUNTER_ATTEMPTS,
    DECISION_SIGN,
    KINDS_NEEDING_AN_ASSESSMENT_AT_SIGNING,
    KINDS_NEEDING_AN_INTERVIEW,
    FreezeDocument,
    SignManyResult,
    _details,
    _locked,
    _refuse_unless_state,
    _save,
    _subjects,
    _today,
)
from ostoja.benefits.services.decisions.issuing import (
    create_awards,
    decided_benefits,
    settle_application,
)
from ostoja.casework.models import INTERVIEW_FIXED_STATES, Interview, InterviewKind
from ostoja.core import policy
from ostoja.core.actions import record_action
from ostoja.core.locking import ConflictError, changes_since
from ostoja.core.services import require

# ---------------------------------------------------------------------------------------------
# Signing
# ---------------------------------------------------------------------------------------------


def assessment_required_for(decision: Decision) -> set[str]:
    """The benefits the decision needs an assessment of: under social assistance, a granting,
    refusing or changing decision on a cash benefit the rules compute."""
    if decision.act != Act.SOCIAL_ASSISTANCE:
        return set()
    if decision.kind not in KINDS_NEEDING_AN_ASSESSMENT_AT_SIGNING:
        return set()
    return {code for code in decided_benefits(decision) if spec(code).cash and spec(code).rules}


def interview_required(decision: Decision) -> bool:
    """Whether the decision may be issued only after an environmental interview.

    Art. 106 ust. 4 u.p.s.: a decision granting or refusing a benefit is issued after the
    family's environmental interview (the exceptions of that provision, a credited ticket and
    foreigners of art. 5a, are not benefits of this system). The rule applied here:

    - required for a granting and a refusing decision, and for a change and a resumption,
      which grant the benefit again on new terms [not confirmed: the provision names only
      granting and refusing; the reading that a change needs the interview, or its update, is
      the practice the sources on art. 106 ust. 5 describe];
    - not required for a revocation or a suspension, which neither grant nor refuse and often
      follow the family's refusal of the interview or of cooperation (art. 11 ust. 2 u.p.s.),
      nor for a discontinuance of the proceedings or an undue-benefit decision;
    - only when a benefit the decision is about needs the interview (`needs_interview` in
      the catalogue: the benefits of social assistance).

    A refusal may rest on a recorded refusal of the interview (art. 11 ust. 2 u.p.s.: refusing
    the interview is a ground to refuse the benefit); see `_interview_done`.
    """
    if decision.kind not in KINDS_NEEDING_AN_INTERVIEW:
        return False
    return any(spec(code).needs_interview for code in decided_benefits(decision))


def _interview_done(decision: Decision) -> bool:
    """A completed (or signed, or closed) current interview of the family, full or an update;
    for a refusal also an interview the family refused."""
    done = Q(
        kind__in=[InterviewKind.FULL, InterviewKind.UPDATE],
        state__in=list(INTERVIEW_FIXED_STATES),
        superseded_by__isnull=True,
    )
    if decision.kind == DecisionKind.REFUSAL:
        done |= Q(kind=InterviewKind.REFUSED, refused_on__isnull=False)
    return Interview.objects.filter(case__household=decision.household).filter(done).exists()


def _signing_refusals(
    decision: Decision, signer: User, today: datetime.date
) -> tuple[list[ValidationError], Authorisation | None, DecisionRegister | None]:
    """Everything that keeps the signer from signing, each with its own message."""
    refusals: list[ValidationError] = []
    needed = assessment_required_for(decision)
    assessed = {decision.assessment.benefit} if decision.assessment is not None else set()
    missing = sorted(needed - assessed)
    if missing:
        refusals.append(
            ValidationError(
                _("No assessment of %(benefits)s: the rules compute it, assess it first.")
                % {"benefits": ", ".join(str(spec(code).label) for code in missing)},
                code="assessment",
            )
        )
    if interview_required(decision) and not _interview_done(decision):
        refusals.append(
            ValidationError(
                _(
                    "The family has no completed environmental interview: the decision is "
                    "issued after it (art. 106 ust. 4 u.p.s.)."
                ),
                code="interview",
            )
        )
    authorisation = valid_authorisation(signer, decision.act, today)
    if authorisation is None:
        refusals.append(
            ValidationError(
                _(
                    "You have no authorisation valid today to issue decisions under this act "
                    "(%(act)s)."
                )
                % {"act": decision.get_act_display()},
                code="authorisation",
            )
        )
    if decision.drafted_by_id == signer.pk and not settings.OSTOJA_DRAFTER_MAY_SIGN:
        refusals.append(
            ValidationError(
                _("You drafted this decision: another authorised person signs it."),
                code="drafter",
            )
        )
    register = register_for(decision.act)
    if register is None:
        refusals.append(
            ValidationError(
                _(
                    "No register of decisions is in use for this act (%(act)s): ask the "
                    "administrator."
                )
                % {"act": decision.get_act_display()},
                code="register",
            )
        )
    return refusals, authorisation, register


def _locked_counter(register: DecisionRegister, year: int) -> RegisterCounter:
    """The register's counter for the year, locked; created the first time. Two signings
    creating it at once: one insert wins, the other's fails on the unique constraint inside
    its savepoint and it locks the winner's row instead."""
    for _attempt in range(COUNTER_ATTEMPTS):
        try:
            return RegisterCounter.objects.select_for_update().get(register=register, year=year)
        except RegisterCounter.DoesNotExist:
            try:
                with transaction.atomic():
                    return RegisterCounter.objects.create(register=register, year=year)
            except IntegrityError:
                continue
    raise RuntimeError(f"the counter of register {register.pk} for {year} cannot be locked")


def _take_number(register: DecisionRegister, year: int) -> int:
    """The next number of the register in the year. The counter row stays locked until the
    signing commits or rolls back, which returns the number with it: no gaps, no repeats."""
    counter = _locked_counter(register, year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def decision_sign(
    *,
    actor: User,
    decision: Decision,
    base_version: int,
    freeze_document: FreezeDocument | None = None,
) -> Decision:
    """Sign a decision sent for signature: give it the next number of its register, date it
    today, make its awards, settle its application, all in one transaction.

    Refused, each with its own message, when the decision needs an assessment it has not
    (`assessment_required_for`) or an environmental interview the family has not had
    (`interview_required`), when the signer has no authorisation valid today for the act, when
    the signer drafted it and the centre does not allow that (`OSTOJA_DRAFTER_MAY_SIGN`), and
    when no register is in use for the act. Two signers at once: the row is locked, the second
    reads it signed and is told by whom; no second number is taken.

    `freeze_document`, when given, is called with the decision numbered and dated but not yet
    saved: it sets `document` and `document_sha256` on the instance (the PDF frozen at signing)
    and must not save it. The signed row is written once, since the trigger on PostgreSQL
    refuses any later change of the document.
    """
    if not (policy.can(actor, benefits_policy.SIGN) and policy.in_scope(actor, decision)):
        raise PermissionDenied
    locked = _locked(decision)
    _refuse_unless_state(locked, DecisionState.FOR_APPROVAL)
    if locked.version != base_version:
        raise ConflictError(
            changes=changes_since(locked, version=base_version), current_version=locked.version
        )
    require(actor, benefits_policy.SIGN, locked)
    today = _today()
    refusals, authorisation, register = _signing_refusals(locked, actor, today)
    if refusals:
        raise ValidationError(refusals)
    assert authorisation is not None
    assert register is not None
    sequence = _take_number(register, today.year)
    locked.register = register
    locked.year = today.year
    locked.sequence = sequence
    locked.number = register.format_number(number=sequence, year=today.year)
    locked.signed_by = actor
    locked.authorisation = authorisation
    locked.signed_at = timezone.now()
    locked.issued_on = today
    locked.state = DecisionState.SIGNED
    if freeze_document is not None:
        freeze_document(locked)
    _save(locked, actor)
    create_awards(locked)
    settle_application(locked, actor, today)
    record_action(
        actor=actor,
        action=DECISION_SIGN,
        subjects=_subjects(locked, authorisation),
        details=_details(
            locked,
            issued_on=today,
            authorisation=authorisation.number,
            register=register.symbol,
            sequence=sequence,
        ),
    )
    decision.refresh_from_db()
    return locked


def _reasons(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    if isinstance(error, PermissionDenied):
        return [_("You may not sign this decision.")]
    return [str(error)]


def decisions_sign_many(
    *,
    actor: User,
    decisions: Iterable[Decision],
    freeze_document: FreezeDocument | None = None,
) -> SignManyResult:
    """The director's approval of many decisions at once: each is signed in its own transaction
    with the version it has now, its PDF frozen as a single signature freezes it when
    `freeze_document` is given; a refusal is reported with its reasons and does not stop the
    others."""
    signed: list[Decision] = []
    refused: list[tuple[Decision, list[str]]] = []
    for decision in decisions:
        try:
            signed.append(
                decision_sign(
                    actor=actor,
                    decision=decision,
                    base_version=decision.version,
                    freeze_document=freeze_document,
                )
            )
        except (ValidationError, PermissionDenied, ConflictError) as error:
            refused.append((decision, _reasons(error)))
    return SignManyResult(signed=signed, refused=refused)
