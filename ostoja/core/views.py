from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ostoja.core.access import public


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for the load balancer: no login, no database."""
    return HttpResponse("ok", content_type="text/plain")
