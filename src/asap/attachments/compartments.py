"""Who may read each field of an attachment.

"by record": the attachment's own timeline entry decides (its compartment, chosen when the
file was attached, and the side that attached it), and, for a file attached to a record,
that record's entry as well: the reader must read both.
"""

from django.db import models

from asap.attachments.models import Attachment

BY_RECORD = "by record"

COMPARTMENTS: dict[type[models.Model], dict[str, str]] = {
    Attachment: dict.fromkeys(
        [
            "id",
            "case",
            "entry",
            "record",
            "title",
            "file_name",
            "file_type",
            "size",
            "content",
            "uploaded_by",
            "organisation",
            "uploaded_at",
        ],
        BY_RECORD,
    ),
}


def compartment_of(obj: Attachment, field: str) -> str:
    """The compartment an attachment is filed under (its entry's)."""
    if field not in COMPARTMENTS[type(obj)]:
        raise KeyError(field)  # an unknown field is an error, never a silent default
    return obj.entry.compartment
