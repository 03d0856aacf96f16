"""Writes on accounts and organisations. Each one leaves its audit row in the same transaction."""

from django.db import transaction

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Membership, Organisation, User
from asap.core import audit


def create_organisation(
    *,
    actor: User | None,
    name: str,
    kind: OrganisationKind | str,
    country: str,
    language: str,
    address: str = "",
    contact_email: str = "",
) -> Organisation:
    """Register an agency. Side effect: audit row `organisation.create`."""
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name,
            kind=kind,
            country=country.upper(),
            language=language,
            address=address,
            contact_email=contact_email,
        )
        audit.record(
            actor=actor,
            action="organisation.create",
            obj=organisation,
            organisation_id=organisation.pk,
            fields=["name", "kind", "country", "language", "address", "contact_email"],
        )
    return organisation


def create_user(
    *, actor: User | None, email: str, full_name: str, password: str | None = None
) -> User:
    """Create a sign-in account (no roles yet). Side effect: audit row `user.create`."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
        audit.record(actor=actor, action="user.create", obj=user, fields=["email", "full_name"])
    return user


def _sync_staff_flag(user: User) -> None:
    """Administrators reach the whole Django admin (which holds no case content); nobody
    else reaches it."""
    is_admin = user.memberships.filter(role=Role.ADMINISTRATOR, is_active=True).exists()
    if (user.is_staff, user.is_superuser) != (is_admin, is_admin):
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])


def grant_role(
    *, actor: User | None, user: User, organisation: Organisation, role: Role | str
) -> Membership:
    """Give `user` a role in `organisation`. Side effects: audit row `membership.grant`;
    the staff flag follows the administrator role."""
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            user=user, organisation=organisation, role=role, defaults={"is_active": True}
        )
        _sync_staff_flag(user)
        audit.record(
            actor=actor,
            action="membership.grant",
            obj=membership,
            organisation_id=organisation.pk,
            fields=["role"],
        )
    user.__dict__.pop("active_memberships", None)
    user.__dict__.pop("roles", None)
    return membership


def revoke_role(*, actor: User | None, membership: Membership) -> None:
    """End a membership. Side effects: audit row `membership.revoke`; staff flag updated."""
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        _sync_staff_flag(membership.user)
        audit.record(
            actor=actor,
            action="membership.revoke",
            obj=membership,
            organisation_id=membership.organisation_id,
            fields=["is_active"],
        )


def grant_role_by_email(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: Role | str,
) -> Membership:
    """Grant a role to the account with `email`, creating the account (no password: the
    person sets one through "forgot password") when there is none."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = create_user(actor=actor, email=email, full_name=full_name)
        return grant_role(actor=actor, user=user, organisation=organisation, role=role)
