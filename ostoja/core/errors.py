"""Error pages in the application's frame, in Polish, without internals."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from ostoja.core.audit import REFUSED_SCREEN, record_refusal  # the log's models, lazily

    record_refusal(request=request, what=REFUSED_SCREEN, status=403)
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context processors: whatever failed (the database, a
    context processor) must not fail the error page too."""
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
