"""The addresses of the benefits' applications."""

from django.urls import URLPattern, path

from ostoja.benefits.views import applications as views

urlpatterns: list[URLPattern] = [
    path("wnioski/", views.application_list, name="application_list"),
    path(
        "rodziny/<int:household_id>/nowy-wniosek/",
        views.application_register,
        name="application_register",
    ),
    path("wnioski/<int:application_id>/", views.application_detail, name="application_detail"),
    path("wnioski/<int:application_id>/edycja/", views.application_edit, name="application_edit"),
    path(
        "wnioski/<int:application_id>/swiadczenia/",
        views.application_benefits,
        name="application_benefits",
    ),
    path(
        "wnioski/<int:application_id>/czlonkowie/<int:person_id>/",
        views.member_facts,
        name="member_facts",
    ),
    path(
        "wnioski/<int:application_id>/zalaczniki/nowy/",
        views.attachment_add,
        name="attachment_add",
    ),
    path(
        "wnioski/<int:application_id>/zalaczniki/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("wnioski/<int:application_id>/terminy/nowy/", views.pause_start, name="pause_start"),
    path(
        "wnioski/<int:application_id>/terminy/<int:pause_id>/koniec/",
        views.pause_end,
        name="pause_end",
    ),
    path(
        "wnioski/<int:application_id>/wycofanie/",
        views.application_withdraw,
        name="application_withdraw",
    ),
]
