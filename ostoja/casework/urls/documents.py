from django.urls import URLPattern, path

from ostoja.casework.views import documents

urlpatterns: list[URLPattern] = [
    path("wywiady/<int:interview_id>/wydruk.pdf", documents.interview_pdf, name="interview_pdf"),
    path("kontrakty/<int:contract_id>/wydruk.pdf", documents.contract_pdf, name="contract_pdf"),
    path("kwestionariusz/", documents.questionnaires, name="questionnaires"),
    path(
        "kwestionariusz/<str:code>/<str:version>/<str:kind>.pdf",
        documents.questionnaire_pdf,
        name="questionnaire_pdf",
    ),
]
