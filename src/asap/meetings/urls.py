"""Meetings of a case, under /cases/<pk>/meetings/."""

from django.urls import path

from asap.meetings.views import case

app_name = "meetings"
urlpatterns = [
    path("", case.MeetingsView.as_view(), name="list"),
    path("schedule/", case.ScheduleView.as_view(), name="schedule"),
    path("<int:meeting_pk>/", case.MeetingView.as_view(), name="detail"),
    path("<int:meeting_pk>/edit/", case.EditView.as_view(), name="edit"),
    path("<int:meeting_pk>/invitation.ics", case.IcsView.as_view(), name="ics"),
    path("<int:meeting_pk>/minutes/", case.MinutesView.as_view(), name="minutes"),
    path("<int:meeting_pk>/minutes.pdf", case.MinutesPdfView.as_view(), name="minutes_pdf"),
]
