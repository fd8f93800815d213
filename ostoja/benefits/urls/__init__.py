"""The benefits' addresses, one module per area (Polish paths, English names)."""

from ostoja.benefits.urls import applications, decisions, reindex, settings

app_name = "benefits"

urlpatterns = [
    *applications.urlpatterns,
    *decisions.urlpatterns,
    *reindex.urlpatterns,
    *settings.urlpatterns,
]
