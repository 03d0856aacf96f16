"""The security log and the sessions of a person.

Each event is an audit row (which names fields, never values) and, beside it, a
`SecurityEvent` that keeps the address and browser the person sees on their activity page.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import SecurityEvent, SessionRecord, User
from asap.core import audit

# What each action of the security log means, for the activity pages.
EVENT_LABELS = {
    "security.login": _("Signed in"),
    "security.login_failed": _("Sign-in failed (wrong password)"),
    "security.login_locked": _("Sign-in refused: too many failed attempts"),
    "security.mfa_failed": _("Wrong two-factor code"),
    "security.authenticator_added": _("Two-factor authenticator added"),
    "security.authenticator_removed": _("Two-factor authenticator removed"),
    "security.recovery_code_used": _("Recovery code used"),
    "security.recovery_codes_regenerated": _("Recovery codes regenerated"),
    "security.password_changed": _("Password changed"),
    "security.password_reset": _("Password reset"),
    "security.password_set": _("Password set"),
    "security.role_granted": _("Role granted"),
    "security.role_ended": _("Role ended"),
    "security.session_idle_timeout": _("Session ended after inactivity"),
    "security.session_ended": _("Session ended"),
    "security.sessions_ended_everywhere": _("Signed out everywhere"),
    "security.recovery_requested": _("Account recovery requested"),
    "security.recovery_approved": _("Account recovery approved"),
    "security.recovery_refused": _("Account recovery refused"),
    "security.recovery_completed": _("Account recovery completed"),
}


def key_hash(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


def client_details(request: HttpRequest | None) -> tuple[str | None, str]:
    """The client's address (as allauth determines it, behind a trusted proxy too) and
    browser."""
    if request is None:
        return None, ""
    from allauth.account.adapter import get_adapter

    try:
        address = get_adapter().get_client_ip(request)
    except Exception:
        address = None
    return address, request.META.get("HTTP_USER_AGENT", "")[:300]


def log_event(
    *,
    user: User,
    action: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> SecurityEvent:
    """Write one security event. Side effect: audit row `action` in the same transaction."""
    address, agent = client_details(request)
    with transaction.atomic():
        row = audit.record(
            actor=actor,
            action=action,
            obj=user,
            fields=["ip_address", "user_agent"] if request is not None else [],
        )
        return SecurityEvent.objects.create(
            user=user, action=action, ip_address=address, user_agent=agent, audit_seq=row.seq
        )


def mark_email_verified(user: User) -> None:
    """The person followed a link sent to their address: the address is theirs."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "verified": True, "primary": True},
    )


def events_for(user: User) -> QuerySet[SecurityEvent]:
    """A person's security log, newest first."""
    return SecurityEvent.objects.filter(user=user).order_by("-at", "-pk")


def start_session(*, request: HttpRequest, user: User) -> SessionRecord | None:
    """Record a sign-in. Side effects: security event `security.login`; a content-free
    e-mail when the browser was not seen before for this account."""
    session_key = request.session.session_key
    if not session_key:
        return None
    address, agent = client_details(request)
    seen_before = SessionRecord.objects.filter(user=user, user_agent=agent).exists()
    with transaction.atomic():
        record, _created = SessionRecord.objects.update_or_create(
            key_hash=key_hash(session_key),
            defaults={"user": user, "ip_address": address, "user_agent": agent},
        )
        log_event(user=user, action="security.login", actor=user, request=request)
        if not seen_before:
            transaction.on_commit(lambda: mail_notice(user, "accounts/email/new_browser.txt"))
    return record


def mail_notice(user: User, template: str, context: dict[str, str] | None = None) -> None:
    """E-mail `user` a notice that names nothing of their work."""
    with translation.override(user.language or None):
        subject = str(_("Security notice from the ASAP Platform"))
        body = render_to_string(template, context or {})
    send_mail(subject, body, None, [user.email])


def touch_session(session_key: str) -> None:
    """The session was used now: the idle timeout counts from here."""
    SessionRecord.objects.filter(key_hash=key_hash(session_key), ended_at=None).update(
        last_seen_at=timezone.now()
    )


def notice_session_gone(*, request: HttpRequest, session_key: str) -> None:
    """The browser sent a session the server no longer holds: the idle timeout ended it.
    Side effect: security event `security.session_idle_timeout`."""
    record = (
        SessionRecord.objects.filter(key_hash=key_hash(session_key), ended_at=None)
        .select_related("user")
        .first()
    )
    if record is None:
        return
    with transaction.atomic():
        _close(record, SessionRecord.EndReason.IDLE)
        log_event(user=record.user, action="security.session_idle_timeout", request=request)


def signed_out(session_key: str | None) -> None:
    if session_key:
        SessionRecord.objects.filter(key_hash=key_hash(session_key), ended_at=None).update(
            ended_at=timezone.now(), end_reason=SessionRecord.EndReason.SIGNED_OUT
        )


def _close(record: SessionRecord, reason: str) -> None:
    record.ended_at = timezone.now()
    record.end_reason = reason
    record.save(update_fields=["ended_at", "end_reason"])


def active_sessions(user: User) -> QuerySet[SessionRecord]:
    """The person's sessions that have not ended and are within the idle timeout."""
    idle_since = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return SessionRecord.objects.filter(user=user, ended_at=None, last_seen_at__gt=idle_since)


def _live_sessions() -> QuerySet[Session]:
    return Session.objects.filter(expire_date__gt=timezone.now())


def forget_mfa(user_id: int) -> None:
    """The person has no authenticator left: every session of theirs forgets that it had
    one (asap.core.middleware.mfa_enabled asks the database again), this request's too. The
    sessions keep their expiry."""
    from allauth.core import context

    from asap.core.middleware import MFA_SESSION_KEY

    request = context.request
    if request is not None and getattr(getattr(request, "user", None), "pk", None) == user_id:
        request.session.pop(MFA_SESSION_KEY, None)
    for session in _live_sessions():
        data = session.get_decoded()
        if data.get("_auth_user_id") == str(user_id) and MFA_SESSION_KEY in data:
            del data[MFA_SESSION_KEY]
            session.session_data = Session.objects.encode(data)
            session.save(update_fields=["session_data"])


def end_session(*, actor: User, record: SessionRecord, request: HttpRequest | None = None) -> None:
    """End one session of `record.user`. Side effect: security event `security.session_ended`."""
    with transaction.atomic():
        for session in _live_sessions().only("session_key"):
            if key_hash(session.session_key) == record.key_hash:
                session.delete()
        _close(record, SessionRecord.EndReason.ENDED)
        log_event(user=record.user, action="security.session_ended", actor=actor, request=request)


def end_all_sessions(
    *,
    user: User,
    reason: str = SessionRecord.EndReason.EVERYWHERE,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> int:
    """End every session of `user`, on every device, including ones older than the session
    records. Side effect: security event `security.sessions_ended_everywhere`."""
    ended = 0
    with transaction.atomic():
        for session in _live_sessions():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
                ended += 1
        SessionRecord.objects.filter(user=user, ended_at=None).update(
            ended_at=timezone.now(), end_reason=reason
        )
        log_event(
            user=user, action="security.sessions_ended_everywhere", actor=actor, request=request
        )
    return ended
