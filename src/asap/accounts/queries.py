"""Reads on accounts: whom an administrator manages."""

from django.db.models import QuerySet

from asap.accounts.enums import Role
from asap.accounts.models import Membership, Organisation, User


def administered_organisations(user: User) -> list[Organisation]:
    return user.organisations_where(Role.ADMINISTRATOR)


def memberships_for(user: User) -> QuerySet[Membership]:
    """Active memberships in the organisations `user` administers, people and places joined."""
    return (
        Membership.objects.filter(organisation__in=administered_organisations(user), is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__email", "role")
    )
