"""The data-protection officer's pages, under /data-protection/."""

from django.urls import path

from asap.dataprotection import views

app_name = "dataprotection"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("retention/", views.RetentionView.as_view(), name="retention"),
    path("retention/<int:pk>/apply/", views.ApplyReportView.as_view(), name="apply"),
    path("find/", views.FindView.as_view(), name="find"),
    path("erasure/", views.ErasureView.as_view(), name="erasure"),
    path("erasure/decide/", views.DecideView.as_view(), name="decide"),
    path("decisions/<int:pk>/", views.DecisionView.as_view(), name="decision"),
    path("decisions/<int:pk>/letter.pdf", views.LetterView.as_view(), name="letter"),
    path("subject-access/", views.SubjectAccessView.as_view(), name="subject_access"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("register/new/", views.ActivityEditView.as_view(), name="activity_new"),
    path("register/<int:pk>/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("breaches/", views.BreachListView.as_view(), name="breaches"),
    path("breaches/new/", views.BreachEditView.as_view(), name="breach_new"),
    path("breaches/<int:pk>/", views.BreachEditView.as_view(), name="breach_edit"),
]
