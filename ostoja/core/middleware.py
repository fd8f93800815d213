"""Response headers that keep personal data out of caches and make htmx fragments safe."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

HISTORY_RESTORE = "HTTP_HX_HISTORY_RESTORE_REQUEST"
HTMX_REQUEST = "HTTP_HX_REQUEST"


class PrivateResponsesMiddleware:
    """- A history-restore request (htmx asks for a page it did not keep, after Back) gets the
      full page: it is treated as an ordinary request, not as a fragment request.
    - Every response varies on `HX-Request`, so a cache never serves a fragment for a page.
    - Responses to a signed-in user are `no-store`: a shared office computer's browser cache
      must not keep another person's file.

    Place it before django-htmx's middleware, which reads `HX-Request`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.META.get(HISTORY_RESTORE) == "true":
            request.META.pop(HTMX_REQUEST, None)
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
