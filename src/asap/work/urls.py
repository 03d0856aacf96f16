"""My work, under /work/: any signed-in person's own list (each view declares `signed_in`)."""

from django.urls import path

from asap.work import views

app_name = "work"
urlpatterns = [
    path("", views.WorkView.as_view(), name="list"),
    path("dismiss/", views.DismissView.as_view(), name="dismiss"),
    path("done/", views.DoneView.as_view(), name="done"),
    path("count/", views.CountView.as_view(), name="count"),
]
