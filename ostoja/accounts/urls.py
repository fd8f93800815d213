from django.urls import path

from ostoja.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logowanie/", views.login, name="login"),
    path("wylogowanie/", views.logout, name="logout"),
]
