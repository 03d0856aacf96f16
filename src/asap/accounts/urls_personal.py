from django.urls import path

from asap.accounts import views_personal

app_name = "personal"
urlpatterns = [
    path("activity/", views_personal.ActivityView.as_view(), name="activity"),
    path("sessions/", views_personal.SessionsView.as_view(), name="sessions"),
    path("settings/", views_personal.SettingsView.as_view(), name="settings"),
]
