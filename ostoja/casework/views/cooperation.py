"""The duty to cooperate (art. 11 u.p.s.): recording an event, the case's list of events."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.casework import policy as casework_policy
from ostoja.casework.access_kinds import COOPERATION
from ostoja.casework.forms.cooperation import CooperationEventForm
from ostoja.casework.selectors import cooperation as selectors
from ostoja.casework.services import cooperation as services
from ostoja.casework.views.cases import case_header
from ostoja.casework.views.common import case_or_404, staff
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.policy import can
from ostoja.registry.models import Person
from ostoja.registry.views.common import add_service_errors, validated_field


@requires(Capability.CASEWORK_EDIT)
def cooperation_add(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    user = staff(request)
    if not can(user, casework_policy.EDIT, case):
        raise PermissionDenied
    members = (
        Person.objects.filter(memberships__household_id=case.household_id)
        .distinct()
        .order_by("surname", "first_names", "pk")
    )
    form = CooperationEventForm(
        request.POST or None,
        members=members,
        contracts=selectors.contracts_for_choice(user, case),
        interviews=selectors.interviews_for_choice(user, case),
    )
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                event = services.cooperation_event_record(
                    actor=user, case=case, **form.event_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The event was recorded."))
                url = reverse("casework:cooperation_list", args=[case.pk])
                return redirect(f"{url}#zdarzenie-{event.pk}")
    page = case_header(request, case)
    record_access(
        request=request, person_ids=[m.person_id for m in page["members"]], what=COOPERATION
    )
    page.update(form=form, title=_("Record an event of the duty to cooperate"))
    return render(request, "casework/cooperation_form.html", page)


@requires(Capability.CASEWORK_VIEW)
def cooperation_list(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_or_404(request, case_id)
    events = list(selectors.events_of(staff(request), case))
    page = case_header(request, case)
    shown = [m.person_id for m in page["members"]] + [e.person_id for e in events if e.person_id]
    record_access(request=request, person_ids=shown, what=COOPERATION)
    page.update(events=events)
    return render(request, "casework/cooperation_list.html", page)
