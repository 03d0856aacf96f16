"""Moving a case to the next phase: a member confirms what the case page proposes."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from asap.cases.forms_phase import MovePhaseForm
from asap.cases.services.phase import PhaseMoveError, PhaseNotDoneError, move_to_next_phase
from asap.cases.views.base import CONCURRENT_EDIT, CaseView, case_roles
from asap.core.versioning import ConcurrentEditError

MOVED_ON = _(
    "The case is no longer in the phase you saw: someone moved it. Nothing was changed. "
    "Look at the case page again."
)

NOT_DONE = _(
    "The steps of this phase are not all completed yet. Nothing was changed. The case page "
    "lists what is left to do under What to do next."
)


@case_roles
class MovePhaseView(CaseView):
    """POST only: the phase the worker saw and the case's version; a closed case refuses
    it in `CaseView.dispatch` (HTTP 423)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = MovePhaseForm(request.POST)
        if not form.is_valid():
            return self.refuse(_("The form was incomplete. Nothing was changed."), 400)
        try:
            case = move_to_next_phase(
                actor=request.user,
                access=self.access,
                from_phase=form.cleaned_data["from_phase"],
                expected_version=form.cleaned_data["version"],
            )
        except PhaseMoveError:
            return self.refuse(MOVED_ON, 409)
        except PhaseNotDoneError:
            return self.refuse(NOT_DONE, 409)
        except ConcurrentEditError:
            return self.refuse(CONCURRENT_EDIT, 409)
        messages.success(
            request,
            _("The case moved to the phase: %(phase)s.") % {"phase": case.get_phase_display()},
        )
        return redirect("cases:detail", pk=case.pk)

    def refuse(self, reason: object, status: int) -> HttpResponse:
        context = {"case": self.access.case, "reason": reason}
        return render(self.request, "cases/phase_refused.html", context, status=status)
