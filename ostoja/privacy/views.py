from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ostoja.accounts.roles import Capability
from ostoja.core.access import requires


@requires(Capability.ACCESS_LOG_VIEW)
def access_log(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/access_log.html", {})
