"""Re-indexation: when the law's parameters change on a day (the criteria of art. 8 u.p.s. with
the amounts of art. 9 ust. 5, the yearly amount of świadczenie pielęgnacyjne of art. 17 ust. 3d
u.ś.r.), every monthly award in force that day is assessed again from the household its decision
was computed with, and an amending decision is drafted for each award whose amount changes
(art. 106 ust. 5 u.p.s., art. 32 ust. 1 u.ś.r.: the decision is changed ex officio).

One run per day of change (`Reindexation` is unique per `effective_on`); starting a run again
queues the same run once more. The run (`reindexation_run`, a background task) is resumable and
idempotent: an award is processed in one transaction that first claims the award's item in the
run (unique per run and award) and ends with the item saved beside the draft, so a run killed
half-way and run again goes on where it stopped, and two workers on the same run never draft
twice (the second one's claim fails on the constraint and that award is left to the first).

What becomes of each award (`ReindexOutcome`):
* the new amount equals the old one: UNCHANGED (the new assessment is kept as the proof);
* it differs: CHANGED, with a draft decision of kind CHANGE effective that day;
* the rules find no right any more: NOT_ELIGIBLE, without a draft: whether the award is revoked
  is the clerk's decision (the family may have another ground the frozen input does not show);
* anything else (no assessment to start from, a refusal of the drafting checks, an amount the
  rules do not split between several awards): ERROR with the message, and the run goes on.
  Starting the run again retries the awards that ended in an error.

For a benefit whose amount is the clerk's (`amount_by_clerk`: zasiłek okresowy, whose amount is
anything from the minimum share of the difference to the difference, art. 38 ust. 2–4 u.p.s.)
the clerk's amount stays while it lies within the new range and is brought to the nearer bound
otherwise; the setting `OSTOJA_REINDEX_CLERK_AMOUNT` ("bounds", the default, or "share": the
same share of the new maximum) chooses (docs/legal/choices.md).
"""

from ostoja.benefits.services.reindex.award import (
    CARE_BENEFIT_AMOUNT,
    CARE_BENEFIT_NEW_RULES_FROM,
    CHAIN_LIMIT,
    basis_of,
    new_amount,
)
from ostoja.benefits.services.reindex.batch import batch_casework_flags, recomputed
from ostoja.benefits.services.reindex.changes import (
    PARAMETER_TREES,
    SET_FOR_A_BENEFIT_PERIOD,
    ParameterChange,
    is_change_day,
    parameter_changes,
    reindexed_benefits,
)
from ostoja.benefits.services.reindex.common import (
    CLERK_AMOUNT_RULES,
    CLERK_AMOUNT_SETTING,
    FATAL_ERRORS,
    KEEP_SHARE,
    KEEP_WITHIN_BOUNDS,
    ReindexProblem,
)
from ostoja.benefits.services.reindex.reads import (
    drafts_to_sign,
    may_sign_drafts,
    outcome_counts,
    person_ids,
    reindexation_items,
    reindexations,
)
from ostoja.benefits.services.reindex.run import (
    AWARD_RELATED,
    BATCH_SIZE,
    PASSES,
    REINDEX_REQUEUE,
    REINDEX_START,
    affected_awards,
    reindexation_run,
    reindexation_start,
)
from ostoja.benefits.services.reindex.signing import REINDEX_SIGN_ALL, reindexation_sign_all

__all__ = [
    "AWARD_RELATED",
    "BATCH_SIZE",
    "CARE_BENEFIT_AMOUNT",
    "CARE_BENEFIT_NEW_RULES_FROM",
    "CHAIN_LIMIT",
    "CLERK_AMOUNT_RULES",
    "CLERK_AMOUNT_SETTING",
    "FATAL_ERRORS",
    "KEEP_SHARE",
    "KEEP_WITHIN_BOUNDS",
    "PARAMETER_TREES",
    "PASSES",
    "REINDEX_REQUEUE",
    "REINDEX_SIGN_ALL",
    "REINDEX_START",
    "SET_FOR_A_BENEFIT_PERIOD",
    "ParameterChange",
    "ReindexProblem",
    "affected_awards",
    "basis_of",
    "batch_casework_flags",
    "drafts_to_sign",
    "is_change_day",
    "may_sign_drafts",
    "new_amount",
    "outcome_counts",
    "parameter_changes",
    "person_ids",
    "recomputed",
    "reindexation_items",
    "reindexation_run",
    "reindexation_sign_all",
    "reindexation_start",
    "reindexations",
    "reindexed_benefits",
]
