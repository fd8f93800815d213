"""The addresses of the benefits' reindex."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
