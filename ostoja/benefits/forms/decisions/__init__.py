"""The decisions' forms: the editor (the texts of a draft and its benefits as a small formset),
the small forms of the decision's page, the director's choice of decisions to sign, and the
filter of the register of decisions.

Labels are the models' own where a form edits a model's field, so the page and the errors the
services raise name a field the same way."""

from ostoja.benefits.forms.decisions.common import LINE_FIELDS, LINES_PREFIX, TEXT_FIELDS
from ostoja.benefits.forms.decisions.editor import (
    TERM_FIELDS,
    DecisionForm,
    LineForm,
    benefit_choices,
    decision_initial,
    kept_line_forms,
    kinds_with_lines,
    line_formset,
    lines_for_preview,
    lines_from,
)
from ostoja.benefits.forms.decisions.lists import (
    ALL_STATES,
    DRAFTS,
    RegisterFilterForm,
    SignManyForm,
    benefit_label,
    decision_staff,
)
from ostoja.benefits.forms.decisions.page import (
    AppealForm,
    AppealOutcomeForm,
    AppealSendForm,
    DeliveryForm,
    DiscardForm,
    ReturnForm,
    SignForm,
    SubmitForm,
    WaiverForm,
)

__all__ = [
    "ALL_STATES",
    "DRAFTS",
    "LINES_PREFIX",
    "LINE_FIELDS",
    "TERM_FIELDS",
    "TEXT_FIELDS",
    "AppealForm",
    "AppealOutcomeForm",
    "AppealSendForm",
    "DecisionForm",
    "DeliveryForm",
    "DiscardForm",
    "LineForm",
    "RegisterFilterForm",
    "ReturnForm",
    "SignForm",
    "SignManyForm",
    "SubmitForm",
    "WaiverForm",
    "benefit_choices",
    "benefit_label",
    "decision_initial",
    "decision_staff",
    "kept_line_forms",
    "kinds_with_lines",
    "line_formset",
    "lines_for_preview",
    "lines_from",
]
