"""Small pieces social work's views share."""

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest

from ostoja.accounts.models import User
from ostoja.casework.access_kinds import OUT_OF_SCOPE
from ostoja.casework.models import CaseFile
from ostoja.core.audit import record_refusal
from ostoja.core.policy import visible_to


def staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def visible_or_404[M: models.Model](request: HttpRequest, model: type[M], pk: Any) -> M:
    """The record, if the user may see it; the Polish 404 otherwise, and the refused look goes
    into the access log (without the record: the log does not tell whether it exists)."""
    try:
        return visible_to(staff(request), model).get(pk=int(pk))  # type: ignore[no-any-return]
    except (model.DoesNotExist, ValueError, TypeError) as error:  # type: ignore[attr-defined]
        record_refusal(request=request, what=OUT_OF_SCOPE, status=404)
        raise Http404 from error


def case_or_404(request: HttpRequest, case_id: Any) -> CaseFile:
    return visible_or_404(request, CaseFile, case_id)
