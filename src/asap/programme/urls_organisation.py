"""The programme's settings of an organisation, under /programme/."""

from django.urls import path

from asap.programme import views

app_name = "programme_settings"
urlpatterns = [
    path("threshold/", views.ThresholdView.as_view(), name="threshold"),
]
