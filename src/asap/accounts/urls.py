from django.urls import path

from asap.accounts import views

app_name = "accounts"
urlpatterns = [
    path("members/", views.MembersView.as_view(), name="members"),
]
