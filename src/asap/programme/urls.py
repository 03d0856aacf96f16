"""His programme on a case, under /cases/<pk>/programme/."""

from django.urls import path

from asap.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.ProgrammeView.as_view(), name="page"),
    path("status/", views.RecordStatusView.as_view(), name="record_status"),
    path("sessions/add/", views.AddSessionView.as_view(), name="add_session"),
    path("sessions/<int:session_pk>/edit/", views.EditSessionView.as_view(), name="edit_session"),
]
