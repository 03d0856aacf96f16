"""Organisation-level meetings (Phase 1 team meetings), under /meetings/, for coordinators."""

from django.urls import path

from asap.meetings.views import team

app_name = "team_meetings"
urlpatterns = [
    path("", team.TeamMeetingsView.as_view(), name="list"),
    path("schedule/", team.TeamScheduleView.as_view(), name="schedule"),
    path("<int:meeting_pk>/", team.TeamMeetingView.as_view(), name="detail"),
    path("<int:meeting_pk>/edit/", team.TeamEditView.as_view(), name="edit"),
    path("<int:meeting_pk>/invitation.ics", team.TeamIcsView.as_view(), name="ics"),
    path("<int:meeting_pk>/minutes/", team.TeamMinutesView.as_view(), name="minutes"),
    path("<int:meeting_pk>/minutes.pdf", team.TeamMinutesPdfView.as_view(), name="minutes_pdf"),
]
