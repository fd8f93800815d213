"""After the signature: delivery, waiver of the appeal, finality, appeals and the board's
outcome."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.benefits import deadlines
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.models import (
    Appeal,
    AppealOutcome,
    Decision,
    DecisionState,
    DeliveryMethod,
)
from ostoja.benefits.services.decisions.common import (
    APPEAL_OUTCOME,
    APPEAL_RECORD,
    APPEAL_SEND,
    DECISION_DELIVERY,
    DECISION_WAIVER,
    FINAL_WITHOUT_JUSTIFICATION_SINCE,
    _details,
    _locked,
    _raise_if,
    _save,
    _subjects,
    _today,
)
from ostoja.core.actions import record_action
from ostoja.core.services import day_text, require

# ---------------------------------------------------------------------------------------------
# Delivery, waiver, finality
# ---------------------------------------------------------------------------------------------


def final_when_delivered(decision: Decision) -> bool:
    """Whether the decision is final as it reaches the party, with no appeal term: it grants
    the request in full and its justification was omitted (art. 107 § 4 and art. 127 § 1a
    k.p.a.; lex.pl's consolidated text, Dz.U. 2023 poz. 775, and the amending act, Dz.U. 2023
    poz. 803). Taken for decisions issued from 12 May 2023 [not confirmed: the amending act's
    transitional provisions were not read]."""
    return (
        decision.grants_request_in_full
        and not decision.justification_facts.strip()
        and not decision.justification_law.strip()
        and decision.issued_on is not None
        and decision.issued_on >= FINAL_WITHOUT_JUSTIFICATION_SINCE
    )


def _delivery_day(
    method: str, delivered_on: datetime.date | None, first_notice_on: datetime.date | None
) -> datetime.date:
    """The day the decision counts as delivered: the day given (in person, by post with a
    receipt, electronically); the day of the refusal to accept it (art. 47 § 1 k.p.a.); for a
    letter not collected, the last day of the 14 days it was kept (art. 44 § 4 k.p.a.)."""
    if method not in DeliveryMethod.values:
        raise ValidationError({"method": _("Choose how the decision was delivered.")})
    if method == DeliveryMethod.NOTICE:
        if first_notice_on is None:
            raise ValidationError({"first_notice_on": _("Give the day the first notice was left.")})
        deemed = deadlines.deemed_delivered_on(first_notice_on=first_notice_on)
        if delivered_on is not None and delivered_on != deemed:
            raise ValidationError(
                {
                    "delivered_on": _(
                        "A letter not collected is deemed delivered on %(day)s (art. 44 § 4 "
                        "k.p.a.)."
                    )
                    % {"day": day_text(deemed)}
                }
            )
        return deemed
    if delivered_on is None:
        field_message = (
            _("Give the day acceptance was refused.")
            if method == DeliveryMethod.REFUSED
            else _("Give the day of delivery.")
        )
        raise ValidationError({"delivered_on": field_message})
    return delivered_on


@transaction.atomic
def decision_record_delivery(
    *,
    actor: User,
    decision: Decision,
    method: str,
    delivered_on: datetime.date | None = None,
    first_notice_on: datetime.date | None = None,
) -> Decision:
    """Record how and when the signed decision reached the party; the appeal term runs from
    that day (art. 129 § 2 k.p.a.). A decision granting the request in full without a
    justification is final on that day (`final_when_delivered`)."""
    require(actor, benefits_policy.FOLLOW_UP, decision)
    decision = _locked(decision)
    if decision.state != DecisionState.SIGNED:
        raise ValidationError(
            {"delivered_on": _("The delivery of this decision is already recorded.")}
        )
    assert decision.issued_on is not None
    today = _today()
    if first_notice_on is not None and method == DeliveryMethod.NOTICE:
        if first_notice_on < decision.issued_on:
            raise ValidationError(
                {"first_notice_on": _("The notice cannot be before the decision's date.")}
            )
        if first_notice_on > today:
            raise ValidationError({"first_notice_on": _("This date cannot be in the future.")})
    day = _delivery_day(method, delivered_on, first_notice_on)
    if day < decision.issued_on:
        raise ValidationError(
            {
                "delivered_on": _("The decision cannot be delivered before its date (%(day)s).")
                % {"day": day_text(decision.issued_on)}
            }
        )
    if day > today:
        message = (
            _("The letter will be deemed delivered only on %(day)s: record it from that day.")
            % {"day": day_text(day)}
            if method == DeliveryMethod.NOTICE
            else _("This date cannot be in the future.")
        )
        raise ValidationError({"delivered_on": message})
    decision.delivery_method = method
    decision.first_notice_on = first_notice_on if method == DeliveryMethod.NOTICE else None
    decision.delivered_on = day
    decision.state = DecisionState.DELIVERED
    if final_when_delivered(decision):
        decision.state = DecisionState.FINAL
        decision.final_on = day
    _save(decision, actor)
    record_action(
        actor=actor,
        action=DECISION_DELIVERY,
        subjects=_subjects(decision),
        details=_details(
            decision,
            method=str(decision.get_delivery_method_display()),
            delivered_on=day,
            first_notice_on=decision.first_notice_on,
            appeal_deadline=deadlines.appeal_deadline(delivered_on=day),
        ),
    )
    return decision


@transaction.atomic
def decision_record_waiver(
    *, actor: User, decision: Decision, received_on: datetime.date
) -> Decision:
    """The party waived the appeal (art. 127a k.p.a.): within the appeal term only; the decision
    is final on the day the centre received the waiver."""
    require(actor, benefits_policy.FOLLOW_UP, decision)
    decision = _locked(decision)
    if decision.state != DecisionState.DELIVERED:
        if decision.state == DecisionState.SIGNED:
            message = _("Record the delivery first: the appeal term runs from it.")
        else:
            message = _("The appeal can be waived only while its term runs.")
        raise ValidationError({"received_on": message})
    assert decision.delivered_on is not None
    deadline = deadlines.appeal_deadline(delivered_on=decision.delivered_on)
    if received_on > _today():
        raise ValidationError({"received_on": _("This date cannot be in the future.")})
    if not decision.delivered_on <= received_on <= deadline:
        raise ValidationError(
            {
                "received_on": _(
                    "The appeal can be waived only within its term: from %(start)s to %(end)s."
                )
                % {"start": day_text(decision.delivered_on), "end": day_text(deadline)}
            }
        )
    final = deadlines.final_on(
        delivered_on=decision.delivered_on, appealed=False, waiver_received_on=received_on
    )
    decision.waiver_received_on = received_on
    decision.final_on = final
    decision.state = DecisionState.FINAL
    _save(decision, actor)
    record_action(
        actor=actor,
        action=DECISION_WAIVER,
        subjects=_subjects(decision),
        details=_details(decision, received_on=received_on, final_on=final),
    )
    return decision


def decisions_make_final(*, today: datetime.date) -> list[Decision]:
    """Every delivered decision whose appeal term ended before `today` without an appeal
    becomes final, from the day after the term (art. 16 § 1, art. 129 § 2 k.p.a.; the term as
    art. 57 § 4 moves it). Idempotent: a decision already final is not touched.

    Run by a daily task and by the pages, so there is no actor. No action is recorded: the
    action record needs the member of staff who acted (`ActionRecord.actor` is required), and
    nobody did; the change history of the decision keeps the change with no user.
    """
    # The term is 14 days and moves on by a few days at most: anything delivered later than 14
    # days ago cannot be final yet, the rest is decided with the exact term.
    latest = today - datetime.timedelta(days=deadlines.APPEAL_DAYS + 1)
    candidates = Decision.objects.filter(
        state=DecisionState.DELIVERED, delivered_on__lte=latest, appeal__isnull=True
    ).values_list("pk", flat=True)
    made_final = []
    for pk in list(candidates):
        with transaction.atomic():
            decision = _locked(Decision(pk=pk))
            if decision.state != DecisionState.DELIVERED or hasattr(decision, "appeal"):
                continue
            assert decision.delivered_on is not None
            final = deadlines.final_on(delivered_on=decision.delivered_on, appealed=False)
            if final is None or final > today:
                continue
            decision.final_on = final
            decision.state = DecisionState.FINAL
            _save(decision, None)
            made_final.append(decision)
    return made_final


# ---------------------------------------------------------------------------------------------
# Appeals
# ---------------------------------------------------------------------------------------------


def appeal_lodged_on(appeal: Appeal) -> datetime.date:
    """The day the appeal counts as lodged: the postmark of Poczta Polska when it came by post
    (art. 57 § 5 pkt 2 k.p.a.), else the day the centre received it."""
    return appeal.posted_on or appeal.received_on


def appeal_is_late(appeal: Appeal) -> bool:
    """Lodged after the appeal term, or where no appeal lies any more: after the party waived
    it (art. 127a § 2 k.p.a.: the waiver cannot be taken back) or against a decision final on
    delivery (art. 127 § 1a). Such an appeal is still recorded and sent to the board, which
    states that it is late or inadmissible (art. 134 k.p.a.); the decision stays final."""
    decision = appeal.decision
    assert decision.delivered_on is not None
    if decision.waiver_received_on is not None or final_when_delivered(decision):
        return True
    return appeal_lodged_on(appeal) > deadlines.appeal_deadline(delivered_on=decision.delivered_on)


def appeal_transfer_due_on(appeal: Appeal) -> datetime.date:
    """The last day for sending the appeal to the board: 7 days from its receipt (art. 133)."""
    return deadlines.sko_transfer_due_on(appeal_received_on=appeal.received_on)


def appeal_sent_late(appeal: Appeal) -> bool:
    """Sent to the board after the 7 days of art. 133 k.p.a. (to be reported)."""
    return appeal.sent_on is not None and appeal.sent_on > appeal_transfer_due_on(appeal)


def _check_appeal_dates(
    decision: Decision, received_on: datetime.date, posted_on: datetime.date | None
) -> None:
    assert decision.issued_on is not None
    today = _today()
    errors: dict[str, list[str]] = {}
    if received_on > today:
        errors["received_on"] = [_("This date cannot be in the future.")]
    elif received_on < decision.issued_on:
        errors["received_on"] = [_("An appeal cannot be received before the decision's date.")]
    if posted_on is not None:
        if posted_on > received_on:
            errors["posted_on"] = [_("The letter cannot be posted after it was received.")]
        elif posted_on < decision.issued_on:
            errors["posted_on"] = [_("An appeal cannot be posted before the decision's date.")]
    _raise_if(errors)


@transaction.atomic
def appeal_record(
    *,
    actor: User,
    decision: Decision,
    received_on: datetime.date,
    posted_on: datetime.date | None = None,
) -> Appeal:
    """Record an appeal lodged through the centre (art. 129 § 1 k.p.a.). On time, it stays the
    decision's finality (a decision made final by the term's end before a letter posted on its
    last day arrived is final no more); late, it is recorded all the same and flagged."""
    require(actor, benefits_policy.FOLLOW_UP, decision)
    decision = _locked(decision)
    if decision.state == DecisionState.SIGNED:
        raise ValidationError(
            {"received_on": _("Record the delivery first: the appeal term runs from it.")}
        )
    if hasattr(decision, "appeal"):
        raise ValidationError({"received_on": _("An appeal against this decision is recorded.")})
    if decision.state not in (DecisionState.DELIVERED, DecisionState.FINAL):
        raise ValidationError({"received_on": _("This decision cannot be appealed now.")})
    _check_appeal_dates(decision, received_on, posted_on)
    appeal = Appeal(
        decision=decision, received_on=received_on, posted_on=posted_on, recorded_by=actor
    )
    appeal.full_clean(exclude=["decision", "recorded_by"])
    appeal.save()
    assert decision.delivered_on is not None
    late = appeal_is_late(appeal)
    if late:
        # Final in any case; the daily run may not have marked it yet.
        decision.final_on = decision.final_on or deadlines.final_on(
            delivered_on=decision.delivered_on, appealed=False
        )
    else:
        decision.final_on = None
    decision.state = DecisionState.APPEALED
    _save(decision, actor)
    record_action(
        actor=actor,
        action=APPEAL_RECORD,
        subjects=_subjects(decision, appeal),
        details=_details(
            decision,
            received_on=received_on,
            posted_on=posted_on,
            deadline=deadlines.appeal_deadline(delivered_on=decision.delivered_on),
            late=str(_("yes") if late else _("no")),
            is_late=late,
        ),
    )
    return appeal


@transaction.atomic
def appeal_send(*, actor: User, appeal: Appeal, sent_on: datetime.date, reply: str) -> Appeal:
    """The appeal goes to the board with the case file and the centre's position (art. 133
    k.p.a.): due within 7 days of its receipt; later is reported in the action record
    (`appeal_sent_late`)."""
    require(actor, benefits_policy.FOLLOW_UP, appeal.decision)
    decision = _locked(appeal.decision)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if decision.state != DecisionState.APPEALED or appeal.sent_on is not None:
        raise ValidationError({"sent_on": _("The appeal has already been sent to the board.")})
    if sent_on > _today():
        raise ValidationError({"sent_on": _("This date cannot be in the future.")})
    if sent_on < appeal.received_on:
        raise ValidationError({"sent_on": _("The appeal cannot be sent before it was received.")})
    appeal.sent_on = sent_on
    appeal.reply = reply.strip()
    appeal.full_clean(exclude=["decision", "recorded_by"])
    appeal.save()
    decision.state = DecisionState.AT_BOARD
    _save(decision, actor)
    late = appeal_sent_late(appeal)
    record_action(
        actor=actor,
        action=APPEAL_SEND,
        subjects=_subjects(decision, appeal),
        details=_details(
            decision,
            sent_on=sent_on,
            due_on=appeal_transfer_due_on(appeal),
            late=str(_("yes") if late else _("no")),
            is_late=late,
        ),
    )
    return appeal


@transaction.atomic
def appeal_outcome(
    *,
    actor: User,
    appeal: Appeal,
    outcome: str,
    outcome_on: datetime.date,
    board_reference: str,
) -> Appeal:
    """The outcome of the appeal (art. 138 k.p.a.), or the centre's own change of the decision
    before sending it (art. 132 k.p.a.).

    Upheld: the decision becomes final on the day of the board's decision (art. 16 § 1 k.p.a.:
    no appeal lies against a decision of the board). [not confirmed: the sources read differ on
    that day: an answer on prawo.pl (2012) takes the day the board's decision is issued, a page
    of e-prawnik.pl the day it is delivered; this follows the first, and the centre records as
    `outcome_on` the date the board's decision bears.] A decision found final before (a late
    appeal) keeps its day. Any other outcome ends the decision's way through the appeal
    (REVIEWED): the board's own decision or the new one after a return is another decision.
    """
    require(actor, benefits_policy.FOLLOW_UP, appeal.decision)
    decision = _locked(appeal.decision)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if outcome not in AppealOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    self_review = outcome == AppealOutcome.SELF_REVIEW
    expected = DecisionState.APPEALED if self_review else DecisionState.AT_BOARD
    if decision.state != expected:
        message = (
            _("The centre may change its decision itself only before sending the appeal.")
            if self_review
            else _("Send the appeal to the board first.")
        )
        raise ValidationError({"outcome": message})
    errors: dict[str, list[str]] = {}
    earliest = appeal.sent_on or appeal.received_on
    if outcome_on > _today():
        errors["outcome_on"] = [_("This date cannot be in the future.")]
    elif outcome_on < earliest:
        errors["outcome_on"] = [
            _("The outcome cannot be before %(day)s.") % {"day": day_text(earliest)}
        ]
    if not self_review and not board_reference.strip():
        errors["board_reference"] = [_("Give the reference of the board's decision.")]
    _raise_if(errors)
    appeal.outcome = outcome
    appeal.outcome_on = outcome_on
    appeal.board_reference = board_reference.strip()
    appeal.full_clean(exclude=["decision", "recorded_by"])
    appeal.save()
    if outcome == AppealOutcome.UPHELD:
        decision.state = DecisionState.FINAL
        decision.final_on = decision.final_on or outcome_on
    else:
        decision.state = DecisionState.REVIEWED
    _save(decision, actor)
    record_action(
        actor=actor,
        action=APPEAL_OUTCOME,
        subjects=_subjects(decision, appeal),
        details=_details(
            decision,
            outcome=str(appeal.get_outcome_display()),
            outcome_on=outcome_on,
            board_reference=appeal.board_reference,
        ),
    )
    return appeal
