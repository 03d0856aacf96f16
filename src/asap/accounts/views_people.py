"""An administrator's pages about one person of their organisations: roles, deactivation,
account recovery (four eyes on the victim side), and the person's security log."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts import recovery, services
from asap.accounts.enums import Role
from asap.accounts.models import RecoveryRequest, User
from asap.accounts.queries import administered_organisations, log_readable_people
from asap.accounts.views_personal import render_activity
from asap.core.permissions import for_roles


def people_administered_by(admin: User) -> QuerySet[User]:
    """People with an active role in an organisation `admin` administers; nobody else."""
    return User.objects.filter(
        memberships__organisation__in=administered_organisations(admin),
        memberships__is_active=True,
    ).distinct()


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


@for_roles(Role.ADMINISTRATOR)
class PersonView(View):
    """One person: their roles in the administrator's organisations and the actions on them."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(people_administered_by(request.user), pk=pk)
        organisations = administered_organisations(request.user)
        context = {
            "person": person,
            "memberships": person.memberships.filter(
                organisation__in=organisations, is_active=True
            ).select_related("organisation"),
            "can_recover": recovery.recoverable_people(request.user).filter(pk=pk).exists(),
            "needs_four_eyes": recovery.is_on_victim_side(person),
            "pending": [r for r in recovery.pending_for(request.user) if r.person_id == person.pk],
            "kinds": RecoveryRequest.Kind.choices,
        }
        return render(request, "accounts/person.html", context)


@for_roles(Role.ADMINISTRATOR)
@method_decorator(reauthentication_required, name="post")
class DeactivateView(View):
    """End every role of the person in the administrator's organisations."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(people_administered_by(request.user), pk=pk)
        # A token's account ends with its token (the API tokens page), not here.
        if person.pk == request.user.pk or person.is_system_account:
            raise Http404
        services.deactivate_member(
            actor=request.user,
            person=person,
            organisations=administered_organisations(request.user),
        )
        messages.success(request, _("The person's roles in your organisations were ended."))
        return redirect("accounts:members")


@for_roles(Role.ADMINISTRATOR)
@method_decorator(reauthentication_required, name="post")
class RecoveryView(View):
    """Ask to reset the person's password or remove their authenticators."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(recovery.recoverable_people(request.user), pk=pk)
        kind = request.POST.get("kind")
        if kind not in RecoveryRequest.Kind.values:
            return HttpResponse(status=400)
        done = recovery.request_recovery(
            actor=request.user, person=person, kind=kind, site=_site(request), request=request
        )
        if done.state == RecoveryRequest.State.COMPLETED:
            messages.success(request, _("The account was recovered; the person was e-mailed."))
        else:
            messages.info(
                request,
                _("A second administrator must approve this within 24 hours."),
            )
        return redirect("accounts:person", pk=person.pk)


@for_roles(Role.ADMINISTRATOR)
@method_decorator(reauthentication_required, name="post")
class RecoveryDecisionView(View):
    """A second administrator approves or refuses a pending recovery."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pending = get_object_or_404(recovery.pending_for(request.user), pk=pk)
        if "approve" in request.POST:
            recovery.approve_recovery(
                actor=request.user, recovery=pending, site=_site(request), request=request
            )
            messages.success(request, _("The account was recovered; the person was e-mailed."))
        else:
            recovery.refuse_recovery(actor=request.user, recovery=pending, request=request)
            messages.success(request, _("The recovery was refused."))
        return redirect("accounts:members")


@for_roles(Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER)
class PersonActivityView(View):
    """A member's security log, for the administrators and data-protection officers of the
    organisations where the member holds a role: of every one of them (a role granted in one
    agency opens no log of a worker of another)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(log_readable_people(request.user), pk=pk)
        return render_activity(request, person, own=False)
