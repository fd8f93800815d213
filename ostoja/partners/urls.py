from django.urls import URLPattern, path

from ostoja.partners import views

app_name = "partners"

urlpatterns: list[URLPattern] = [
    path("instytucje/", views.institution_list, name="institution_list"),
    path("instytucje/nowa/", views.institution_create, name="institution_create"),
    path("instytucje/<int:institution_id>/", views.institution_detail, name="institution_detail"),
    path(
        "instytucje/<int:institution_id>/zmiana/", views.institution_edit, name="institution_edit"
    ),
    path(
        "instytucje/<int:institution_id>/aktywna/",
        views.institution_set_active,
        name="institution_set_active",
    ),
]
