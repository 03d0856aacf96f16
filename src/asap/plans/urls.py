"""The plans of a case, under /cases/<pk>/plan/."""

from django.urls import path

from asap.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanView.as_view(), name="list"),
    path("add/", views.AddActionView.as_view(), name="add"),
    path("<int:item_pk>/", views.EditActionView.as_view(), name="edit"),
    path("pdf/", views.PlanPdfView.as_view(), name="pdf"),
    path("kept/", views.SnapshotsView.as_view(), name="snapshots"),
    path("kept/<int:snapshot_pk>/", views.SnapshotView.as_view(), name="snapshot"),
    path("safety/", views.SafetyPlanView.as_view(), name="safety"),
    path("safety/edit/", views.EditSafetyPlanView.as_view(), name="safety_edit"),
]
