"""The demo's outbox: while `asap demo` runs (ASAP_DEMO), every e-mail is written as one file
in a folder under ASAP_DATA_DIR instead of the terminal, and read back at /demo/outbox/.

E-mails can carry case codes and sign-in links: the outbox exists only in the demo. The
settings refuse ASAP_DEMO in production, `asap check` flags it with DEBUG off, and the URL is
not even routed unless ASAP_DEMO is on (asap.urls).
"""

import re
import uuid
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend
from django.utils import timezone

# A message's file name: when it was written (so names sort by time), then a random suffix.
NAME = re.compile(r"^\d{8}-\d{6}-\d{6}-[0-9a-f]{8}$")


class OutboxBackend(EmailBackend):
    """Django's file-based backend, but one `.eml` file per message (the stock backend
    appends every message of a connection to one log file)."""

    def send_messages(self, email_messages: Any) -> int:
        folder = Path(self.file_path)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}"
            (folder / f"{name}.eml").write_bytes(message.message().as_bytes())
            sent += 1
        return sent


@dataclass(frozen=True)
class Mail:
    name: str
    to: str
    subject: str
    date: Any
    body: str


def folder() -> Path:
    return Path(settings.DEMO_OUTBOX_DIR)


def read(path: Path) -> Mail:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    part = (
        message.get_body(preferencelist=("plain", "html"))
        if isinstance(message, EmailMessage)  # policy.default parses into an EmailMessage
        else None
    )
    body = part.get_content() if part is not None else ""
    date = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    return Mail(path.stem, str(message["To"] or ""), str(message["Subject"] or ""), date, body)


def messages() -> list[Mail]:
    """Every message of the outbox, newest first."""
    if not folder().is_dir():
        return []
    paths = sorted(folder().glob("*.eml"), key=lambda path: path.name, reverse=True)
    return [read(path) for path in paths if NAME.match(path.stem)]


def message(name: str) -> Mail | None:
    """One message by its file name (without `.eml`); None for any other name."""
    if not NAME.match(name):
        return None
    path = folder() / f"{name}.eml"
    return read(path) if path.is_file() else None
