"""The addresses of the benefits' settings."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
