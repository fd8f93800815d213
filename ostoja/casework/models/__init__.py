"""Social work with a family: its case file, the environmental interviews, the records of social
work, social contracts, the duty to cooperate and referrals.

A case file belongs to one household for good: closing it and opening it again keeps one file,
one history. Everything else hangs on the case. A completed interview and a signed contract are
never edited: a correction is a new row that `supersedes` the old one, with its reason.
"""

from ostoja.casework.models.cases import (
    CaseFile,
    CaseReason,
    CaseState,
    CloseReason,
    HelpReason,
    WorkerAssignment,
)
from ostoja.casework.models.interviews import (
    INTERVIEW_FIXED_STATES,
    Interview,
    InterviewAnswers,
    InterviewAttempt,
    InterviewKind,
    InterviewState,
)
from ostoja.casework.models.work import (
    ContractEnd,
    ContractObligation,
    ContractReview,
    ContractState,
    ContractVariant,
    CooperationEvent,
    CooperationEventKind,
    NoteKind,
    Party,
    Referral,
    ReferralKind,
    ReferralState,
    SocialContract,
    SocialWorkNote,
)

__all__ = [
    "INTERVIEW_FIXED_STATES",
    "CaseFile",
    "CaseReason",
    "CaseState",
    "CloseReason",
    "ContractEnd",
    "ContractObligation",
    "ContractReview",
    "ContractState",
    "ContractVariant",
    "CooperationEvent",
    "CooperationEventKind",
    "HelpReason",
    "Interview",
    "InterviewAnswers",
    "InterviewAttempt",
    "InterviewKind",
    "InterviewState",
    "NoteKind",
    "Party",
    "Referral",
    "ReferralKind",
    "ReferralState",
    "SocialContract",
    "SocialWorkNote",
    "WorkerAssignment",
]
