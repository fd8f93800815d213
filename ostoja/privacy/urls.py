from django.urls import path

from ostoja.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.access_log, name="access_log"),
    path("eksport/", views.access_log_export, name="access_log_export"),
    path("informacja-o-dostepie/", views.access_report, name="access_report"),
]
