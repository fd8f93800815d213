"""The social contracts' addresses."""

from django.urls import URLPattern, path

from ostoja.casework.views import contracts

urlpatterns: list[URLPattern] = [
    path("sprawy/<int:case_id>/kontrakty/nowy/", contracts.contract_add, name="contract_add"),
    path("kontrakty/<int:contract_id>/", contracts.contract_detail, name="contract_detail"),
    path("kontrakty/<int:contract_id>/zmiana/", contracts.contract_edit, name="contract_edit"),
    path("kontrakty/<int:contract_id>/podpisanie/", contracts.contract_sign, name="contract_sign"),
    path("kontrakty/<int:contract_id>/ocena/", contracts.contract_review, name="contract_review"),
    path("kontrakty/<int:contract_id>/zakonczenie/", contracts.contract_end, name="contract_end"),
    path(
        "kontrakty/<int:contract_id>/korekta/", contracts.contract_correct, name="contract_correct"
    ),
]
