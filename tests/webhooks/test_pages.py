"""The webhook pages: the organisation's administrators only; the secret shown once; every
register and deactivate audited by field names; input kept on a refused form."""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asap.accounts.enums import Role
from asap.core.models import AuditEvent
from asap.webhooks.enums import EventKind
from asap.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import OrganisationFactory, persona
from tests.webhooks.conftest import register

pytestmark = pytest.mark.django_db

LIST = "/organisation/webhooks/"
LOG = "/organisation/webhooks/deliveries/"
PUBLIC = "https://93.184.215.14/hooks/asap"


def a_delivery(endpoint, code="JC-PAGE-0001") -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=EventKind.DROPPED_OUT,
        case_code=code,
        event_id=uuid.uuid4(),
        occurred_at=timezone.now(),
    )


@pytest.mark.parametrize("who", ["vss_worker", "dpo", "coordinator"])
def test_other_roles_are_refused_every_webhook_page(request, who, vss, signed_in_client):
    endpoint, _secret = register(vss, PUBLIC)
    client = signed_in_client(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 403
    assert client.get(LOG).status_code == 403
    assert (
        client.post(LIST, {"name": "X", "url": PUBLIC, "events": ["risk_rose"]}).status_code == 403
    )
    assert client.post(f"{LIST}{endpoint.pk}/deactivate/").status_code == 403
    assert WebhookEndpoint.objects.filter(is_active=True).count() == 1


def test_someone_signed_out_is_sent_to_sign_in(vss):
    endpoint, _secret = register(vss, PUBLIC)
    for response in [Client().get(LIST), Client().post(f"{LIST}{endpoint.pk}/deactivate/")]:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_an_administrator_registers_an_endpoint_and_sees_its_secret_once(
    administrator, vss, signed_in_client
):
    client = signed_in_client(administrator)
    assert client.get(LIST).status_code == 200
    response = client.post(
        LIST,
        {"name": "Police referral system", "url": PUBLIC, "events": ["risk_rose", "dropped_out"]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.organisation, endpoint.name, endpoint.url, endpoint.events) == (
        vss,
        "Police referral system",
        PUBLIC,
        ["dropped_out", "risk_rose"],
    )
    assert endpoint.created_by == administrator
    assert endpoint.secret in response.content.decode()
    page = client.get(LIST).content.decode()
    assert "Police referral system" in page
    assert endpoint.secret not in page
    row = AuditEvent.objects.get(action="webhook.register")
    assert (row.object_id, row.organisation_id, row.fields) == (
        str(endpoint.pk),
        vss.pk,
        ["events", "name", "secret", "url"],
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://93.184.215.14/hooks", "The address must begin with https://."),
        ("https://127.0.0.1:8000/hooks", "points into a private, local or reserved network"),
        ("https://169.254.169.254/latest", "points into a private, local or reserved network"),
    ],
)
def test_a_refused_address_is_said_and_the_input_kept(
    administrator, signed_in_client, url, message
):
    client = signed_in_client(administrator)
    response = client.post(
        LIST, {"name": "Kept name 7d1a", "url": url, "events": ["episode_recorded"]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'value="Kept name 7d1a"' in body
    assert f'value="{url}"' in body
    assert 'value="episode_recorded" id="id_events_1" checked' in body
    assert WebhookEndpoint.objects.count() == 0


def test_an_endpoint_needs_at_least_one_event(administrator, signed_in_client):
    client = signed_in_client(administrator)
    response = client.post(LIST, {"name": "No events", "url": PUBLIC})
    assert response.status_code == 400
    assert WebhookEndpoint.objects.count() == 0


def test_an_administrator_deactivates_their_organisations_endpoint_only(
    administrator, vss, signed_in_client
):
    own, _secret = register(vss, PUBLIC)
    elsewhere = OrganisationFactory(name="Another agency (webhooks)")
    theirs, _secret = register(elsewhere, PUBLIC)
    persona(Role.ADMINISTRATOR, elsewhere)
    client = signed_in_client(administrator)
    assert client.post(f"{LIST}{theirs.pk}/deactivate/").status_code == 404
    response = client.post(f"{LIST}{own.pk}/deactivate/")
    assert response.status_code == 302
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert (own.is_active, theirs.is_active) == (False, True)
    assert own.revoked_at is not None
    row = AuditEvent.objects.get(action="webhook.deactivate")
    assert (row.object_id, row.fields) == (str(own.pk), ["is_active", "revoked_at"])
    assert client.post(f"{LIST}{own.pk}/deactivate/").status_code == 404  # once


def test_the_deliveries_log_is_paginated_and_shows_the_organisations_own(
    administrator, vss, signed_in_client
):
    own, _secret = register(vss, PUBLIC)
    theirs, _secret = register(OrganisationFactory(), PUBLIC)
    a_delivery(theirs, code="JC-THEI-RS00")
    for n in range(51):
        a_delivery(own, code=f"JC-OWN{n:02d}-XXXX"[:16])
    client = signed_in_client(administrator)
    first = client.get(LOG).content.decode()
    second = client.get(LOG + "?page=2").content.decode()
    assert first.count("<tr>") - 1 == 50  # the header row
    assert second.count("<tr>") - 1 == 1
    assert "JC-THEI-RS00" not in first + second
    assert "Page 1 of 2" in first


def test_the_endpoints_page_costs_the_same_queries_for_one_or_three_endpoints(
    administrator, vss, signed_in_client
):
    client = signed_in_client(administrator)
    counts = []
    for total in (1, 3):
        while WebhookEndpoint.objects.count() < total:
            endpoint, _secret = register(vss, PUBLIC)
            for _ in range(5):
                a_delivery(endpoint)
        client.get(LIST)  # the session's writes of the minute are not the page's
        with CaptureQueriesContext(connection) as captured:
            page = client.get(LIST)
        assert page.content.decode().count("JC-PAGE-0001") == 3 * total  # three each
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_home_page_leads_administrators_to_their_webhooks(
    administrator, vss_worker, signed_in_client
):
    link = f'href="{LIST}"'
    assert link in signed_in_client(administrator).get("/").content.decode()
    assert link not in signed_in_client(vss_worker).get("/").content.decode()


def test_the_deliveries_log_costs_the_same_queries_for_one_or_three_deliveries(
    administrator, vss, signed_in_client
):
    client = signed_in_client(administrator)
    counts = []
    for total in (1, 3):
        while WebhookDelivery.objects.count() < total:
            endpoint, _secret = register(vss, PUBLIC)
            a_delivery(endpoint)
        client.get(LOG)  # the session's writes of the minute are not the page's
        with CaptureQueriesContext(connection) as captured:
            page = client.get(LOG)
        assert page.content.decode().count("JC-PAGE-0001") == total
        counts.append(len(captured))
    assert counts[0] == counts[1]
