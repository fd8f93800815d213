"""The assessment of a benefit asked for: making it (the rules applied to the application as it
is now, frozen) and its page, from which the decision is prepared."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.access_kinds import ASSESSMENT_DETAIL
from ostoja.benefits.catalogue import BENEFITS
from ostoja.benefits.models import Assessment, DecisionKind
from ostoja.benefits.selectors import decisions as selectors
from ostoja.benefits.services.assessments import assessment_create
from ostoja.benefits.views.common import application_or_404, refuse_out_of_scope, staff
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.policy import can, has_capability


@requires(Capability.BENEFITS_EDIT)
def assessment_make(request: HttpRequest, application_id: int, benefit: str) -> HttpResponseBase:
    """GET: what will be assessed, with one button; POST: assess it and show the result."""
    application = application_or_404(request, application_id)
    user = staff(request)
    if benefit not in BENEFITS:
        raise refuse_out_of_scope(request)
    if not can(user, benefits_policy.EDIT_APPLICATION, application):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        try:
            assessment = assessment_create(actor=user, application=application, benefit=benefit)
        except ValidationError as error:
            errors = [str(message) for message in error.messages]
        else:
            messages.success(request, _("The assessment was made."))
            return redirect("benefits:assessment_detail", assessment_id=assessment.pk)
    record_access(request=request, person_ids=[application.applicant_id], what=ASSESSMENT_DETAIL)
    return render(
        request,
        "benefits/decision_assess.html",
        {
            "nav": "benefits",
            "application": application,
            "benefit": BENEFITS[benefit],
            "errors": errors,
            "earlier": application.assessments.filter(benefit=benefit).count(),
        },
    )


@requires(Capability.BENEFITS_VIEW)
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user = staff(request)
    try:
        assessment = selectors.assessment_get(user, int(assessment_id))
    except (Assessment.DoesNotExist, ValueError) as error:
        raise refuse_out_of_scope(request) from error
    application = assessment.application
    view = selectors.assessment_view(assessment)
    case_file = selectors.case_file_of(application.household_id)
    may_draft = can(user, benefits_policy.EDIT_APPLICATION, application)
    suggested = DecisionKind.GRANT if assessment.eligible else DecisionKind.REFUSAL
    record_access(
        request=request,
        person_ids=[application.applicant_id, *assessment.persons.values()],
        what=ASSESSMENT_DETAIL,
        details={"assessment": assessment.pk},
    )
    return render(
        request,
        "benefits/decision_assessment.html",
        {
            "nav": "benefits",
            "assessment": assessment,
            "application": application,
            "view": view,
            "chain": selectors.assessment_chain(assessment),
            "superseded_by": selectors.superseded_by(assessment),
            "decisions": selectors.decisions_on(assessment),
            "case_file": case_file,
            "may_see_case": case_file is not None
            and has_capability(user, Capability.CASEWORK_VIEW),
            "may_plan_interview": case_file is not None
            and has_capability(user, Capability.CASEWORK_EDIT),
            "may_draft": may_draft,
            "may_reassess": may_draft,
            "suggested_kind": suggested,
            "other_kinds": [
                (kind.value, kind.label)
                for kind in (DecisionKind.GRANT, DecisionKind.REFUSAL, DecisionKind.DISCONTINUANCE)
                if kind != suggested
            ],
        },
    )
