"""The records of social work's addresses."""

from django.urls import URLPattern, path

from ostoja.casework.views import notes

urlpatterns: list[URLPattern] = [
    path("sprawy/<int:case_id>/notatki/nowa/", notes.note_add, name="note_add"),
    path("notatki/<int:note_id>/", notes.note_detail, name="note_detail"),
    path("notatki/<int:note_id>/zmiana/", notes.note_edit, name="note_edit"),
]
