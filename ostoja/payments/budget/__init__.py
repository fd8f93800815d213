"""The year's budget of the benefits paid: the plan the accountant enters per budget
classification (`services`) against the payments made (`selectors`)."""

from ostoja.payments.budget.selectors import (
    BudgetExecution,
    BudgetLine,
    BudgetWarning,
    Figures,
    budget_execution,
    budget_warnings,
    format_percent,
)
from ostoja.payments.budget.services import (
    budget_plan_removable,
    budget_plan_remove,
    budget_plan_set,
)

__all__ = [
    "BudgetExecution",
    "BudgetLine",
    "BudgetWarning",
    "Figures",
    "budget_execution",
    "budget_plan_removable",
    "budget_plan_remove",
    "budget_plan_set",
    "budget_warnings",
    "format_percent",
]
