"""Screens of the plans app on a case (to be built)."""

app_name = "plans"
urlpatterns: list = []
