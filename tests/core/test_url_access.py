"""Deny by default: every URL pattern declares who may use it."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import get_resolver, path

from asap.core.permissions import access_of, iter_patterns
from tests.conftest import force_login_past_mfa


def test_every_url_pattern_declares_its_access():
    patterns = list(iter_patterns(get_resolver().url_patterns))
    undeclared = [
        f"{p.pattern} ({p.name or p.callback.__qualname__})"
        for p in patterns
        if access_of(p.callback) is None
    ]
    assert len(patterns) > 40  # allauth, the admin and our own pages were all walked
    assert undeclared == []


def undeclared_view(request):
    return HttpResponse("secret")


urlpatterns = [path("undeclared/", undeclared_view)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.core.test_url_access")
def test_a_view_that_declares_nothing_is_refused_even_to_a_signed_in_user(client, administrator):
    force_login_past_mfa(client, administrator)
    response = client.get("/undeclared/")
    assert response.status_code == 403
    assert b"secret" not in response.content


@pytest.mark.django_db
def test_a_role_page_is_refused_to_other_roles(signed_in_client, vss_worker):
    response = signed_in_client(vss_worker).get("/audit/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/audit/"


@pytest.mark.django_db
def test_the_admin_is_only_for_platform_operators(
    signed_in_client, coordinator, administrator, pp_worker
):
    from asap.accounts import services

    assert signed_in_client(coordinator).get("/admin/").status_code == 403
    assert signed_in_client(administrator).get("/admin/").status_code == 403
    services.add_operator(email=pp_worker.email)
    assert signed_in_client(pp_worker).get("/admin/").status_code == 200
