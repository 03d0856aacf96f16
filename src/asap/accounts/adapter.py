"""allauth hooks: no self sign-up, and MFA secrets encrypted with the field keys."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from asap.accounts import security
from asap.core import crypto


def _account_for(credentials: dict[str, Any]) -> Any:
    from asap.accounts.models import User

    email = credentials.get("email") or credentials.get("username") or ""
    return User.objects.filter(email__iexact=email).first() if email else None


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            user = _account_for(credentials)
            if user is not None:
                security.log_event(user=user, action="security.login_locked", request=request)
            raise

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        # An address with no account leaves no entry: there is no one to show it to.
        user = _account_for(credentials)
        if user is not None:
            security.log_event(user=user, action="security.login_failed", request=request)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by an administrator of the user's organisation.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: object) -> bool:
        # Setting up the first authenticator right after signing in needs no second
        # password prompt; changing an existing one does.
        if app == "allauth.mfa" and not is_mfa_enabled(context.request.user):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
