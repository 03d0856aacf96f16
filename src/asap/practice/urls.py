"""The practice pages, under /practice/: fictional cases only, never real case data."""

from django.urls import path

from asap.practice.views import attempts, review

app_name = "practice"
urlpatterns = [
    path("", attempts.PracticeListView.as_view(), name="list"),
    path("cases/<slug:key>/", attempts.CaseView.as_view(), name="case"),
    path("cases/<slug:key>/start/", attempts.StartView.as_view(), name="start"),
    path("cases/<slug:key>/key/", review.ReferenceView.as_view(), name="reference"),
    path("attempts/<int:pk>/", attempts.AttemptDetailView.as_view(), name="attempt"),
    path("attempts/<int:pk>/checklist/", attempts.ChecklistView.as_view(), name="checklist"),
    path("attempts/<int:pk>/actions/", attempts.ActionsView.as_view(), name="actions"),
    path("attempts/<int:pk>/actions/add/", attempts.AddActionView.as_view(), name="action_add"),
    path(
        "attempts/<int:pk>/actions/<int:item_pk>/",
        attempts.EditActionView.as_view(),
        name="action_edit",
    ),
    path("attempts/<int:pk>/safety/", attempts.SafetyPlanView.as_view(), name="safety"),
    path("attempts/<int:pk>/submit/", attempts.SubmitView.as_view(), name="submit"),
    path("review/", review.ReviewListView.as_view(), name="review"),
    path("review/<int:pk>/", review.CompareView.as_view(), name="compare"),
]
