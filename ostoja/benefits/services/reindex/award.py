"""One award through the services (the reference path): `assessment_recompute` and
`decision_draft` in a savepoint of its own; and what the batch shares with it: the assessment an
award rests on, the outcome, the new amount and the texts of the amending decision."""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import BENEFITS, Benefit, BenefitSpec
from ostoja.benefits.drafting import BENEFIT_FORMS, draft_texts, polish_date
from ostoja.benefits.models import (
    Assessment,
    Award,
    DecisionKind,
    Reindexation,
    ReindexItem,
    ReindexOutcome,
)
from ostoja.benefits.services.assessments import assessment_recompute
from ostoja.benefits.services.decisions import LineData, decision_draft
from ostoja.benefits.services.reindex.common import FATAL_ERRORS, KEEP_SHARE, ReindexProblem, logger
from ostoja.core.money import format_pln
from ostoja.registry.models import Person
from ostoja.rules.parameters import default_parameters
from ostoja.rules.result import grosze

# Świadczenie pielęgnacyjne: from this day the rules compute only the new right (the care of a
# person under 18); a carer of an adult keeps a right granted before it under the earlier rules.
CARE_BENEFIT_NEW_RULES_FROM = datetime.date(2024, 1, 1)
CARE_BENEFIT_AMOUNT = "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.kwota"
# How far back the chain of segments is followed to find the assessment a decision rests on
# (a resumption without a line of its own continues the terms of the segment before it).
CHAIN_LIMIT = 20


# ---------------------------------------------------------------------------------------------
# One award through the services (the reference path)
# ---------------------------------------------------------------------------------------------


def _reindex_award(
    run: Reindexation, award: Award, *, actor: User, rule: str, siblings: Counter[tuple[int, str]]
) -> None:
    """One award through `assessment_recompute` and `decision_draft`, in its own savepoint;
    its failure becomes an ERROR item with the services' message."""
    try:
        with transaction.atomic():
            item = ReindexItem.objects.create(
                reindexation=run, award=award, outcome=ReindexOutcome.ERROR
            )
            _assess(run, award, item, actor=actor, rule=rule, siblings=siblings)
    except FATAL_ERRORS:
        raise
    except IntegrityError as error:
        if ReindexItem.objects.filter(reindexation=run, award=award).exists():
            return  # another worker of the same run has taken this award
        _record_error(run, award, error)
    except Exception as error:
        _record_error(run, award, error)


def _message(error: Exception) -> str:
    if isinstance(error, ReindexProblem):
        return str(error)
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if isinstance(error, PermissionDenied):
        return _(
            "The member of staff who started the run may not draft decisions for this family: "
            "a person who sees every family starts it again."
        )
    return f"{type(error).__name__}: {error}"


def _record_error(run: Reindexation, award: Award, error: Exception) -> None:
    if not isinstance(error, ReindexProblem | ValidationError | PermissionDenied):
        logger.error("re-indexation %s: award %s failed", run.pk, award.pk, exc_info=error)
    try:
        with transaction.atomic():
            ReindexItem.objects.create(
                reindexation=run,
                award=award,
                outcome=ReindexOutcome.ERROR,
                old_amount=award.amount,
                message=_message(error),
            )
    except IntegrityError:
        pass  # another worker of the same run has recorded this award meanwhile


def basis_of(award: Award) -> Assessment | None:
    """The assessment of the award's benefit that its decision rests on: the decision's own,
    or, for a segment whose decision has none of it (a resumption continuing earlier terms),
    that of the segment it continues, and so on back."""
    segment: Award | None = award
    for _step in range(CHAIN_LIMIT):
        if segment is None:
            return None
        assessment = segment.decision.assessment
        if assessment is not None and assessment.benefit == award.benefit:
            return assessment
        segment = segment.continues
    return None


def _no_basis() -> ReindexProblem:
    return ReindexProblem(
        _(
            "The decision awarding this benefit rests on no assessment of it: assess the family "
            "again and decide by hand."
        )
    )


def _starts_on_the_day() -> ReindexProblem:
    return ReindexProblem(
        _(
            "The award begins on the day of the change, so a decision changing it from that day "
            "cannot end it: correct the decision that awards it."
        )
    )


@dataclass
class _Outcome:
    """What the new assessment means for the award, before anything is drafted."""

    outcome: str
    amount: Decimal | None = None
    note: str = ""
    message: str = ""


def _outcome(
    run: Reindexation,
    award: Award,
    *,
    basis: Assessment,
    assessment: Assessment,
    rule: str,
    siblings: Counter[tuple[int, str]],
) -> _Outcome:
    """NOT_ELIGIBLE, UNCHANGED or CHANGED with the new amount; a `ReindexProblem` otherwise."""
    day = run.effective_on
    if not assessment.eligible:
        message = _not_eligible_message(award, basis, assessment, day)
        return _Outcome(ReindexOutcome.NOT_ELIGIBLE, message=message)
    amount, note = new_amount(
        award,
        basis=basis,
        assessment=assessment,
        rule=rule,
        siblings=siblings[(award.decision_id, award.benefit)],
    )
    if amount == award.amount:
        return _Outcome(ReindexOutcome.UNCHANGED, amount=amount)
    if award.valid_from >= day:
        raise _starts_on_the_day()
    return _Outcome(ReindexOutcome.CHANGED, amount=amount, note=note)


def _assess(
    run: Reindexation,
    award: Award,
    item: ReindexItem,
    *,
    actor: User,
    rule: str,
    siblings: Counter[tuple[int, str]],
) -> None:
    basis = basis_of(award)
    if basis is None:
        raise _no_basis()
    day = run.effective_on
    assessment = assessment_recompute(actor=actor, assessment=basis, day=day, reindexation=run)
    found = _outcome(run, award, basis=basis, assessment=assessment, rule=rule, siblings=siblings)
    item.assessment = assessment
    item.old_amount = award.amount
    item.outcome = found.outcome
    item.new_amount = found.amount
    item.message = found.message
    if found.outcome == ReindexOutcome.CHANGED:
        assert found.amount is not None
        content = _draft_content(
            run, award, assessment=assessment, amount=found.amount, note=found.note
        )
        item.decision = decision_draft(
            actor=actor,
            kind=DecisionKind.CHANGE,
            act=content.act,
            household=award.household,
            party=award.decision.party,
            assessment=assessment,
            changes=award.decision,
            effective_from=day,
            lines=[content.line],
            reindexation=run,
            legal_basis=content.texts["legal_basis"],
            operative=content.texts["operative"],
            justification_facts=content.texts["justification_facts"],
            justification_law=content.texts["justification_law"],
            appeal_instruction=content.texts["appeal_instruction"],
            distribution=content.texts["distribution"],
        )
    item.save()


def _reasons_text(assessment: Assessment) -> str:
    reasons = assessment.result.get("reasons", [])
    texts = (str(reason.get("text") or "").strip() for reason in reasons)
    return " ".join(text for text in texts if text)


def _not_eligible_message(
    award: Award, basis: Assessment, assessment: Assessment, day: datetime.date
) -> str:
    message = _(
        "The rules in force on %(day)s find no right to the benefit: %(reasons)s No decision "
        "was drafted: whether to revoke it is the clerk's decision."
    ) % {"day": f"{day:%d.%m.%Y}", "reasons": _reasons_text(assessment)}
    if (
        award.benefit == Benefit.SWIADCZENIE_PIELEGNACYJNE
        and basis.day < CARE_BENEFIT_NEW_RULES_FROM <= day
    ):
        amount = default_parameters().at(day).get(CARE_BENEFIT_AMOUNT)
        message += " " + _(
            "The benefit was granted before 1 January 2024 under the earlier rules, under which "
            "a carer keeps the right; the rules compute only the new right, so the clerk sets "
            "the amount from %(day)s (%(amount)s) by hand."
        ) % {"day": f"{day:%d.%m.%Y}", "amount": format_pln(amount)}
    return message


def _amount(result: dict[str, Any], key: str) -> Decimal | None:
    value = result.get(key)
    return None if value is None else Decimal(str(value))


def new_amount(
    award: Award, *, basis: Assessment, assessment: Assessment, rule: str, siblings: int = 1
) -> tuple[Decimal, str]:
    """The award's amount from the day of the change, and a sentence for the justification when
    the amount is not simply the rules' (a clerk's amount brought within the new range).

    * The clerk's amount (`amount_by_clerk`) stays while it lies within the new range
      [amount_min, amount_max], else it becomes the nearer bound (`rule` "bounds"); or, with
      `rule` "share", it keeps its share of the maximum, rounded half up to the grosz, within the
      range.
    * Otherwise the rules' amount, when the award is the decision's only one of the benefit;
      where the decision splits the benefit among several awards the rules' total is not split
      automatically: unchanged if the total is the same, a problem for the clerk if not."""
    spec = BENEFITS[award.benefit]
    if assessment.amount is None:
        raise ReindexProblem(_("The rules give no amount for this benefit: decide by hand."))
    if spec.amount_by_clerk:
        return _clerk_amount(award, basis=basis, assessment=assessment, spec=spec, rule=rule)
    if siblings > 1:
        if basis.amount == assessment.amount and award.amount is not None:
            return award.amount, ""
        raise ReindexProblem(
            _(
                "The assessed amount (%(old)s, from %(day)s %(new)s) is shared by several "
                "benefits of the decision: set the new amount of each by hand."
            )
            % {
                "old": format_pln(basis.amount),
                "new": format_pln(assessment.amount),
                "day": f"{assessment.day:%d.%m.%Y}",
            }
        )
    return assessment.amount, ""


def _clerk_amount(
    award: Award, *, basis: Assessment, assessment: Assessment, spec: BenefitSpec, rule: str
) -> tuple[Decimal, str]:
    low = _amount(assessment.result, "amount_min")
    high = _amount(assessment.result, "amount_max")
    if low is None or high is None or award.amount is None:
        raise ReindexProblem(
            _("The range of the clerk's amount is not known: set the new amount by hand.")
        )
    day = _polish_date(assessment.day)
    old_high = _amount(basis.result, "amount_max") if rule == KEEP_SHARE else None
    if old_high:
        target = min(max(grosze(award.amount * high / old_high), low), high)
        return target, (
            f"Zachowano udział dotychczasowej kwoty {format_pln(award.amount)} w kwocie "
            f"najwyższej ({format_pln(old_high)}), która od {day} wynosi {format_pln(high)}."
        )
    if award.amount < low:
        return low, (
            f"Dotychczasowa kwota {format_pln(award.amount)} jest niższa od najniższej kwoty "
            f"świadczenia należnej od {day} ({format_pln(low)}), dlatego podwyższa się ją do tej "
            f"kwoty ({spec.article} ust. 3 i 4 u.p.s.)."
        )
    if award.amount > high:
        return high, (
            f"Dotychczasowa kwota {format_pln(award.amount)} jest wyższa od najwyższej kwoty "
            f"świadczenia należnej od {day} ({format_pln(high)}), dlatego obniża się ją do tej "
            f"kwoty ({spec.article} ust. 2 u.p.s.)."
        )
    return award.amount, ""


def _changed_parameters(assessment: Assessment, day: datetime.date) -> list[str]:
    """The parameters the new assessment used that take their value on `day`, in words."""
    known = default_parameters().parameters
    changed = []
    for used in assessment.result.get("parameters_used", []):
        if used.get("start") != day.isoformat() or used.get("name") not in known:
            continue
        parameter = known[used["name"]]
        value = Decimal(str(used["value"]))
        shown = format_pln(value) if parameter.unit == "zł" else f"{value.normalize():f}"
        changed.append(f"{parameter.description} – {shown} ({used.get('reference', '')})")
    return changed


def _change_sentences(award: Award, *, assessment: Assessment, amount: Decimal, note: str) -> str:
    """The factual justification's opening: what changed on the day and what follows."""
    day = _polish_date(assessment.day)
    changed = _changed_parameters(assessment, assessment.day)
    what = f": {'; '.join(changed)}" if changed else ""
    genitive = BENEFIT_FORMS[award.benefit][1]
    number = award.decision.number or "—"
    sentences = [
        f"Z dniem {day} zmieniły się przepisy, od których zależy wysokość świadczenia{what}.",
        f"Wysokość {genitive} ustalono ponownie na podstawie danych, na których oparto decyzję "
        f"nr {number}: dotychczas {format_pln(award.amount)} miesięcznie, od {day} "
        f"{format_pln(amount)} miesięcznie.",
    ]
    if note:
        sentences.append(note)
    return " ".join(sentences)


@functools.cache
def _polish_date(day: datetime.date) -> str:
    """`polish_date`, once per day: the run writes the same day into every draft."""
    return polish_date(day)


@dataclass
class _TextLine:
    """The line as `draft_texts` reads it (`drafting.Line`), without a model to build."""

    benefit: str
    person: Person
    amount: Decimal | None
    purpose: str
    period_from: datetime.date
    period_to: datetime.date | None
    payee: Person
    method: str
    account: str


@dataclass(frozen=True)
class _DraftContent:
    act: str
    texts: dict[str, str]
    line: LineData


def _draft_content(
    run: Reindexation, award: Award, *, assessment: Assessment, amount: Decimal, note: str
) -> _DraftContent:
    """The amending decision (kind CHANGE) of the award's decision, effective on the day of the
    change: its texts (from `draft_texts`, the factual justification opened by what changed)
    and its one line: the new amount for the award's person, period, payee and payment."""
    day = run.effective_on
    spec = BENEFITS[award.benefit]
    line = LineData(
        benefit=award.benefit,
        person=award.person,
        period_from=day,
        period_to=award.valid_to,
        method=award.method,
        amount=amount,
        payee=award.payee,
        account=award.account,
    )
    drafted = draft_texts(
        kind=DecisionKind.CHANGE,
        act=spec.act,
        # The acts are cited in the consolidated texts of the day the decision is drafted.
        day=timezone.localdate(),
        party=award.decision.party,
        lines=[
            _TextLine(
                benefit=award.benefit,
                person=award.person,
                amount=amount,
                purpose="",
                period_from=day,
                period_to=award.valid_to,
                payee=award.payee,
                method=award.method,
                account=award.account,
            )
        ],
        benefits=[award.benefit],
        assessment=assessment,
        changes_number=award.decision.number,
        effective_from=day,
    )
    facts = " ".join(
        part
        for part in (
            _change_sentences(award, assessment=assessment, amount=amount, note=note),
            drafted.justification_facts,
        )
        if part
    )
    texts = {
        "legal_basis": drafted.legal_basis,
        "operative": drafted.operative,
        "justification_facts": facts,
        "justification_law": drafted.justification_law,
        "appeal_instruction": drafted.appeal_instruction,
        "distribution": drafted.distribution,
    }
    return _DraftContent(act=spec.act, texts=texts, line=line)
