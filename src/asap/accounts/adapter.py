"""allauth hooks: no self sign-up, and MFA secrets encrypted with the field keys."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest

from asap.core import crypto


class AccountAdapter(DefaultAccountAdapter):
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
