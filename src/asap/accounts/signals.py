"""Sign-in, two-factor and password events of allauth and Django, into the security log."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete
from django.dispatch import receiver

from asap.accounts import security
from asap.accounts.middleware import mark_seen
from asap.core.middleware import mfa_enabled, remember_mfa


@receiver(account_signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    security.start_session(request=request, user=user)
    # The session is written as the person signs in, with the two-factor check remembered:
    # the first page costs no more than the next.
    mark_seen(request)
    mfa_enabled(request, user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if request is not None:
        security.signed_out(request.session.session_key)


def _log(action):
    def handler(sender, request=None, user=None, **kwargs):
        if user is not None and user.is_authenticated:
            actor = request.user if request is not None and request.user.is_authenticated else user
            security.log_event(user=user, action=action, actor=actor, request=request)

    return handler


# Kept at module level: signals hold receivers weakly.
_password_changed = _log("security.password_changed")
_log_password_reset = _log("security.password_reset")


def _password_reset(sender, request=None, user=None, **kwargs):
    # The link came by e-mail: following it proves the address, which allauth requires
    # before two-factor set-up (an invited person enrols right after setting a password).
    security.mark_email_verified(user)
    _log_password_reset(sender, request=request, user=user, **kwargs)


_password_set = _log("security.password_set")
_authenticator_added = _log("security.authenticator_added")
_authenticator_removed = _log("security.authenticator_removed")
account_signals.password_changed.connect(_password_changed)
account_signals.password_reset.connect(_password_reset)
account_signals.password_set.connect(_password_set)
mfa_signals.authenticator_added.connect(_authenticator_added)
mfa_signals.authenticator_removed.connect(_authenticator_removed)


@receiver(mfa_signals.authenticator_added)
def _added_here(sender, request=None, user=None, authenticator=None, **kwargs):
    # Set up in this very session (its code or key proves possession): this session is past
    # two-factor authentication with it, while it exists. One added for the person elsewhere
    # is not (asap.core.middleware.mfa_status). Recovery codes generated prove nothing. Written
    # at once: allauth sends the signal after the commit, which can come after the response
    # wrote the session (a test's captured on-commit callbacks run then).
    if request is None or user is None or authenticator is None:
        return
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    signed_in = getattr(request, "user", None)
    if signed_in is not None and signed_in.is_authenticated and signed_in.pk == user.pk:
        remember_mfa(request, user, {authenticator.pk})
        request.session.save()


@receiver(mfa_signals.authentication_failed)
def _mfa_failed(sender, request, user, **kwargs):
    security.log_event(user=user, action="security.mfa_failed", request=request)


@receiver(mfa_signals.authenticator_used)
def _used(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        security.log_event(
            user=user, action="security.recovery_code_used", actor=user, request=request
        )


@receiver(mfa_signals.authenticator_reset)
def _reset(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        security.log_event(
            user=user, action="security.recovery_codes_regenerated", actor=user, request=request
        )


@receiver(post_delete, sender=Authenticator)
def _authenticator_deleted(sender, instance, **kwargs):
    # However it was deleted (allauth's pages, an account recovery, a query): when it was the
    # person's last, no session of theirs still counts them as enrolled.
    if not Authenticator.objects.filter(user_id=instance.user_id).exists():
        security.forget_mfa(instance.user_id)
