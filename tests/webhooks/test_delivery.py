"""One delivery to a real receiver on 127.0.0.1: signed, retried with back-off after a
failure, never following a redirect, never keeping what the receiver answered."""

import datetime
import json
import socket
import uuid

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from asap.webhooks import delivery as sending
from asap.webhooks import services
from asap.webhooks.enums import DeliveryStatus, EventKind
from asap.webhooks.models import WebhookDelivery
from asap.webhooks.tasks import deliver
from tests.factories import OrganisationFactory
from tests.webhooks.conftest import RECEIVER_BODY, register, verify

pytestmark = pytest.mark.django_db


def a_delivery(url: str, **endpoint) -> tuple[WebhookDelivery, str]:
    endpoint, secret = register(OrganisationFactory(), url, **endpoint)
    made = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=EventKind.RISK_ROSE,
        case_code="JC-TEST-7K2M",
        event_id=uuid.uuid4(),
        occurred_at=timezone.now(),
    )
    return made, secret


def queued_attempts(made: WebhookDelivery) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path=deliver.module_path, args_kwargs__args__0=made.pk)
    )


def test_a_delivery_reaches_the_receiver_signed_with_the_endpoints_secret(receiver):
    made, secret = a_delivery(receiver.url)
    assert deliver.call(made.pk, 1) == DeliveryStatus.DELIVERED
    [got] = receiver.received
    assert got.path == "/hooks/asap"
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["X-ASAP-Event"] == "risk_rose"
    assert got.headers["X-ASAP-Delivery"] == str(made.delivery_id)
    assert verify(secret, got)
    assert not verify("whsec_another-secret", got)
    tampered = type(got)(got.path, got.headers, got.body.replace(b"JC-TEST", b"JC-FAKE"))
    assert not verify(secret, tampered)
    assert got.payload() == {
        "event": "risk_rose",
        "case": "JC-TEST-7K2M",
        "id": str(made.event_id),
        "occurred_at": made.occurred_at.astimezone(datetime.UTC).isoformat(),
    }
    made.refresh_from_db()
    assert (made.status, made.attempts, made.last_status_code, made.last_error) == (
        DeliveryStatus.DELIVERED,
        1,
        204,
        "",
    )
    assert made.delivered_at is not None
    assert queued_attempts(made) == []  # nothing more to do


def test_a_500_is_retried_after_a_minute_and_the_retry_delivers_the_same_body(receiver):
    receiver.statuses = [500]
    made, secret = a_delivery(receiver.url)
    before = timezone.now()
    assert deliver.call(made.pk, 1) == DeliveryStatus.PENDING
    made.refresh_from_db()
    assert (made.status, made.attempts, made.last_status_code, made.last_error) == (
        DeliveryStatus.PENDING,
        1,
        500,
        "HTTP 500",
    )
    assert made.next_attempt_at >= before + sending.BACKOFF[0]
    [queued] = queued_attempts(made)
    assert queued.args_kwargs["args"] == [made.pk, 2]
    assert queued.run_after == made.next_attempt_at
    # The worker runs it when it is due: here, at once.
    assert deliver.call(made.pk, 2) == DeliveryStatus.DELIVERED
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["X-ASAP-Delivery"] == second.headers["X-ASAP-Delivery"]
    assert verify(secret, second)
    made.refresh_from_db()
    assert (made.status, made.attempts, made.last_status_code, made.next_attempt_at) == (
        DeliveryStatus.DELIVERED,
        2,
        204,
        None,
    )
    # The same attempt run twice (a task queued twice) sends nothing more.
    assert deliver.call(made.pk, 2) == ""
    assert len(receiver.received) == 2


def test_a_delivery_fails_after_the_last_attempt_with_growing_waits(receiver):
    receiver.statuses = [503] * sending.MAX_ATTEMPTS
    made, _secret = a_delivery(receiver.url)
    started = []
    for number in range(1, sending.MAX_ATTEMPTS + 1):
        started.append(timezone.now())
        status = deliver.call(made.pk, number)
    assert status == DeliveryStatus.FAILED
    made.refresh_from_db()
    assert (made.status, made.attempts, made.last_status_code, made.next_attempt_at) == (
        DeliveryStatus.FAILED,
        sending.MAX_ATTEMPTS,
        503,
        None,
    )
    assert len(receiver.received) == sending.MAX_ATTEMPTS == 6
    queued = sorted(queued_attempts(made), key=lambda r: r.args_kwargs["args"][1])
    assert [r.args_kwargs["args"][1] for r in queued] == [2, 3, 4, 5, 6]
    # Each retry waits its back-off (1 min, 5 min, 30 min, 2 h, 6 h) after its failure.
    for retry, began, wait in zip(queued, started[:-1], sending.BACKOFF, strict=True):
        assert retry.run_after >= began + wait
    assert tuple(datetime.timedelta(minutes=m) for m in (1, 5, 30, 120, 360)) == sending.BACKOFF


def test_a_redirect_is_not_followed(receiver):
    receiver.statuses = [302]
    made, _secret = a_delivery(receiver.url)
    deliver.call(made.pk, 1)
    assert [r.path for r in receiver.received] == ["/hooks/asap"]
    made.refresh_from_db()
    assert (made.status, made.last_status_code) == (DeliveryStatus.PENDING, 302)


def test_what_the_receiver_answers_is_never_kept(receiver):
    receiver.statuses = [500]
    made, _secret = a_delivery(receiver.url)
    deliver.call(made.pk, 1)
    row = WebhookDelivery.objects.filter(pk=made.pk).values().get()
    assert RECEIVER_BODY not in json.dumps(row, default=str)


def test_an_unreachable_receiver_is_logged_as_an_error_and_retried(loopback):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    made, _secret = a_delivery(f"http://127.0.0.1:{port}/hook")
    assert deliver.call(made.pk, 1) == DeliveryStatus.PENDING
    made.refresh_from_db()
    assert made.last_status_code is None
    assert made.last_error.startswith("ConnectionRefusedError")
    assert len(queued_attempts(made)) == 1


def test_the_address_is_checked_again_before_every_attempt(receiver, settings):
    made, _secret = a_delivery(receiver.url)
    settings.ASAP_WEBHOOKS_ALLOW_LOOPBACK = False
    deliver.call(made.pk, 1)
    assert receiver.received == []
    made.refresh_from_db()
    assert made.last_error == "address refused (scheme)"


def test_a_deactivated_endpoints_deliveries_fail_and_are_not_sent(receiver):
    made, _secret = a_delivery(receiver.url)
    services.deactivate_endpoint(actor=None, endpoint=made.endpoint)
    made.refresh_from_db()
    assert (made.status, made.last_error) == (DeliveryStatus.FAILED, sending.DEACTIVATED)
    assert deliver.call(made.pk, 1) == ""
    assert receiver.received == []


def test_the_secret_is_encrypted_at_rest(receiver):
    made, secret = a_delivery(receiver.url)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM webhooks_webhookendpoint WHERE id = %s", [made.endpoint_id]
        )
        [stored] = cursor.fetchone()
    assert secret.startswith("whsec_")
    assert len(secret) > 40
    assert secret not in stored
    assert made.endpoint.secret == secret
