"""The addresses of the benefits' settings (part of the Administracja section)."""

from django.urls import URLPattern, path

from ostoja.benefits.views import settings as views

urlpatterns: list[URLPattern] = [
    path("ustawienia/", views.settings_index, name="settings"),
    path(
        "ustawienia/rejestry/nowy/",
        views.settings_register_create,
        name="settings_register_create",
    ),
    path(
        "ustawienia/rejestry/przyklad/",
        views.settings_register_example,
        name="settings_register_example",
    ),
    path(
        "ustawienia/rejestry/<int:register_id>/edycja/",
        views.settings_register_edit,
        name="settings_register_edit",
    ),
    path(
        "ustawienia/upowaznienia/nowe/",
        views.settings_authorisation_create,
        name="settings_authorisation_create",
    ),
    path(
        "ustawienia/upowaznienia/<int:authorisation_id>/cofniecie/",
        views.settings_authorisation_revoke,
        name="settings_authorisation_revoke",
    ),
    path(
        "ustawienia/wzory/nowy/",
        views.settings_template_upload,
        name="settings_template_upload",
    ),
    path(
        "ustawienia/wzory/<int:template_id>/pobierz/",
        views.settings_template_download,
        name="settings_template_download",
    ),
    path(
        "ustawienia/wzory/domyslne/<str:kind>/pobierz/",
        views.settings_template_default,
        name="settings_template_default",
    ),
    path(
        "ustawienia/wzory/<int:template_id>/wycofanie/",
        views.settings_template_deactivate,
        name="settings_template_deactivate",
    ),
]
