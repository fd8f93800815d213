"""Reads of assessments and decisions for the benefits' pages: one assessment with its reasons
and its chain, one decision with its chain, lines, awards and deadlines, the first draft of the
editor, the director's list for signature with what would block each decision, the register of
decisions, and the lists of decisions waiting for delivery, for finality and of appeals.

Every query starts from the access policy (`visible_to`). The figures the pages show (days since
signing, the appeal term's end, the day a decision is or will be final, the board's transfer
deadline) are computed here from `deadlines.py` and the decision services' own helpers, never in
a template. Nothing here writes: in particular the lists do not make decisions final
(`decisions_make_final` is the daily task's), they show the day a decision is final from.
"""

from ostoja.benefits.selectors.decisions.assessments import (
    INTERVIEW_FLAGS,
    AssessmentView,
    FlagRow,
    ParameterRow,
    ReasonRow,
    assessment_chain,
    assessment_get,
    assessment_view,
    case_file_of,
    decisions_on,
    parameter_value,
    superseded_by,
)
from ostoja.benefits.selectors.decisions.detail import (
    Chain,
    Followup,
    awards_of,
    decision_chain,
    decision_get,
    decision_person_ids,
    followup,
    line_rows,
    lines_of,
)
from ostoja.benefits.selectors.decisions.editor import (
    KINDS_FROM_AN_ASSESSMENT,
    KINDS_ON_A_DECISION,
    EditorStart,
    kinds_offered_on,
    latest_interview_on,
    members_on,
    members_queryset,
    start_from_assessment,
    start_from_decision,
    texts_for,
    unsaved_lines,
)
from ostoja.benefits.selectors.decisions.lists import (
    AppealRow,
    WaitingRow,
    appeals_open,
    benefits_summary,
    number_matches,
    register_filtered,
    register_page,
    register_person_ids,
    waiting_for_delivery,
    waiting_for_finality,
    waiting_person_ids,
    with_lines,
)
from ostoja.benefits.selectors.decisions.signing import (
    Blocker,
    SigningOutlook,
    for_signature,
    for_signature_chosen,
    signing_outlooks,
)

__all__ = [
    "INTERVIEW_FLAGS",
    "KINDS_FROM_AN_ASSESSMENT",
    "KINDS_ON_A_DECISION",
    "AppealRow",
    "AssessmentView",
    "Blocker",
    "Chain",
    "EditorStart",
    "FlagRow",
    "Followup",
    "ParameterRow",
    "ReasonRow",
    "SigningOutlook",
    "WaitingRow",
    "appeals_open",
    "assessment_chain",
    "assessment_get",
    "assessment_view",
    "awards_of",
    "benefits_summary",
    "case_file_of",
    "decision_chain",
    "decision_get",
    "decision_person_ids",
    "decisions_on",
    "followup",
    "for_signature",
    "for_signature_chosen",
    "kinds_offered_on",
    "latest_interview_on",
    "line_rows",
    "lines_of",
    "members_on",
    "members_queryset",
    "number_matches",
    "parameter_value",
    "register_filtered",
    "register_page",
    "register_person_ids",
    "signing_outlooks",
    "start_from_assessment",
    "start_from_decision",
    "superseded_by",
    "texts_for",
    "unsaved_lines",
    "waiting_for_delivery",
    "waiting_for_finality",
    "waiting_person_ids",
    "with_lines",
]
