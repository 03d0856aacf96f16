"""Fictional demo organisations and users. Loading is idempotent: a second run changes nothing.

Every name here is invented. Demo accounts share one password and have fixed TOTP secrets so
that a person trying the platform can sign in; `asap demo` refuses to run in production.
"""

import base64
import hashlib
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from asap.accounts import services
from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation, User

DEMO_PASSWORD = "asap-demo-2026"  # noqa: S105  (printed to the person running the demo)

ORGANISATIONS = [
    (
        "New Paths Perpetrator Programme (demo)",
        OrganisationKind.PERPETRATOR_PROGRAMME,
        "IT",
        "it",
        "Via dei Mille 12, Bologna",
    ),
    (
        "Safe Harbour Women's Centre (demo)",
        OrganisationKind.VICTIM_SUPPORT_SERVICE,
        "IT",
        "it",
        "Confidential shelter address, Bologna",
    ),
    ("City Child Protection Unit (demo)", OrganisationKind.CHILD_PROTECTION, "IT", "it", ""),
]
PP, VSS, CPU = (name for name, *_rest in ORGANISATIONS)


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    roles: tuple[tuple[str, str], ...]
    with_mfa: bool = True

    @property
    def totp_secret(self) -> str:
        digest = hashlib.sha256(f"asap-demo:{self.email}".encode()).digest()[:20]
        return base64.b32encode(digest).decode("ascii")


USERS = [
    DemoUser("pp.worker@demo.asap", "Marco Bianchi", ((PP, Role.CASE_WORKER),)),
    DemoUser("vss.worker@demo.asap", "Elena Russo", ((VSS, Role.CASE_WORKER),)),
    DemoUser("partner.contact@demo.asap", "Giulia Conti", ((PP, Role.PARTNER_CONTACT),)),
    DemoUser("child.lead@demo.asap", "Sara Greco", ((VSS, Role.CHILD_PROTECTION_LEAD),)),
    DemoUser("coordinator@demo.asap", "Paolo Ferri", ((PP, Role.COORDINATOR),)),
    DemoUser("agency.worker@demo.asap", "Luca Marino", ((CPU, Role.CASE_WORKER),)),
    DemoUser("trainer@demo.asap", "Anna Ricci", ((VSS, Role.TRAINER),)),
    DemoUser(
        "dpo@demo.asap",
        "Chiara Costa",
        ((PP, Role.DATA_PROTECTION_OFFICER), (VSS, Role.DATA_PROTECTION_OFFICER)),
    ),
    DemoUser(
        "admin@demo.asap",
        "Davide Gallo",
        ((PP, Role.ADMINISTRATOR), (VSS, Role.ADMINISTRATOR), (CPU, Role.ADMINISTRATOR)),
    ),
    DemoUser("new.worker@demo.asap", "Irene Fontana", ((VSS, Role.CASE_WORKER),), with_mfa=False),
]


def load() -> list[DemoUser]:
    """Create what is missing of the demo organisations and users; return the users."""
    with transaction.atomic():
        organisations = {}
        for name, kind, country, language, address in ORGANISATIONS:
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is None:
                organisation = services.create_organisation(
                    actor=None,
                    name=name,
                    kind=kind,
                    country=country,
                    language=language,
                    address=address,
                )
            organisations[name] = organisation
        for demo in USERS:
            user = User.objects.filter(email=demo.email).first()
            if user is None:
                user = services.create_user(
                    actor=None, email=demo.email, full_name=demo.full_name, password=DEMO_PASSWORD
                )
            held = set(user.memberships.values_list("organisation__name", "role"))
            for organisation_name, role in demo.roles:
                if (organisation_name, role) not in held:
                    services.grant_role(
                        actor=None,
                        user=user,
                        organisation=organisations[organisation_name],
                        role=role,
                    )
            if demo.with_mfa and not Authenticator.objects.filter(user=user).exists():
                TOTP.activate(user, demo.totp_secret)
                RecoveryCodes.activate(user)
    return USERS


def recovery_code(demo: DemoUser) -> str:
    """One unused recovery code of a demo user, for signing in without an authenticator app."""
    authenticator = Authenticator.objects.get(
        user__email=demo.email, type=Authenticator.Type.RECOVERY_CODES
    )
    return RecoveryCodes(authenticator).get_unused_codes()[0]
