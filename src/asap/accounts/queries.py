"""Reads on accounts: whom an administrator manages, whose security log an officer reads."""

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


def people_only_in(organisations: list[Organisation]) -> QuerySet[User]:
    """People with an active role in `organisations` and in no other organisation: those
    whom the holder of a role across all of them may act on (recovery, the security log),
    so no role elsewhere lets one agency reach another's worker."""
    elsewhere = Membership.objects.filter(is_active=True).exclude(organisation__in=organisations)
    return (
        User.objects.filter(
            memberships__organisation__in=organisations, memberships__is_active=True
        )
        .exclude(memberships__in=elsewhere)
        .distinct()
    )


def log_readable_people(user: User) -> QuerySet[User]:
    """People whose security log `user` reads: every active role they hold is in an
    organisation where `user` is administrator or data-protection officer (`people_only_in`,
    as for recovery), so granting a worker of another agency a role in one's own does not
    open where and with what she signs in."""
    return people_only_in(
        [
            m.organisation
            for m in user.active_memberships
            if m.role in {Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER}
        ]
    )
