from django.urls import URLPattern, path

from ostoja.casework.views import documents

urlpatterns: list[URLPattern] = [
    path("kontrakty/<int:contract_id>/wydruk.pdf", documents.contract_pdf, name="contract_pdf"),
]
