"""The training pages. Trainers manage their organisations' events; registration, a
participant's personal page and certificate verification are public (token or code)."""

from django.urls import path

from asap.training.views import events, participants, public, reports

app_name = "training"
urlpatterns = [
    path("", events.EventsView.as_view(), name="events"),
    path("new/", events.EventCreateView.as_view(), name="event_create"),
    path("curriculum/", events.CurriculumView.as_view(), name="curriculum"),
    path("reports/", reports.ReportView.as_view(), name="report"),
    path("reports/report.csv", reports.ReportCsvView.as_view(), name="report_csv"),
    path("<int:pk>/", events.EventView.as_view(), name="event"),
    path("<int:pk>/edit/", events.EventEditView.as_view(), name="event_edit"),
    path("<int:pk>/agenda/", events.AgendaView.as_view(), name="agenda"),
    path("<int:pk>/agenda.pdf", events.AgendaPdfView.as_view(), name="agenda_pdf"),
    path(
        "<int:pk>/modules/<slug:module>/adapt/",
        events.AdaptModuleView.as_view(),
        name="adapt_module",
    ),
    path(
        "<int:pk>/sessions/<int:session_pk>/edit/",
        events.SessionEditView.as_view(),
        name="session_edit",
    ),
    path(
        "<int:pk>/sessions/<int:session_pk>/session.ics",
        events.SessionIcsView.as_view(),
        name="session_ics",
    ),
    path(
        "<int:pk>/participants/new/",
        participants.ParticipantAddView.as_view(),
        name="participant_add",
    ),
    path(
        "<int:pk>/participants/import/",
        participants.ImportView.as_view(),
        name="participant_import",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/certificate.pdf",
        participants.CertificatePdfView.as_view(),
        name="certificate_pdf",
    ),
    path("<int:pk>/attendance/", participants.AttendanceView.as_view(), name="attendance"),
    path(
        "<int:pk>/certificates/",
        participants.IssueCertificatesView.as_view(),
        name="issue_certificates",
    ),
    path("<int:pk>/report/", reports.EventReportView.as_view(), name="event_report"),
    path("register/<str:token>/", public.RegisterView.as_view(), name="register"),
    path("me/<str:token>/", public.PersonalView.as_view(), name="personal"),
    path(
        "me/<str:token>/certificate.pdf",
        public.PersonalCertificateView.as_view(),
        name="personal_certificate",
    ),
    path(
        "me/<str:token>/satisfaction/",
        public.QuestionnaireView.as_view(),
        {"kind": "satisfaction"},
        name="satisfaction",
    ),
    path(
        "me/<str:token>/<str:kind>/<slug:module>/",
        public.QuestionnaireView.as_view(),
        name="questionnaire",
    ),
    path("verify/", public.VerifyView.as_view(), name="verify"),
    path("verify/<str:code>/", public.VerifyCodeView.as_view(), name="verify_code"),
]
