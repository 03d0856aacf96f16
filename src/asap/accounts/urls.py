from django.urls import path

from asap.accounts import views, views_people

app_name = "accounts"
urlpatterns = [
    path("members/", views.MembersView.as_view(), name="members"),
    path("members/<int:pk>/", views_people.PersonView.as_view(), name="person"),
    path(
        "members/<int:pk>/deactivate/",
        views_people.DeactivateView.as_view(),
        name="deactivate",
    ),
    path("members/<int:pk>/recovery/", views_people.RecoveryView.as_view(), name="recovery"),
    path(
        "members/<int:pk>/activity/",
        views_people.PersonActivityView.as_view(),
        name="person_activity",
    ),
    path(
        "recovery/<int:pk>/",
        views_people.RecoveryDecisionView.as_view(),
        name="recovery_decision",
    ),
]
