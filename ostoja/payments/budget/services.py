"""Entering and changing the year's plan, and removing a row entered by mistake.

A plan row is changed, never replaced: the council's resolutions change the plan during the
year and each change stays in the row's history (who, when, the amount before and after, in
the action record too). A classification no longer planned is set to 0.

A row may be removed only while it was never changed since it was entered: that is a slip
(a wrong paragraph, a plan split by source that should not be). Payments are not tied to plan
rows, so nothing paid is lost by removing one; a row that has been changed records a decision
of the council and stays (set it to 0 instead). Its deletion is kept in its history and in
the action record all the same.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import ConflictError, changes_since
from ostoja.core.money import format_pln, to_grosze
from ostoja.core.services import as_actor, require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import BudgetPlan

PLAN_CREATE = action_kind(
    "payments.budget_plan_create",
    gettext_lazy("Budget plan row entered"),
    gettext_lazy("%(year)s, %(line)s: %(new)s"),
)
PLAN_CHANGE = action_kind(
    "payments.budget_plan_change",
    gettext_lazy("Budget plan changed"),
    gettext_lazy("%(year)s, %(line)s: %(old)s → %(new)s"),
)
PLAN_REMOVE = action_kind(
    "payments.budget_plan_remove",
    gettext_lazy("Budget plan row removed"),
    gettext_lazy("%(year)s, %(line)s: %(old)s"),
)


def _details(plan: BudgetPlan, *, old: Decimal | None, new: Decimal | None) -> dict[str, object]:
    return {
        "plan_id": plan.pk,
        "year": plan.year,
        "classification": plan.classification,
        "funding": plan.funding,
        "line": plan.label,
        "old_amount": None if old is None else f"{old:.2f}",
        "new_amount": None if new is None else f"{new:.2f}",
        "old": None if old is None else format_pln(old),
        "new": None if new is None else format_pln(new),
        "note": plan.note,
    }


def _check_classification(section: str, chapter: str) -> None:
    if section and chapter and not chapter.startswith(section):
        raise ValidationError(
            {
                "chapter": _(
                    "The chapter %(chapter)s is not in section %(section)s: a chapter begins "
                    "with the digits of its section."
                )
                % {"chapter": chapter, "section": section}
            }
        )


def _check_one_way(plan: BudgetPlan) -> None:
    """A classification is planned for every source together or split by source, not both:
    both would count the same payments twice."""
    same = BudgetPlan.objects.filter(
        year=plan.year, section=plan.section, chapter=plan.chapter, paragraph=plan.paragraph
    ).exclude(pk=plan.pk)
    figures = {"line": plan.classification, "year": plan.year}
    if plan.funding and same.filter(funding="").exists():
        raise ValidationError(
            {
                "funding": _(
                    "The plan of %(line)s for %(year)s is entered for every source together: "
                    "change that row, or remove it first to split the plan by source."
                )
                % figures
            }
        )
    if not plan.funding and same.exclude(funding="").exists():
        raise ValidationError(
            {
                "funding": _(
                    "The plan of %(line)s for %(year)s is split by source: change the row of "
                    "the source, or choose one."
                )
                % figures
            }
        )


@transaction.atomic
def budget_plan_set(
    *,
    actor: User,
    year: int,
    section: str,
    chapter: str,
    paragraph: str,
    funding: str,
    amount: Decimal,
    note: str = "",
    expected_version: int | None = None,
) -> BudgetPlan:
    """Enter the plan of a classification (and source; "" for every source) for a year, or
    change it if it is entered already. `expected_version`: the version of the row the form
    was opened with; a row changed by someone else since then is refused with the changes
    (`ConflictError`)."""
    require(actor, payments_policy.ADMIN)
    section, chapter, paragraph = section.strip(), chapter.strip(), paragraph.strip()
    note = note.strip()
    amount = to_grosze(amount)
    _check_classification(section, chapter)
    key = {
        "year": year,
        "section": section,
        "chapter": chapter,
        "paragraph": paragraph,
        "funding": funding,
    }
    plan = BudgetPlan.objects.select_for_update().filter(**key).first()
    if plan is None:
        return _create(actor, BudgetPlan(**key, amount=amount, note=note))
    if expected_version is not None and plan.version != expected_version:
        raise ConflictError(
            changes=changes_since(plan, version=expected_version), current_version=plan.version
        )
    old = plan.amount
    if old == amount and plan.note == note:
        return plan
    plan.amount, plan.note = amount, note
    plan.full_clean()
    plan.version += 1
    as_actor(plan, actor)
    plan.save()
    record_action(
        actor=actor,
        action=PLAN_CHANGE,
        subjects=[plan],
        details=_details(plan, old=old, new=amount),
    )
    return plan


def _create(actor: User, plan: BudgetPlan) -> BudgetPlan:
    # The unique constraint is checked by the lookup before and, for two entries at the same
    # moment, by the database below.
    plan.full_clean(validate_constraints=False)
    _check_one_way(plan)
    as_actor(plan, actor)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Someone entered the plan of %(line)s for %(year)s at the same moment: open "
                "the budget again and change it there."
            )
            % {"line": plan.label, "year": plan.year}
        ) from error
    record_action(
        actor=actor,
        action=PLAN_CREATE,
        subjects=[plan],
        details=_details(plan, old=None, new=plan.amount),
    )
    return plan


def budget_plan_removable(plan: BudgetPlan) -> bool:
    """Never changed since it was entered (see the module's note)."""
    return plan.version == 1


@transaction.atomic
def budget_plan_remove(*, actor: User, plan: BudgetPlan) -> None:
    """Remove a plan row entered by mistake; a row that has been changed is refused."""
    require(actor, payments_policy.ADMIN)
    plan = BudgetPlan.objects.select_for_update().get(pk=plan.pk)
    if not budget_plan_removable(plan):
        raise ValidationError(
            _(
                "The plan of %(line)s for %(year)s has been changed since it was entered: it "
                "stays in the budget with its history. Set it to 0 if the task is no longer "
                "planned."
            )
            % {"line": plan.label, "year": plan.year}
        )
    record_action(
        actor=actor,
        action=PLAN_REMOVE,
        subjects=[plan],
        details=_details(plan, old=plan.amount, new=None),
    )
    as_actor(plan, actor)
    plan.delete()
