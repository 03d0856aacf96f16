from django.urls import path

from asap.core import views

app_name = "audit"
urlpatterns = [
    path("", views.AuditTrailView.as_view(), name="list"),
    path("export/", views.AuditExportView.as_view(), name="export"),
]
