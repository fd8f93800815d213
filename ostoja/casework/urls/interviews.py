"""The environmental interview's addresses."""

from django.urls import URLPattern, path

from ostoja.casework.views import interviews

urlpatterns: list[URLPattern] = [
    path("sprawy/<int:case_id>/wywiady/nowy/", interviews.interview_plan, name="interview_plan"),
    path(
        "sprawy/<int:case_id>/wywiady/odmowa/",
        interviews.interview_refusal,
        name="interview_refusal_new",
    ),
    path("wywiady/<int:interview_id>/", interviews.interview_detail, name="interview_detail"),
    path(
        "wywiady/<int:interview_id>/rozpoczecie/",
        interviews.interview_start,
        name="interview_start",
    ),
    path(
        "wywiady/<int:interview_id>/wypelnianie/",
        interviews.interview_fill,
        name="interview_fill",
    ),
    path(
        "wywiady/<int:interview_id>/zakonczenie/",
        interviews.interview_complete,
        name="interview_complete",
    ),
    path("wywiady/<int:interview_id>/podpis/", interviews.interview_sign, name="interview_sign"),
    path(
        "wywiady/<int:interview_id>/zamkniecie/",
        interviews.interview_close,
        name="interview_close",
    ),
    path(
        "wywiady/<int:interview_id>/korekta/",
        interviews.interview_correct,
        name="interview_correct",
    ),
    path(
        "wywiady/<int:interview_id>/odmowa/",
        interviews.interview_refusal,
        name="interview_refusal",
    ),
    path(
        "wywiady/<int:interview_id>/proba/",
        interviews.interview_attempt,
        name="interview_attempt",
    ),
    path(
        "wywiady/<int:interview_id>/niemozliwy/",
        interviews.interview_not_possible,
        name="interview_not_possible",
    ),
    path(
        "wywiady/<int:interview_id>/rejestr/<int:membership_id>/",
        interviews.interview_registry,
        name="interview_registry",
    ),
]
