"""Police and court on a case, under /cases/<pk>/justice/."""

from django.urls import path

from asap.justice.views import records, reports

order, add_order, edit_order = records.screens_for("order")
proceeding, add_proceeding, edit_proceeding = records.screens_for("proceeding")
condition, add_condition, edit_condition = records.screens_for("condition")

app_name = "justice"
urlpatterns = [
    path("", records.JusticeView.as_view(), name="list"),
    path("orders/add/", add_order, name="add_order"),
    path("orders/<int:record_pk>/", order, name="order"),
    path("orders/<int:record_pk>/edit/", edit_order, name="edit_order"),
    path("proceedings/add/", add_proceeding, name="add_proceeding"),
    path("proceedings/<int:record_pk>/", proceeding, name="proceeding"),
    path("proceedings/<int:record_pk>/edit/", edit_proceeding, name="edit_proceeding"),
    path("conditions/add/", add_condition, name="add_condition"),
    path("conditions/<int:record_pk>/", condition, name="condition"),
    path("conditions/<int:record_pk>/edit/", edit_condition, name="edit_condition"),
    path("reports/", reports.ReportsView.as_view(), name="reports"),
    path("reports/add/", reports.AddReportView.as_view(), name="add_report"),
    path("reports/<int:report_pk>/", reports.ReportView.as_view(), name="report"),
    path("reports/<int:report_pk>/edit/", reports.EditReportView.as_view(), name="edit_report"),
    path("reports/<int:report_pk>/pdf/", reports.ReportPdfView.as_view(), name="report_pdf"),
]
