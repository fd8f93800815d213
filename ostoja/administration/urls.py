from django.urls import path

from ostoja.administration import views

app_name = "administration"

urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("konta/nowe/", views.user_create, name="user_create"),
    path("konta/<int:user_id>/", views.user_detail, name="user_detail"),
    path("konta/<int:user_id>/edycja/", views.user_edit, name="user_edit"),
    path("konta/<int:user_id>/haslo/", views.user_password_reset, name="user_password_reset"),
    path(
        "konta/<int:user_id>/drugi-skladnik/",
        views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("konta/<int:user_id>/sesje/", views.user_sessions_end, name="user_sessions_end"),
    path("konta/<int:user_id>/aktywnosc/", views.user_set_active, name="user_set_active"),
    path("rejony/", views.area_list, name="area_list"),
    path("rejony/nowy/", views.area_create, name="area_create"),
    path("rejony/<int:area_id>/", views.area_detail, name="area_detail"),
    path("rejony/<int:area_id>/edycja/", views.area_edit, name="area_edit"),
    path("rejony/<int:area_id>/pracownicy/", views.area_workers, name="area_workers"),
]
