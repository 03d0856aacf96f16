"""The overview page and retention: rules per record kind, the dry run and applying it."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from asap.core.permissions import for_roles
from asap.core.roles import Role
from asap.dataprotection import queries, sides
from asap.dataprotection.enums import RecordKind, ReportStatus
from asap.dataprotection.forms import ApplyReportForm, RetentionRulesForm
from asap.dataprotection.services import retention


@for_roles(Role.DATA_PROTECTION_OFFICER)
class IndexView(View):
    """The officer's overview: figures, the dry run awaiting review, recent requests and
    decisions on erasure requests."""

    def get(self, request: HttpRequest) -> HttpResponse:
        pending = queries.reports_for(request.user).filter(status=ReportStatus.PROPOSED)
        return render(
            request,
            "dataprotection/index.html",
            {
                "organisations": queries.dpo_organisations(request.user),
                "figures": queries.case_figures(request.user),
                "pending": pending.first(),
                "requests": queries.requests_for(request.user)[:20],
                "decisions": queries.decisions_for(request.user)[:20],
                "breaches": queries.breaches_for(request.user).count(),
                "activities": queries.activities_for(request.user).count(),
            },
        )


def chosen_organisation(request: HttpRequest):
    organisation_id = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = queries.organisation_for(
        request.user, int(organisation_id) if str(organisation_id).isdigit() else None
    )
    if organisation is None:
        raise Http404
    return organisation


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="post")
class RetentionView(View):
    """The rules of one organisation, its latest dry run, and the button to prepare one."""

    template = "dataprotection/retention.html"

    def context(self, request: HttpRequest, organisation, form=None) -> dict:
        rules = retention.rules_of(organisation)
        reports = queries.reports_for(request.user).filter(organisation=organisation)
        pending = reports.filter(status=ReportStatus.PROPOSED).first()
        return {
            "elsewhere": retention.left_to_victim_side(pending)[0] if pending else [],
            "organisation": organisation,
            "organisations": queries.dpo_organisations(request.user),
            "form": form or RetentionRulesForm(rules=rules),
            "default_years": retention.default_years(),
            "pending": pending,
            "rows": retention.case_counts(pending) if pending else [],
            "kinds": RecordKind.choices,
            "apply_form": ApplyReportForm(),
            "history": reports.exclude(status=ReportStatus.PROPOSED)[:10],
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, self.context(request, chosen_organisation(request)))

    def post(self, request: HttpRequest) -> HttpResponse:
        organisation = chosen_organisation(request)
        if request.POST.get("action") == "dry_run":
            report = retention.prepare_report(actor=request.user, organisation=organisation)
            messages.success(
                request,
                _("Dry run prepared: %(count)s case(s) would be anonymised. Nothing changed yet.")
                % {"count": len(retention.case_counts(report))},
            )
            return redirect(f"{request.path}?organisation={organisation.pk}")
        form = RetentionRulesForm(request.POST, rules=retention.rules_of(organisation))
        if request.POST.get("action") == "rules" and form.is_valid():
            retention.set_rules(
                actor=request.user,
                organisation=organisation,
                years={k: form.cleaned_data[k] for k in RecordKind.values},
            )
            messages.success(request, _("The retention rules were saved."))
            return redirect(f"{request.path}?organisation={organisation.pk}")
        return render(request, self.template, self.context(request, organisation, form), status=400)


def refuse_apply(request: HttpRequest, report, sides_taken: list[str]) -> HttpResponse:
    """403 with the retention page and the reason: every case of the dry run is one where
    the organisation is not on the victim side (`asap.dataprotection.sides`)."""
    organisation = queries.organisation_for(request.user, report.organisation_id)
    context = RetentionView().context(request, organisation)
    context["refusal"] = sides.refusal(sides.RETENTION, "", sides_taken)
    return render(request, RetentionView.template, context, status=403)


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class ApplyReportView(View):
    """Anonymise the cases a reviewed dry run lists (POST only)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = queries.report_for(request.user, pk)
        if report is None:
            raise Http404
        codes, sides_taken = retention.left_to_victim_side(report)
        if codes and not retention.case_counts(report):
            return refuse_apply(request, report, sides_taken)
        form = ApplyReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tick the box to confirm you reviewed the dry run."))
        else:
            try:
                applied = retention.apply_report(actor=request.user, report=report)
            except retention.ReportNotPending:
                messages.error(request, _("This dry run was already applied or superseded."))
            else:
                messages.success(
                    request,
                    _("Anonymised %(count)s case(s).")
                    % {"count": len({item["case_id"] for item in applied})},
                )
        return redirect(
            f"{reverse('dataprotection:retention')}?organisation={report.organisation_id}"
        )
