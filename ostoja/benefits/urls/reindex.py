"""The addresses of the benefits' re-indexation (przeliczenia): the runs, a run, its progress,
the signing of its drafts."""

from django.urls import URLPattern, path

from ostoja.benefits.views import reindex as views

urlpatterns: list[URLPattern] = [
    path("przeliczenia/", views.reindexation_list, name="reindexation_list"),
    path(
        "przeliczenia/<int:reindexation_id>/",
        views.reindexation_detail,
        name="reindexation_detail",
    ),
    path(
        "przeliczenia/<int:reindexation_id>/postep/",
        views.reindexation_progress,
        name="reindexation_progress",
    ),
    path(
        "przeliczenia/<int:reindexation_id>/podpisz/",
        views.reindexation_sign_all,
        name="reindexation_sign_all",
    ),
]
