"""Organisation-level meetings (Phase 1 team meetings), under /meetings/ (to be built)."""

app_name = "team_meetings"
urlpatterns: list = []
