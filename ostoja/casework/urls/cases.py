"""The case files' addresses."""

from django.urls import URLPattern, path

from ostoja.casework.views import cases

urlpatterns: list[URLPattern] = [
    path("", cases.case_list, name="case_list"),
    path("rodziny/<int:household_id>/nowa-sprawa/", cases.case_open, name="case_open"),
    path("sprawy/<int:case_id>/", cases.case_detail, name="case_detail"),
    path("sprawy/<int:case_id>/pracownicy/", cases.case_workers, name="case_workers"),
    path("sprawy/<int:case_id>/zamkniecie/", cases.case_close, name="case_close"),
    path("sprawy/<int:case_id>/wznowienie/", cases.case_reopen, name="case_reopen"),
    path("sprawy/<int:case_id>/zmiana-pracownika/", cases.case_assign, name="case_assign"),
    path("sprawy/<int:case_id>/powody/nowy/", cases.case_reason_add, name="case_reason_add"),
    path(
        "sprawy/<int:case_id>/powody/<int:reason_id>/zakonczenie/",
        cases.case_reason_end,
        name="case_reason_end",
    ),
    path(
        "sprawy/<int:case_id>/pomoc-stala/", cases.case_permanent_help, name="case_permanent_help"
    ),
]
