from django.urls import path

from asap.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.EndpointsView.as_view(), name="endpoints"),
    path("<int:pk>/deactivate/", views.DeactivateView.as_view(), name="deactivate"),
    path("deliveries/", views.DeliveriesView.as_view(), name="deliveries"),
]
