from django.contrib import admin
from django.urls import include, path

from ostoja.core.views import healthz

admin.site.site_header = "Ostoja – administracja"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("ostoja.registry.urls")),
    path("praca-socjalna/", include("ostoja.casework.urls")),
    path("swiadczenia/", include("ostoja.benefits.urls")),
    path("wyplaty/", include("ostoja.payments.urls")),
    path("wspolpraca/", include("ostoja.partners.urls")),
    path("konto/", include("ostoja.accounts.urls")),
    path("ochrona-danych/", include("ostoja.privacy.urls")),
    path("administracja/", include("ostoja.administration.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "ostoja.core.errors.not_found"
handler403 = "ostoja.core.errors.forbidden"
handler500 = "ostoja.core.errors.server_error"
