"""The agreements of one case, under /cases/<pk>/agreements/."""

from django.urls import path

from asap.agreements.views import case as views

app_name = "case_agreements"
urlpatterns = [
    path("", views.AgreementsView.as_view(), name="list"),
    path("draft/", views.DraftView.as_view(), name="draft"),
    path("<int:agreement_pk>/", views.AgreementView.as_view(), name="detail"),
    path("<int:agreement_pk>/edit/", views.EditView.as_view(), name="edit"),
    path("<int:agreement_pk>/send/", views.SendView.as_view(), name="send"),
    path("<int:agreement_pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:agreement_pk>/sign/", views.SignView.as_view(), name="sign"),
    path("<int:agreement_pk>/supersede/", views.SupersedeView.as_view(), name="supersede"),
    path("<int:agreement_pk>/agreement.pdf", views.AgreementPdfView.as_view(), name="pdf"),
]
