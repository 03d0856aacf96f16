"""The platform's URLs with the demo's outbox routed, as asap.urls routes them when ASAP_DEMO
is on (its module is imported once, with the test settings, where ASAP_DEMO is off)."""

from django.urls import include, path

from asap.urls import urlpatterns as platform

urlpatterns = [*platform, path("demo/", include("asap.demo.urls"))]
