"""The evaluation pages: dashboards, networks and the stakeholder map (coordinators only)."""

from django.urls import path

from asap.evaluation.views import dashboards, networks, reports, stakeholders

app_name = "evaluation"
urlpatterns = [
    path("", dashboards.DashboardView.as_view(), name="dashboard"),
    path("figures.csv", dashboards.DashboardCsvView.as_view(), name="dashboard_csv"),
    path("figures.xlsx", dashboards.DashboardXlsxView.as_view(), name="dashboard_xlsx"),
    path("report.xlsx", reports.ReportXlsxView.as_view(), name="report_xlsx"),
    path("report.pdf", reports.ReportPdfView.as_view(), name="report_pdf"),
    path("networks/", networks.NetworksView.as_view(), name="networks"),
    path("networks/new/", networks.NetworkCreateView.as_view(), name="network_create"),
    path("networks/<int:pk>/", dashboards.NetworkView.as_view(), name="network"),
    path("networks/<int:pk>/figures.csv", dashboards.NetworkCsvView.as_view(), name="network_csv"),
    path(
        "networks/<int:pk>/figures.xlsx",
        dashboards.NetworkXlsxView.as_view(),
        name="network_xlsx",
    ),
    path(
        "networks/<int:pk>/members/", networks.NetworkMembersView.as_view(), name="network_members"
    ),
    path("networks/<int:pk>/pool/", networks.OptInView.as_view(), name="network_opt_in"),
    path("stakeholders/", stakeholders.StakeholdersView.as_view(), name="stakeholders"),
    path("stakeholders/add/", stakeholders.StakeholderAddView.as_view(), name="stakeholder_add"),
    path(
        "stakeholders/<int:pk>/edit/",
        stakeholders.StakeholderEditView.as_view(),
        name="stakeholder_edit",
    ),
    path(
        "stakeholders/<int:pk>/delete/",
        stakeholders.StakeholderDeleteView.as_view(),
        name="stakeholder_delete",
    ),
]
