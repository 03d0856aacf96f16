"""Included by asap.urls only while ASAP_DEMO is on."""

from django.urls import path

from asap.demo import views

app_name = "demo"
urlpatterns = [
    path("outbox/", views.outbox_list, name="outbox"),
    path("outbox/<str:name>/", views.outbox_detail, name="outbox_message"),
]
