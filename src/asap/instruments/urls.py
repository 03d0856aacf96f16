"""Instruments on a case, under /cases/<pk>/assessments/."""

from django.urls import path

from asap.instruments.views import assessments, case, steps

app_name = "instruments"
urlpatterns = [
    path("", assessments.AssessmentsView.as_view(), name="list"),
    path("start/", assessments.StartView.as_view(), name="start"),
    path("<int:administration_pk>/", case.AnswerView.as_view(), name="answer"),
    path("<int:administration_pk>/result/", case.CompleteView.as_view(), name="complete"),
    path("<int:administration_pk>/confirm/", case.ConfirmView.as_view(), name="confirm"),
    path("<int:administration_pk>/withdraw/", steps.WithdrawView.as_view(), name="withdraw"),
]
