from django.urls import path

from asap.cases.views import agencies, cases, closure, imports, phase, records

app_name = "cases"
urlpatterns = [
    path("", cases.CaseListView.as_view(), name="list"),
    path("open/", cases.OpenCaseView.as_view(), name="open"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("import/template.csv", imports.TemplateCsvView.as_view(), name="import_template_csv"),
    path("import/template.xlsx", imports.TemplateXlsxView.as_view(), name="import_template_xlsx"),
    path("invitations/<int:agency_pk>/", agencies.AcceptView.as_view(), name="invitation"),
    path("invitations/<int:agency_pk>/decline/", agencies.DeclineView.as_view(), name="decline"),
    path("<int:pk>/", cases.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/timeline/", cases.TimelineView.as_view(), name="timeline"),
    path("<int:pk>/edit/", cases.EditCaseView.as_view(), name="edit"),
    path("<int:pk>/phase/", phase.MovePhaseView.as_view(), name="move_phase"),
    path("<int:pk>/invite/", agencies.InviteView.as_view(), name="invite"),
    path("<int:pk>/members/add/", agencies.AddMemberView.as_view(), name="add_member"),
    path("<int:pk>/members/put-back/", agencies.PutBackView.as_view(), name="put_back"),
    path("<int:pk>/leave/", agencies.LeaveView.as_view(), name="leave"),
    path("<int:pk>/close/", closure.CloseView.as_view(), name="close"),
    path("<int:pk>/reopen/", closure.ReopenView.as_view(), name="reopen"),
    path("<int:pk>/lead/", closure.LeadView.as_view(), name="lead"),
    path("<int:pk>/transfer/", closure.TransferView.as_view(), name="transfer"),
    path("<int:pk>/children/add/", records.AddChildView.as_view(), name="add_child"),
    path(
        "<int:pk>/persons/<int:person_pk>/edit/",
        records.EditPersonView.as_view(),
        name="edit_person",
    ),
    path(
        "<int:pk>/children/<int:person_pk>/preparation/",
        records.ChildPreparationView.as_view(),
        name="child_preparation",
    ),
    path("<int:pk>/protected/add/", records.AddProtectedDetailView.as_view(), name="add_protected"),
    path(
        "<int:pk>/protected/<int:detail_pk>/edit/",
        records.EditProtectedDetailView.as_view(),
        name="edit_protected",
    ),
    path("<int:pk>/notes/add/", records.AddNoteView.as_view(), name="add_note"),
    path("<int:pk>/notes/<int:entry_pk>/edit/", records.EditNoteView.as_view(), name="edit_note"),
    path("<int:pk>/notes/<int:entry_pk>/share/", records.ShareView.as_view(), name="share"),
    path(
        "<int:pk>/shares/<int:share_pk>/withdraw/",
        records.WithdrawShareView.as_view(),
        name="withdraw_share",
    ),
    path("<int:pk>/consent/", records.ConsentView.as_view(), name="consent"),
    path(
        "<int:pk>/consent/<int:consent_pk>/withdraw/",
        records.WithdrawConsentView.as_view(),
        name="withdraw_consent",
    ),
    path("<int:pk>/waiver/", records.WaiverView.as_view(), name="waiver"),
    path(
        "<int:pk>/waiver/<int:consent_pk>/withdraw/",
        records.WithdrawWaiverView.as_view(),
        name="withdraw_waiver",
    ),
]
