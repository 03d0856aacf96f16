"""The signed-in home page (what awaits the person: invitations, cases coming due, a card per
role that has something to count; then one panel per role, saying what to do next) and role
management."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from asap.accounts import recovery, services
from asap.accounts.enums import Role
from asap.accounts.forms import GrantRoleForm
from asap.accounts.queries import administered_organisations, memberships_for
from asap.core.permissions import for_roles, signed_in
from asap.work.home import home_for

# What each role does on the platform, and where to start. Links whose page does not exist
# yet are left out rather than shown broken.
NEXT_STEPS: dict[str, list[tuple[str, str]]] = {
    Role.CASE_WORKER: [
        (_("Work on your joint cases"), "cases:list"),
        (_("Record what the person you support discloses, on your side of the case"), ""),
    ],
    Role.PARTNER_CONTACT: [
        (_("Keep in touch with the woman and hold what locates her"), "cases:list"),
        (_("Share an item with the perpetrator programme only with her consent"), "cases:list"),
    ],
    Role.CHILD_PROTECTION_LEAD: [
        (
            _("Assess the children's risk (Section B) and prepare each child's assessment"),
            "cases:list",
        ),
    ],
    Role.COORDINATOR: [
        (_("Invite partner agencies and assign workers to cases"), "cases:list"),
        (
            _("Hold the Phase 1 team meetings with your partner agencies"),
            "team_meetings:list",
        ),
        (_("Sign multi-agency agreements with your partner agencies"), "agreements:list"),
        (_("Read your agency's figures on cases, risk and cooperation"), "evaluation:dashboard"),
        (
            _("Choose your checklists and questionnaires, and evaluate your cooperation"),
            "organisation_instruments:definitions",
        ),
        (
            _("Perpetrator programmes: set how many absences in a row alert the victim side"),
            "programme_settings:threshold",
        ),
    ],
    Role.TRAINER: [
        (
            _("Run the capacity-building programme: events, attendance and certificates"),
            "training:events",
        ),
        (_("Follow your trainees' case-study practice"), "practice:list"),
    ],
    Role.TRAINEE: [
        (_("Practise the protocol's tools on fictional cases"), "practice:list"),
    ],
    Role.DATA_PROTECTION_OFFICER: [
        (_("Read, filter and export the audit trail"), "audit:list"),
        (
            _("Retention, erasure, subject access and the registers of data protection"),
            "dataprotection:index",
        ),
    ],
    Role.ADMINISTRATOR: [
        (_("Manage who holds which role in your organisation"), "accounts:members"),
        (
            _("Issue and revoke the API tokens of your organisation's own systems"),
            "api_tokens:list",
        ),
        (
            _("Tell your organisation's systems of alerts on your cases (webhooks)"),
            "webhooks:endpoints",
        ),
        (
            _("Perpetrator programmes: set how many absences in a row alert the victim side"),
            "programme_settings:threshold",
        ),
    ],
}


def _steps_for(role: str) -> list[dict[str, str]]:
    steps = []
    for text, url_name in NEXT_STEPS.get(role, []):
        try:
            url = reverse(url_name) if url_name else ""
        except NoReverseMatch:
            url = ""
        steps.append({"text": str(text), "url": url})
    return steps


@signed_in
class DashboardView(TemplateView):
    template_name = "accounts/dashboard.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        panels = []
        for membership in self.request.user.active_memberships:
            panels.append({"membership": membership, "steps": _steps_for(membership.role)})
        context["panels"] = panels
        context["home"] = home_for(self.request.user)
        context["today"] = timezone.localdate()
        return context


@for_roles(Role.ADMINISTRATOR)
@method_decorator(reauthentication_required, name="post")
class MembersView(View):
    """Who holds which role; granting and ending a role needs a fresh re-authentication."""

    template_name = "accounts/members.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = GrantRoleForm(organisations=administered_organisations(request.user))
        return self.render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        organisations = administered_organisations(request.user)
        if "revoke" in request.POST:
            membership = get_object_or_404(memberships_for(request.user), pk=request.POST["revoke"])
            if membership.user_id == request.user.pk and membership.role == Role.ADMINISTRATOR:
                messages.error(request, _("You cannot end your own administrator role."))
            else:
                services.revoke_role(actor=request.user, membership=membership)
                messages.success(request, _("The role was ended."))
            return redirect("accounts:members")
        asked = request.POST.get("organisation")
        if asked and asked not in {str(o.pk) for o in organisations}:
            raise PermissionDenied
        form = GrantRoleForm(request.POST, organisations=organisations)
        if not form.is_valid():
            return self.render(request, form, status=400)
        site = request.build_absolute_uri("/")[:-1]
        services.grant_role_by_email(actor=request.user, site=site, **form.cleaned_data)
        messages.success(request, _("The role was granted."))
        return redirect("accounts:members")

    def render(self, request: HttpRequest, form: GrantRoleForm, status: int = 200) -> HttpResponse:
        page = Paginator(memberships_for(request.user), 50).get_page(request.GET.get("page"))
        context = {"form": form, "page": page, "pending": recovery.pending_for(request.user)}
        return render(request, self.template_name, context, status=status)
