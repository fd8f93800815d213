"""Social work's addresses, one module per area (Polish paths, English names)."""

from ostoja.casework.urls import (
    cases,
    contracts,
    cooperation,
    documents,
    interviews,
    notes,
    offline,
    referrals,
    start,
)

app_name = "casework"

urlpatterns = [
    *start.urlpatterns,
    *cases.urlpatterns,
    *interviews.urlpatterns,
    *offline.urlpatterns,
    *notes.urlpatterns,
    *cooperation.urlpatterns,
    *contracts.urlpatterns,
    *referrals.urlpatterns,
    *documents.urlpatterns,
]
