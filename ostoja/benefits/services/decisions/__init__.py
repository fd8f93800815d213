"""Administrative decisions from the draft to finality: drafting, approval, signing with a
gap-free number, delivery, waiver of the appeal, finality, the appeal and the board's outcome.

The life of a decision (`DecisionState`): a draft (projekt) is sent for signature, returned or
discarded; the signer's signature gives it its number and makes it issued; then it is delivered,
and becomes final (ostateczna) when the appeal term ends without an appeal, on the day a waiver
of the appeal is received (art. 127a k.p.a.), or when the board upholds it. A signed decision is
never edited (on PostgreSQL a trigger refuses it): every change is another decision that names
it (`changes`).

Numbers are gap-free: the signing locks the register's counter row for the year and takes the
next number inside the same transaction as everything else the signature does, so a signing that
fails after taking its number rolls the counter back with it, and two signings never take the
same number.

Refusals are `ValidationError`s with messages ready for the screen (tied to a field where there
is one); a user without the right gets `PermissionDenied`; a form based on an outdated version
gets `ConflictError`.
"""

from ostoja.benefits.services.decisions.common import (
    APPEAL_OUTCOME,
    APPEAL_RECORD,
    APPEAL_SEND,
    AWARDS_BY_KIND,
    COUNTER_ATTEMPTS,
    DECISION_DELIVERY,
    DECISION_DISCARD,
    DECISION_DRAFT,
    DECISION_LINES,
    DECISION_RETURN,
    DECISION_SIGN,
    DECISION_SUBMIT,
    DECISION_UPDATE,
    DECISION_WAIVER,
    FINAL_WITHOUT_JUSTIFICATION_SINCE,
    KINDS_CONTINUING_AN_AWARD,
    KINDS_NEEDING_AN_ASSESSMENT_AT_DRAFT,
    KINDS_NEEDING_AN_ASSESSMENT_AT_SIGNING,
    KINDS_NEEDING_AN_INTERVIEW,
    KINDS_NEEDING_LINES,
    KINDS_WITH_LINES,
    KINDS_WITH_REPAYMENT_TERMS,
    LINE_FIELDS,
    UPDATABLE_FIELDS,
    FreezeDocument,
    LineData,
    SignManyResult,
)
from ostoja.benefits.services.decisions.drafting import (
    decision_discard,
    decision_draft,
    decision_edit,
    decision_lines_set,
    decision_return,
    decision_submit,
    decision_update,
)
from ostoja.benefits.services.decisions.follow_up import (
    appeal_is_late,
    appeal_lodged_on,
    appeal_outcome,
    appeal_record,
    appeal_send,
    appeal_sent_late,
    appeal_transfer_due_on,
    decision_record_delivery,
    decision_record_waiver,
    decisions_make_final,
    final_when_delivered,
)
from ostoja.benefits.services.decisions.imports import DECISION_IMPORT, decision_import
from ostoja.benefits.services.decisions.issuing import decided_benefits
from ostoja.benefits.services.decisions.signing import (
    assessment_required_for,
    decision_sign,
    decisions_sign_many,
    interview_required,
)

__all__ = [
    "APPEAL_OUTCOME",
    "APPEAL_RECORD",
    "APPEAL_SEND",
    "AWARDS_BY_KIND",
    "COUNTER_ATTEMPTS",
    "DECISION_DELIVERY",
    "DECISION_DISCARD",
    "DECISION_DRAFT",
    "DECISION_IMPORT",
    "DECISION_LINES",
    "DECISION_RETURN",
    "DECISION_SIGN",
    "DECISION_SUBMIT",
    "DECISION_UPDATE",
    "DECISION_WAIVER",
    "FINAL_WITHOUT_JUSTIFICATION_SINCE",
    "KINDS_CONTINUING_AN_AWARD",
    "KINDS_NEEDING_AN_ASSESSMENT_AT_DRAFT",
    "KINDS_NEEDING_AN_ASSESSMENT_AT_SIGNING",
    "KINDS_NEEDING_AN_INTERVIEW",
    "KINDS_NEEDING_LINES",
    "KINDS_WITH_LINES",
    "KINDS_WITH_REPAYMENT_TERMS",
    "LINE_FIELDS",
    "UPDATABLE_FIELDS",
    "FreezeDocument",
    "LineData",
    "SignManyResult",
    "appeal_is_late",
    "appeal_lodged_on",
    "appeal_outcome",
    "appeal_record",
    "appeal_send",
    "appeal_sent_late",
    "appeal_transfer_due_on",
    "assessment_required_for",
    "decided_benefits",
    "decision_discard",
    "decision_draft",
    "decision_edit",
    "decision_import",
    "decision_lines_set",
    "decision_record_delivery",
    "decision_record_waiver",
    "decision_return",
    "decision_sign",
    "decision_submit",
    "decision_update",
    "decisions_make_final",
    "decisions_sign_many",
    "final_when_delivered",
    "interview_required",
]
