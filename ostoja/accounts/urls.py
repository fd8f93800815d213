from django.urls import path

from ostoja.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logowanie/", views.login, name="login"),
    path("logowanie/kod/", views.second_factor, name="second_factor"),
    path("logowanie/aplikacja/", views.enrol, name="enrol"),
    path("logowanie/kody-odzyskiwania/", views.recovery_codes, name="recovery_codes"),
    path("haslo/", views.password_change, name="password_change"),
    path("wylogowanie/", views.logout, name="logout"),
]
