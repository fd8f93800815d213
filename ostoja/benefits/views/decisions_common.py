"""What the decisions' views share: a decision in scope or the logged 404, and a service's
errors put on the editor's fields and on its benefit rows."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ostoja.benefits.forms.decisions import LINES_PREFIX, kept_line_forms
from ostoja.benefits.models import Decision
from ostoja.benefits.selectors import decisions as selectors
from ostoja.benefits.views.common import refuse_out_of_scope, staff


def decision_or_404(request: HttpRequest, decision_id: Any) -> Decision:
    """The decision with what its page shows, if the user may see it."""
    try:
        return selectors.decision_get(staff(request), int(decision_id))
    except (Decision.DoesNotExist, ValueError, TypeError) as error:
        raise refuse_out_of_scope(request) from error


def put_errors(
    form: forms.BaseForm,
    formset: forms.BaseFormSet,  # type: ignore[type-arg]
    error: ValidationError,
) -> list[str]:
    """The service's errors on the form's fields and on the benefit rows. A line's error comes
    as `lines-N-field`, N counting the lines sent (the rows kept, in order); what fits no field
    goes on the form as a whole, and the errors of the benefits as a whole are returned to be
    shown above the rows."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return []
    rows = kept_line_forms(formset)
    about_lines: list[str] = []
    for key, errors in error.error_dict.items():
        messages = [message for item in errors for message in item.messages]
        if key == LINES_PREFIX:
            about_lines += messages
        elif key.startswith(f"{LINES_PREFIX}-"):
            _prefix, index, name = key.split("-", 2)
            row = rows[int(index)] if index.isdigit() and int(index) < len(rows) else None
            if row is not None and name in row.fields:
                row.add_error(name, messages)
            else:
                about_lines += messages
        elif key in form.fields:
            form.add_error(key, messages)
        else:
            form.add_error(None, messages)
    return about_lines
