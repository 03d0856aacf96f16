"""Instruments for an organisation, under /instruments/."""

from django.urls import path

from asap.instruments.views import organisation

app_name = "organisation_instruments"
urlpatterns = [
    path("", organisation.DefinitionsView.as_view(), name="definitions"),
    path("definitions/<str:key>/", organisation.DefinitionView.as_view(), name="definition"),
    path(
        "organisation/",
        organisation.OrganisationQuestionnaireView.as_view(),
        name="questionnaire",
    ),
    path(
        "organisation/<int:administration_pk>/",
        organisation.OrganisationAnswerView.as_view(),
        name="answer",
    ),
]
