"""Screens of the meetings app on a case (to be built)."""

app_name = "meetings"
urlpatterns: list = []
