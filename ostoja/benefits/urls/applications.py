"""The addresses of the benefits' applications."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
