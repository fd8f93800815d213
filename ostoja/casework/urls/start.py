from django.urls import URLPattern, path

from ostoja.casework.views import start

urlpatterns: list[URLPattern] = [
    path("terminy/", start.deadlines, name="deadlines"),
    path("szybka-notatka/", start.quick_note, name="quick_note"),
]
