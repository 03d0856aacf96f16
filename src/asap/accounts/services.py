"""Writes on accounts and organisations. Each one leaves its audit row in the same transaction."""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from asap.accounts import security
from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Membership, Organisation, SessionRecord, User
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


def grant_role(
    *, actor: User | None, user: User, organisation: Organisation, role: Role | str
) -> Membership:
    """Give `user` a role in `organisation`. Side effects: audit row `membership.grant` and
    the person's security log. No role makes a superuser: that is an operator's flag."""
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            user=user, organisation=organisation, role=role, defaults={"is_active": True}
        )
        audit.record(
            actor=actor,
            action="membership.grant",
            obj=membership,
            organisation_id=organisation.pk,
            fields=["role"],
        )
        security.log_event(user=user, action="security.role_granted", actor=actor)
    user.__dict__.pop("active_memberships", None)
    user.__dict__.pop("roles", None)
    return membership


def revoke_role(*, actor: User | None, membership: Membership) -> None:
    """End a membership. Side effects: audit row `membership.revoke`; the security log."""
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="membership.revoke",
            obj=membership,
            organisation_id=membership.organisation_id,
            fields=["is_active"],
        )
        security.log_event(user=membership.user, action="security.role_ended", actor=actor)
    membership.user.__dict__.pop("active_memberships", None)
    membership.user.__dict__.pop("roles", None)


def grant_role_by_email(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: Role | str,
    site: str = "",
) -> Membership:
    """Grant a role to the account with `email`. When there is none, create it without a
    password and e-mail the person an invitation: a single-use link, valid for
    PASSWORD_RESET_TIMEOUT, to set a password (then two-factor set-up is mandatory)."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        invited = user is None
        if user is None:
            user = create_user(actor=actor, email=email, full_name=full_name)
        membership = grant_role(actor=actor, user=user, organisation=organisation, role=role)
        if invited:
            send_invitation(actor=actor, user=user, organisation=organisation, site=site)
    return membership


def password_set_link(user: User, site: str = "") -> str:
    """A link that lets `user` set a password once; it stops working once the password is
    set (the token covers the password hash) and after PASSWORD_RESET_TIMEOUT."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{site}{path}"


def send_invitation(
    *, actor: User | None, user: User, organisation: Organisation | None, site: str = ""
) -> None:
    """E-mail `user` a link to set their password. Side effect: audit row `user.invite`."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="user.invite",
            obj=user,
            organisation_id=organisation.pk if organisation else None,
        )
        link = password_set_link(user, site)
        with translation.override(user.language or (organisation and organisation.language)):
            subject = str(_("Your account on the ASAP Platform"))
            body = render_to_string(
                "accounts/email/invitation.txt",
                {"link": link, "organisation": organisation.name if organisation else ""},
            )
        transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


def deactivate_member(*, actor: User, person: User, organisations: list[Organisation]) -> None:
    """End every role of `person` in `organisations`; an account left with no role anywhere
    is deactivated and its sessions end. Side effects: audit rows, security log."""
    with transaction.atomic():
        for membership in person.memberships.filter(organisation__in=organisations, is_active=True):
            revoke_role(actor=actor, membership=membership)
        if not person.memberships.filter(is_active=True).exists():
            person.is_active = False
            person.save(update_fields=["is_active"])
            audit.record(actor=actor, action="user.deactivate", obj=person, fields=["is_active"])
            security.end_all_sessions(user=person, reason=SessionRecord.EndReason.DEACTIVATED)


def add_operator(*, email: str) -> tuple[User, bool]:
    """Create or flag a platform operator (command line only). Returns (user, created).
    Side effect: audit row `operator.add` (no actor: the command line)."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = create_user(actor=None, email=email, full_name="")
        user.is_operator = user.is_staff = user.is_superuser = True
        user.is_active = True
        user.save(update_fields=["is_operator", "is_staff", "is_superuser", "is_active"])
        audit.record(
            actor=None, action="operator.add", obj=user, fields=["is_operator", "is_staff"]
        )
    return user, created


def set_work_digest(*, actor: User, enabled: bool) -> None:
    """Switch the actor's own daily e-mail of My work on or off (`asap.work.tasks`).
    Side effect: audit `account.work_digest`."""
    with transaction.atomic():
        User.objects.filter(pk=actor.pk).update(work_digest=enabled)
        actor.work_digest = enabled
        audit.record(actor=actor, action="account.work_digest", obj=actor, fields=["work_digest"])
