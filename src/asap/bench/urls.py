from django.urls import path

from asap.bench import views

app_name = "bench"
urlpatterns = [
    path("floor/", views.floor, name="floor"),
]
