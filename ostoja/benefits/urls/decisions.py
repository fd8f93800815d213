"""The addresses of the benefits' assessments and decisions."""

from django.urls import URLPattern, path

from ostoja.benefits.views import decisions_assessments as assessments
from ostoja.benefits.views import decisions_detail as detail
from ostoja.benefits.views import decisions_editor as editor
from ostoja.benefits.views import decisions_lists as lists

urlpatterns: list[URLPattern] = [
    path(
        "wnioski/<int:application_id>/ocena/<str:benefit>/",
        assessments.assessment_make,
        name="assessment_make",
    ),
    path("oceny/<int:assessment_id>/", assessments.assessment_detail, name="assessment_detail"),
    path("decyzje/", lists.decision_register, name="decision_register"),
    path("decyzje/do-podpisu/", lists.for_signature, name="decision_for_signature"),
    path("decyzje/oczekujace/", lists.decisions_waiting, name="decisions_waiting"),
    path("odwolania/", lists.appeals, name="appeals"),
    path("decyzje/nowa/", editor.decision_new, name="decision_new"),
    path("decyzje/<int:decision_id>/", detail.decision_detail, name="decision_detail"),
    path("decyzje/<int:decision_id>/edycja/", editor.decision_edit, name="decision_edit"),
    path("decyzje/<int:decision_id>/zmiana/", editor.decision_change, name="decision_change"),
    path("decyzje/<int:decision_id>/wyslanie/", detail.decision_submit, name="decision_submit"),
    path("decyzje/<int:decision_id>/podpis/", detail.decision_sign, name="decision_sign"),
    path("decyzje/<int:decision_id>/zwrot/", detail.decision_return, name="decision_return"),
    path("decyzje/<int:decision_id>/odrzucenie/", detail.decision_discard, name="decision_discard"),
    path(
        "decyzje/<int:decision_id>/doreczenie/",
        detail.decision_delivery,
        name="decision_delivery",
    ),
    path("decyzje/<int:decision_id>/zrzeczenie/", detail.decision_waiver, name="decision_waiver"),
    path("decyzje/<int:decision_id>/odwolanie/", detail.appeal_record, name="appeal_record"),
    path(
        "decyzje/<int:decision_id>/odwolanie/przekazanie/",
        detail.appeal_send,
        name="appeal_send",
    ),
    path(
        "decyzje/<int:decision_id>/odwolanie/rozstrzygniecie/",
        detail.appeal_outcome,
        name="appeal_outcome",
    ),
    path("decyzje/<int:decision_id>/pdf/", detail.decision_pdf, name="decision_pdf"),
    path("decyzje/<int:decision_id>/docx/", detail.decision_docx, name="decision_docx"),
]
