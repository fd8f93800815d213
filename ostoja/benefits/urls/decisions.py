"""The addresses of the benefits' decisions."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
