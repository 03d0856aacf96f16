"""Sending one delivery: the signed body, one attempt over HTTP(S), and what follows it.

The body holds exactly the event, the case code, the event id and when it happened: no name,
no level, no note. `X-ASAP-Signature` is `sha256=` and the hex HMAC-SHA256, under the
endpoint's secret, of `<X-ASAP-Timestamp>.<body>`. An attempt connects to the address the
URL check approved (`validators.check_url`), waits 10 seconds at most, never follows a
redirect and never reads the response's body: only its status code is kept. A failed attempt
is tried again after `BACKOFF[n]`; after the last, the delivery has failed.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from asap.webhooks.enums import DeliveryStatus
from asap.webhooks.models import WebhookDelivery
from asap.webhooks.validators import Target, check_url

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds, for the connection and for each read of the answer
# The waits before the 2nd, 3rd, ... attempt; the attempt after the last wait is the last.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
USER_AGENT = "ASAP-Platform-Webhooks/1"
DEACTIVATED = "endpoint deactivated"


def body_of(delivery: WebhookDelivery) -> bytes:
    """The JSON body of `delivery`: the same bytes at every attempt."""
    payload = {
        "event": delivery.event,
        "case": delivery.case_code,
        "id": str(delivery.event_id),
        "occurred_at": delivery.occurred_at.astimezone(datetime.UTC).isoformat(),
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The value of `X-ASAP-Signature` for `body` sent at `timestamp`."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers_for(delivery: WebhookDelivery, body: bytes, timestamp: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-ASAP-Event": delivery.event,
        "X-ASAP-Delivery": str(delivery.delivery_id),
        "X-ASAP-Timestamp": timestamp,
        "X-ASAP-Signature": sign(delivery.endpoint.secret, timestamp, body),
    }


def post(target: Target, headers: dict[str, str], body: bytes) -> int:
    """POST `body` to `target` and return the answer's status code. Raises OSError or
    http.client.HTTPException when no answer came."""
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=TIMEOUT)

    # Connect to the checked address (not to a second lookup of the name, which could now
    # answer a private one); TLS still checks the certificate against the host name.
    def connect(address: Any, timeout: Any = TIMEOUT, source_address: Any = None) -> socket.socket:
        return socket.create_connection((target.address, address[1]), timeout, source_address)

    connection._create_connection = connect  # type: ignore[attr-defined]
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def _short(error: BaseException) -> str:
    """What went wrong, briefly and technically (it is shown as it is, not translated);
    never an answer's body (none is read)."""
    if isinstance(error, ValidationError):
        return f"address refused ({error.code})"
    text = str(error) or error.__class__.__name__
    return f"{error.__class__.__name__}: {text}"[:200]


def attempt(delivery_pk: int, number: int) -> WebhookDelivery | None:
    """Make attempt `number` of a delivery still pending after `number - 1` attempts;
    None if it is not (another worker made it, or it was delivered or failed).

    Side effect: the delivery row (attempts, last status code or error, status, and when
    this one failed and another is due, `next_attempt_at`, which the task queues).
    """
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_pk, status=DeliveryStatus.PENDING, attempts=number - 1
    ).update(attempts=number, next_attempt_at=None)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_pk)
    if not delivery.endpoint.is_active:
        return _finish(delivery, DeliveryStatus.FAILED, None, DEACTIVATED)
    code: int | None = None
    error = ""
    try:
        target = check_url(delivery.endpoint.url)
        body = body_of(delivery)
        code = post(target, headers_for(delivery, body, str(int(time.time()))), body)
    except (ValidationError, OSError, http.client.HTTPException) as problem:
        error = _short(problem)
    logger.info("Webhook delivery %s attempt %d: %s", delivery.delivery_id, number, code or error)
    if code is not None and 200 <= code < 300:
        return _finish(delivery, DeliveryStatus.DELIVERED, code, "")
    if code is not None:
        error = f"HTTP {code}"
    if number >= MAX_ATTEMPTS:
        return _finish(delivery, DeliveryStatus.FAILED, code, error)
    return _retry(delivery, number, code, error)


def _finish(delivery: WebhookDelivery, status: str, code: int | None, error: str):
    delivery.status = status
    delivery.last_status_code = code
    delivery.last_error = error
    delivery.next_attempt_at = None
    if status == DeliveryStatus.DELIVERED:
        delivery.delivered_at = timezone.now()
    delivery.save(
        update_fields=[
            "status",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
        ]
    )
    return delivery


def _retry(delivery: WebhookDelivery, number: int, code: int | None, error: str):
    delivery.last_status_code = code
    delivery.last_error = error
    delivery.next_attempt_at = timezone.now() + BACKOFF[number - 1]
    delivery.save(update_fields=["last_status_code", "last_error", "next_attempt_at"])
    return delivery
