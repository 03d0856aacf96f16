"""The agreements of one case, under /cases/<pk>/agreements/."""

from django.urls import path  # noqa: F401

app_name = "case_agreements"
urlpatterns: list = []
