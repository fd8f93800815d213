"""The interview without a connection: its sync and the service worker's script."""

from django.urls import URLPattern, path

from ostoja.casework.views import offline

urlpatterns: list[URLPattern] = [
    path(
        "wywiady/<int:interview_id>/synchronizacja/", offline.interview_sync, name="interview_sync"
    ),
    path("sw.js", offline.service_worker, name="service_worker"),
]
