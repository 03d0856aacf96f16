"""The administrators' pages for the organisation's API tokens (`/organisation/api-tokens/`)."""

from django.urls import path

from asap.api import views_tokens

app_name = "api_tokens"
urlpatterns = [
    path("", views_tokens.TokensView.as_view(), name="list"),
    path("<int:pk>/revoke/", views_tokens.RevokeTokenView.as_view(), name="revoke"),
]
