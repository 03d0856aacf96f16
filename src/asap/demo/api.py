"""The demo's API token: the women's centre's case records system, a case worker's token whose
account the centre's worker has added to the demo case in assessment. Like the demo
passwords it is well known (its secret part is fixed), so every run of `asap demo` prints the
same token, and a second run changes nothing."""

import base64
import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from asap.accounts.enums import Role
from asap.accounts.models import Organisation, User
from asap.api import services
from asap.api.models import ApiToken
from asap.cases import access
from asap.cases import services as cases
from asap.cases.models import JointCase
from asap.demo import data

SYSTEM_NAME = "Safe Harbour case records (demo)"
TOKEN_DAYS = 90
# Fixed like the demo's TOTP secrets: derived from a constant, never random.
SECRET_PART = (
    base64.urlsafe_b64encode(hashlib.sha256(b"asap-demo:api-token").digest()).decode().rstrip("=")
)


def api_token() -> str:
    """The demo token's secret, issuing the token first if it is missing or expired."""
    organisation = Organisation.objects.get(name=data.VSS)
    with transaction.atomic():
        token = ApiToken.objects.filter(
            organisation=organisation, name=SYSTEM_NAME, revoked_at__isnull=True
        ).first()
        administrator = User.objects.get(email="admin@demo.asap")
        if token is not None and token.is_expired:
            services.revoke_token(actor=administrator, token=token)
            token = None
        if token is None:
            token = _issue(organisation, administrator)
        secret = f"{services.TOKEN_PREFIX}_{token.prefix}_{SECRET_PART}"
        digest = services._digest(secret)
        if token.digest != digest:
            ApiToken.objects.filter(pk=token.pk).update(digest=digest)
    return secret


def _issue(organisation: Organisation, administrator: User) -> ApiToken:
    token, _random_secret = services.issue_token(
        actor=administrator,
        organisation=organisation,
        name=SYSTEM_NAME,
        role=Role.CASE_WORKER,
        expires_at=timezone.now() + datetime.timedelta(days=TOKEN_DAYS),
    )
    # A colleague on the case adds the system's account, as for a new colleague.
    worker = User.objects.get(email="vss.worker@demo.asap")
    case = JointCase.objects.get(code=data.CASE_IN_ASSESSMENT)
    cases.add_member(actor=worker, access=access.case_for(worker, case.pk), user=token.user)
    return token
