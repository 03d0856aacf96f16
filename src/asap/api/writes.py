"""What the API's writes share: binding a body to the page's own Django form, the form's
errors as a 422 body (each message under the field it concerns), and the page's refusal of a
write on a closed or restricted case (423)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from ninja import Schema
from ninja.errors import HttpError

from asap.cases.access import CaseAccess
from asap.cases.services.frozen import CLOSED_NOTICE, is_closed
from asap.dataprotection import restrictions


class Problem(Schema):
    """What went wrong: a message, or (a body the page's form refused) messages by field
    name ("__all__": the whole form)."""

    detail: Any


def form_errors(form: forms.Form) -> dict[str, Any]:
    return {"detail": {name: [str(m) for m in messages] for name, messages in form.errors.items()}}


def refusal_errors(error: ValidationError, form: forms.Form) -> dict[str, Any]:
    """A rule the service found broken, next to the field it names, as the page shows it."""
    if not hasattr(error, "error_dict"):
        return {"detail": {"__all__": [str(m) for m in error.messages]}}
    return {
        "detail": {
            (name if name in form.fields else "__all__"): [str(m) for m in messages]
            for name, messages in error.message_dict.items()
        }
    }


def form_value(value: Any) -> Any:
    """A JSON value as the form's widgets read it from a POST (None: an empty field)."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def refuse_if_frozen(access: CaseAccess) -> None:
    """423, as the pages answer, for a write while processing is restricted (GDPR art. 18) or
    once the case is closed."""
    case = access.case
    restricted = restrictions.in_force(case.pk, known_none=not getattr(case, "restricted", True))
    if restricted:
        raise HttpError(423, " ".join(restrictions.notices(restricted, access.side)))
    if is_closed(case):
        raise closed_refusal()


def closed_refusal() -> HttpError:
    """The answer to a write that reached a closed case (a service's own refusal)."""
    return HttpError(423, str(CLOSED_NOTICE))
