"""Factories and the named personas of the suite. Every name is fictional."""

import base64
import functools
import hashlib

import factory
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.hashers import make_password

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Membership, Organisation, User

PASSWORD = "correct-horse-battery-staple"


@functools.cache
def password_hash() -> str:
    return make_password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = OrganisationKind.VICTIM_SUPPORT_SERVICE
    country = "IT"
    language = "it"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    # Hashing with argon2 is slow on purpose; hash the shared test password once.
    password = factory.LazyFunction(lambda: password_hash())


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASE_WORKER


def totp_secret_for(user: User) -> str:
    return base64.b32encode(hashlib.sha256(user.email.encode()).digest()[:20]).decode()


def enrol_totp(user: User) -> str:
    """Give `user` a TOTP authenticator; return its secret."""
    secret = totp_secret_for(user)
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str, offset: int = 0) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def persona(role: Role, organisation: Organisation | None = None, *, mfa: bool = True) -> User:
    """A user holding `role` in `organisation` (a new agency if none), with TOTP set up."""
    membership = MembershipFactory(role=role, organisation=organisation or OrganisationFactory())
    if mfa:
        enrol_totp(membership.user)
    return membership.user


def agreement_between(*organisations: Organisation) -> "Agreement":  # noqa: F821
    """An organisation-level agreement signed by every party and in force: what a case needs
    before it invites another agency (asap.agreements.queries.agreement_in_force)."""
    from django.utils import timezone

    from asap.agreements.enums import AgreementLevel, AgreementStatus
    from asap.agreements.models import Agreement, Party

    now = timezone.now()
    agreement = Agreement.objects.create(
        level=AgreementLevel.ORGANISATION,
        organisation=organisations[0],
        title="Multi-Agency Standard Agreement (test)",
        principles="Safety of victims first.",
        scope="Every joint case.",
        objectives="Protect victims, prevent recidivism.",
        commitments="Sharing information.",
        status=AgreementStatus.SIGNED,
        text_hash="0" * 64,
        sent_at=now,
        locked_at=now,
    )
    for organisation in organisations:
        Party.objects.create(
            agreement=agreement,
            organisation=organisation,
            signed_name="Signatory (test)",
            signed_role="coordinator",
            signed_at=now,
            signed_hash="0" * 64,
        )
    return agreement
