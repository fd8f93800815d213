"""The interview without a connection: the sync of an offline copy and the service worker."""

import json
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ostoja.accounts.roles import Capability
from ostoja.casework.access_kinds import INTERVIEW_OFFLINE
from ostoja.casework.models import Interview
from ostoja.casework.services import offline as services
from ostoja.casework.views.common import staff, visible_or_404
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.registry.models import Person

SERVICE_WORKER = "ostoja/casework/sw.js"
SCOPE = "/praca-socjalna/"


def _message(message: str, status: int) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


def _sync_data(request: HttpRequest) -> tuple[int, str, dict[str, Any]] | None:
    """The copy's base version, token and answers (strings or lists of strings), or None."""
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    base_version, token, answers = data.get("base_version"), data.get("token"), data.get("answers")
    if (
        not isinstance(base_version, int)
        or isinstance(base_version, bool)
        or not isinstance(token, str)
        or not isinstance(answers, dict)
    ):
        return None
    for value in answers.values():
        if not (
            isinstance(value, str)
            or (isinstance(value, list) and all(isinstance(item, str) for item in value))
        ):
            return None
    return base_version, token, answers


def _errors(error: ValidationError) -> tuple[dict[str, str], str]:
    if not hasattr(error, "error_dict"):
        return {}, " ".join(error.messages)
    by_key = {key: " ".join(messages) for key, messages in error.message_dict.items()}
    return by_key, by_key.pop(NON_FIELD_ERRORS, "")


@requires(Capability.CASEWORK_EDIT)
@require_POST
def interview_sync(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    """POST JSON `{base_version, token, answers}` from the fill page's script.

    200 `{version, saved_at, token}`; 409 the conflict (`OfflineConflict.as_json`); 400
    `{errors: {key: message}, message}`; 403 `{message}` for a refused copy or a user who may
    not change the interview. Every answer keeps its place in the browser until a 200."""
    interview = visible_or_404(request, Interview, interview_id)
    user = staff(request)
    record_access(
        request=request,
        person_ids=Person.objects.filter(memberships__household_id=interview.case.household_id)
        .distinct()
        .values_list("pk", flat=True),
        what=INTERVIEW_OFFLINE,
        details={"interview_id": interview.pk},
    )
    data = _sync_data(request)
    if data is None:
        return _message(_("The copy sent from the browser is not readable."), 400)
    base_version, token, answers = data
    try:
        saved = services.interview_sync(
            actor=user, interview=interview, token=token, base_version=base_version, answers=answers
        )
    except PermissionDenied:
        return _message(_("You may not change this interview."), 403)
    except services.OfflineCopyRefused as refused:
        return _message(refused.message, 403)
    except services.OfflineConflict as conflict:
        return JsonResponse(conflict.as_json(), status=409)
    except ValidationError as error:
        errors, message = _errors(error)
        if errors and not message:
            message = _("Some answers need correcting; they stay on this computer.")
        return JsonResponse({"errors": errors, "message": message}, status=400)
    return JsonResponse(
        {
            "version": saved.version,
            "saved_at": saved.updated_at.isoformat(),
            "token": services.offline_token(saved, user),
        }
    )


# The worker script asks for a signed-in user who may fill in interviews: it is of use to no one
# else. The browser refuses a worker script behind a redirect, so an anonymous fetch (sent to
# the login page) cannot install it, and an update check after the session expired in the field
# fails and leaves the installed worker running: the interview taken stays available without a
# connection. Signing out removes the worker (Clear-Site-Data on the logout response).
@requires(Capability.CASEWORK_EDIT)
@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponseBase:
    path = finders.find(SERVICE_WORKER)
    if not path or isinstance(path, list):
        raise Http404
    with open(path, encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="application/javascript")
    response["Service-Worker-Allowed"] = SCOPE
    return response
