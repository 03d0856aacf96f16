"""Screens of the episodes app on a case (to be built)."""

app_name = "episodes"
urlpatterns: list = []
