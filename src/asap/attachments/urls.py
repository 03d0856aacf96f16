"""Attachments on a case, under /cases/<pk>/attachments/."""

from django.urls import path

from asap.attachments import views

app_name = "attachments"
urlpatterns = [
    path("", views.AttachmentListView.as_view(), name="list"),
    path("add/", views.AttachView.as_view(), name="add"),
    path("add/to/<int:entry_pk>/", views.AttachView.as_view(), name="add_to"),
    path("<int:attachment_pk>/download/", views.DownloadView.as_view(), name="download"),
    path("<int:attachment_pk>/remove/", views.RemoveView.as_view(), name="remove"),
]
