"""A real HTTP receiver on 127.0.0.1 (http.server in a thread) and endpoints pointing at it."""

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from asap.webhooks import services
from asap.webhooks.enums import EventKind
from asap.webhooks.models import WebhookDelivery
from asap.webhooks.tasks import deliver

RECEIVER_BODY = "RECEIVER-BODY-CANARY-0b7e"  # what the receiver answers: never stored


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the receiver got, and the status codes it answers with (then 204 for ever)."""

    port: int = 0
    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/asap"


def verify(secret: str, received: Received) -> bool:
    """What a receiver does: recompute the signature of `<timestamp>.<body>` and compare."""
    message = received.headers["X-ASAP-Timestamp"].encode() + b"." + received.body
    expected = "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received.headers["X-ASAP-Signature"])


@pytest.fixture
def loopback(settings):
    settings.ASAP_WEBHOOKS_ALLOW_LOOPBACK = True


@pytest.fixture
def receiver(loopback):
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.received.append(Received(self.path, dict(self.headers.items()), body))
            status = state.statuses.pop(0) if state.statuses else 204
            answer = RECEIVER_BODY.encode()
            self.send_response(status)
            if status in (301, 302, 307, 308):
                self.send_header("Location", f"http://127.0.0.1:{state.port}/elsewhere")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def register(organisation, url: str, events=None, actor=None):
    """An endpoint of `organisation` (all events unless told), and its secret."""
    return services.register_endpoint(
        actor=actor,
        organisation=organisation,
        name=f"System of {organisation.name}",
        url=url,
        events=list(events if events is not None else EventKind.values),
    )


def run_pending() -> list[WebhookDelivery]:
    """Make the first attempt of every delivery not attempted yet, as the worker would."""
    pending = list(WebhookDelivery.objects.filter(attempts=0).order_by("pk"))
    for delivery in pending:
        deliver.call(delivery.pk, 1)
    return [WebhookDelivery.objects.get(pk=d.pk) for d in pending]
