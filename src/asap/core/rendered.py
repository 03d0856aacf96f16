"""Case PDFs rendered once: a case document's PDF is kept, sealed under the case's data key
"rendered", and served again while nothing it shows has changed.

What a PDF shows is decided by the page it is laid out from (`asap.core.pdf.render_html`):
the reader's side, consents, shares, language and time zone all end up in that page, which
is built through the access door exactly as before. The fingerprint is the SHA-256 of that
page, the style sheets, the variant and WeasyPrint's version, so a kept PDF is served only
when laying the page out again would give the same document; a PDF whose layout fetched a
file (a static image) is not kept. Each is filed under the reader's audience (side and
organisation) as well, so that one side's download never replaces, nor is read for,
another's.

The kept bytes are sealed under the case's "rendered" key (`asap.core.datakeys`), and
destroying any key of a case (an erasure, the end of retention) destroys that key too and
deletes the case's rendered documents (`forget`): a kept PDF never outlives the data it
was made from, in the database or in a backup.
"""

import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language

from asap.core import datakeys, pdf
from asap.core.models import RenderedDocument

# Raised when what goes into the fingerprint changes shape: every kept PDF is then stale.
FORMAT = "1"


def _weasyprint_version() -> str:
    import weasyprint

    return str(weasyprint.__version__)


def fingerprint(html: str, styles: list[str], variant: str) -> str:
    """The SHA-256 of everything the PDF is laid out from."""
    digest = hashlib.sha256()
    for part in (FORMAT, _weasyprint_version(), variant, *styles, html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def audience_of(access: Any) -> str:
    """Whose view of the case a reader gets: their side and organisation."""
    return f"{access.side or '-'}:{access.organisation_id or '-'}"


def pdf_for(
    access: Any,
    *,
    kind: str,
    object_id: int,
    template: str,
    context: dict[str, Any],
    request: Any = None,
    variant: str = pdf.ACCESSIBLE,
) -> bytes:
    """The PDF of `template` for the reader of `access` (a `CaseAccess` the door gave):
    the kept one when the page and styles are those it was rendered from, else rendered
    now and kept in place of the old one. Side effect: after a layout, the audience's
    `RenderedDocument` row written or replaced."""
    html = pdf.render_html(template, context, request)
    styles = pdf.stylesheets()
    key = {
        "case_id": access.case.pk,
        "kind": kind,
        "object_id": object_id,
        "audience": audience_of(access),
        "language": get_language() or "",
        "variant": variant,
    }
    printed = fingerprint(html, styles, variant)
    kept = RenderedDocument.objects.filter(**key, fingerprint=printed).values_list("ciphertext")
    for (ciphertext,) in kept:
        opened = datakeys.unseal_bytes(bytes(ciphertext))
        if opened is not None:  # None: its key was destroyed (a restored backup)
            return opened
    fetched: list[str] = []
    document = pdf.pdf_from_html(html, variant=variant, styles=styles, fetched=fetched)
    if not fetched:
        _keep(key, printed, document)
    return document


def _keep(key: dict[str, Any], printed: str, document: bytes) -> None:
    sealed = datakeys.seal_bytes(document, datakeys.KeyOwner(key["case_id"], datakeys.RENDERED))
    values = {"fingerprint": printed, "ciphertext": sealed, "created": timezone.now()}
    try:
        with transaction.atomic():
            if not RenderedDocument.objects.filter(**key).update(**values):
                RenderedDocument.objects.create(**key, **values)
    except IntegrityError:  # another request kept the same document at the same moment
        pass
