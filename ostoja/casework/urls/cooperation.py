"""The duty to cooperate's addresses."""

from django.urls import URLPattern, path

from ostoja.casework.views import cooperation

urlpatterns: list[URLPattern] = [
    path(
        "sprawy/<int:case_id>/wspoldzialanie/",
        cooperation.cooperation_list,
        name="cooperation_list",
    ),
    path(
        "sprawy/<int:case_id>/wspoldzialanie/nowe/",
        cooperation.cooperation_add,
        name="cooperation_add",
    ),
]
