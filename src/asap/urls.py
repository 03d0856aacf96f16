"""Every URL of the platform. Each pattern declares its access (asap.core.permissions)."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from asap.accounts.admin import restrict_admin_site
from asap.accounts.views import DashboardView
from asap.api.api import api
from asap.api.views import ReferenceView
from asap.core.permissions import API_TOKEN, ENROLMENT, OPERATOR, PUBLIC, SIGNED_IN, declare
from asap.core.views import set_language

# allauth's pages by name: signing in is public; setting up MFA (and signing out) is open to
# a signed-in user who has no authenticator yet; everything else needs MFA first.
ALLAUTH_ACCESS = {
    **dict.fromkeys(
        [
            "account_login",
            "account_signup",
            "account_inactive",
            "account_email_verification_sent",
            "account_confirm_email",
            "account_confirm_login_code",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key",
            "account_reset_password_from_key_done",
            "mfa_authenticate",
        ],
        PUBLIC,
    ),
    **dict.fromkeys(
        [
            "account_logout",
            "account_reauthenticate",
            "account_request_reauthentication_code",
            "account_confirm_reauthentication_code",
            "mfa_index",
            "mfa_reauthenticate",
            "mfa_reauthenticate_webauthn",
            "mfa_activate_totp",
            "mfa_add_webauthn",
            "mfa_list_webauthn",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
        ],
        ENROLMENT,
    ),
    **dict.fromkeys(
        [
            "account_email",
            "account_change_password",
            "account_set_password",
            "mfa_deactivate_totp",
            "mfa_remove_webauthn",
            "mfa_edit_webauthn",
        ],
        SIGNED_IN,
    ),
}

# The admin signs in through allauth (and so through MFA), never through its own form.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "ASAP Platform"
# Platform operators only (`asap operator add`); no organisation role reaches the admin.
restrict_admin_site(admin.site)

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("accounts/", include("asap.accounts.urls_personal")),
    path("accounts/", declare(include("allauth.urls"), ALLAUTH_ACCESS)),
    path("organisation/", include("asap.accounts.urls")),
    path("organisation/api-tokens/", include("asap.api.urls")),
    path("organisation/webhooks/", include("asap.webhooks.urls")),
    path("cases/", include("asap.cases.urls")),
    path("cases/<int:pk>/assessments/", include("asap.instruments.urls")),
    path("cases/<int:pk>/plan/", include("asap.plans.urls")),
    path("cases/<int:pk>/episodes/", include("asap.episodes.urls")),
    path("cases/<int:pk>/programme/", include("asap.programme.urls")),
    path("cases/<int:pk>/meetings/", include("asap.meetings.urls")),
    path("cases/<int:pk>/agreements/", include("asap.agreements.urls_case")),
    path("cases/<int:pk>/justice/", include("asap.justice.urls")),
    path("cases/<int:pk>/attachments/", include("asap.attachments.urls")),
    path("meetings/", include("asap.meetings.urls_organisation")),
    path("programme/", include("asap.programme.urls_organisation")),
    path("training/", include("asap.training.urls")),
    path("practice/", include("asap.practice.urls")),
    path("agreements/", include("asap.agreements.urls")),
    path("evaluation/", include("asap.evaluation.urls")),
    path("data-protection/", include("asap.dataprotection.urls")),
    path("work/", include("asap.work.urls")),
    path("instruments/", include("asap.instruments.urls_organisation")),
    path("audit/", include("asap.core.urls")),
    path("bench/", include("asap.bench.urls")),
    path("api/v1/reference/", ReferenceView.as_view(), name="api_reference"),
    path("api/v1/", declare(api.urls, {"openapi-json": PUBLIC}, default=API_TOKEN)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", declare(admin.site.urls, {}, default=OPERATOR)),
]

# The demo's outbox (every e-mail the demo sent) is not routed at all unless ASAP_DEMO is on,
# which the settings refuse in production (asap.demo.outbox).
if settings.ASAP_DEMO:
    urlpatterns.append(path("demo/", include("asap.demo.urls")))
