"""Episodes and remote sessions on a case, under /cases/<pk>/episodes/."""

from django.urls import path

from asap.episodes.views import episodes, sessions

app_name = "episodes"
urlpatterns = [
    path("", episodes.EpisodeListView.as_view(), name="list"),
    path("add/", episodes.AddEpisodeView.as_view(), name="add"),
    path("<int:episode_pk>/", episodes.EpisodeDetailView.as_view(), name="detail"),
    path("<int:episode_pk>/edit/", episodes.EditEpisodeView.as_view(), name="edit"),
    path("remote/", sessions.SessionListView.as_view(), name="sessions"),
    path("remote/add/", sessions.AddSessionView.as_view(), name="add_session"),
    path("remote/<int:session_pk>/", sessions.SessionDetailView.as_view(), name="session"),
]
