"""The dataprotection pages."""

from django.urls import path  # noqa: F401

app_name = "dataprotection"
urlpatterns: list = []
