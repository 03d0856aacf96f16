"""The API beside the pages: the case list and the bench case's metadata, as an agency's own
system asks for them with a token of the programme worker's organisation and role.

The token is issued for the run (its system account made a member of the bench case by the
worker, as a colleague would be) and revoked when the run ends; its secret lives only in
this process.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.test import Client, override_settings
from django.utils import timezone

from asap.accounts.models import User
from asap.cases.enums import Side


@contextmanager
def api_client(case: Any, worker_email: str, new_client: Any) -> Iterator[Client]:
    """A client sending a fresh token of the programme worker's organisation; the rate limit
    lifted for the run (its counter is still kept, so its cost is measured)."""
    from asap.api import services
    from asap.cases import access
    from asap.cases import services as case_services

    worker = User.objects.get(email=worker_email)
    member = access.case_for(worker, case.pk, access.METADATA).member
    if member is None or member.side != Side.PERPETRATOR:
        raise RuntimeError("The bench worker is not a member of the bench case.")
    token, secret = services.issue_token(
        actor=worker,
        organisation=member.organisation,
        name="Bench system",
        role=worker.memberships.filter(organisation=member.organisation)[0].role,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    case_services.add_member(actor=worker, access=access.case_for(worker, case.pk), user=token.user)
    client = new_client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    try:
        with override_settings(ASAP_API_RATE_PER_MINUTE=10**9):
            yield client
    finally:
        services.revoke_token(actor=worker, token=token)


def pages(case: Any, page: Any) -> list[Any]:
    """The API's pages as `page(name, who, url, …)` builds them."""
    return [
        page("api_case_list", "api", "/api/v1/cases", contains=b'"items"'),
        page("api_case_detail", "api", f"/api/v1/cases/{case.pk}", contains=case.code.encode()),
    ]
