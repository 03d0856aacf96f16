"""The Django admin, for platform operators only: organisations, accounts and their roles.

No case content, no password hash, no authenticator secret. Administrators of an
organisation manage their people in the platform's own pages (`/organisation/`).
"""

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from asap.accounts import services
from asap.accounts.models import Membership, Organisation, User
from asap.core.admin import AuditedAdmin


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "country", "language", "is_active"]
    list_filter = ["kind", "country", "is_active"]
    search_fields = ["name"]
    fields = ["name", "kind", "country", "language", "address", "contact_email", "is_active"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "is_active"]
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(AuditedAdmin):
    """Accounts without their secrets: a new account gets no password; the person receives
    a link to set one (and then sets up two-factor authentication)."""

    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_operator"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_operator"]
    fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Personal details"), {"fields": ["full_name", "language"]}),
        (_("Status"), {"fields": ["is_active", "is_operator", "last_login"]}),
    ]
    readonly_fields = ["is_operator", "last_login"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: User, form: object, change: bool) -> None:
        with transaction.atomic():
            if not change:
                obj.set_unusable_password()
            super().save_model(request, obj, form, change)
            if not change:
                site = request.build_absolute_uri("/")[:-1]
                services.send_invitation(actor=request.user, user=obj, organisation=None, site=site)


def restrict_admin_site(site: admin.AdminSite) -> None:
    """Operators only (the URL declaration says so too), and none of the admin pages that
    other packages register: allauth's would show authenticator secrets and e-mail rows."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    for model in (Authenticator, EmailAddress, Group):
        if site.is_registered(model):
            site.unregister(model)

    def has_permission(request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and getattr(user, "is_operator", False))

    site.has_permission = has_permission  # type: ignore[method-assign]
