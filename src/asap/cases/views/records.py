"""What a case holds: children, persons, protected details, notes, shares, consent, and the
preparation of a child's assessment."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from asap.cases import access, services
from asap.cases.enums import EntryKind, PersonRole, Side
from asap.cases.forms import (
    ChildForm,
    ChildPreparationForm,
    ConsentForm,
    EditNoteForm,
    EditPersonForm,
    EditProtectedDetailForm,
    NoteForm,
    ProtectedDetailForm,
    ShareForm,
    WaiverForm,
    WithdrawConsentForm,
)
from asap.cases.views.base import CaseFormView, CaseView, case_roles


@case_roles
class AddChildView(CaseFormView):
    title = _("Add a child")
    intro = _(
        "Every member sees the child's label, year of birth and gender; only the victim side "
        "sees the name."
    )
    success_message = _("The child was added.")

    def get_form(self, data: Any = None) -> ChildForm:
        return ChildForm(data, name_visible=self.access.is_victim_side)

    def save(self, form: ChildForm) -> None:
        services.add_person(
            actor=self.request.user, access=self.access, role=PersonRole.CHILD, **form.cleaned_data
        )


@case_roles
class EditPersonView(CaseFormView):
    success_message = _("The record was saved.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.person_pk = kwargs["person_pk"]
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> EditPersonForm:
        self.person = access.person_for(self.access, self.person_pk)
        self.title = _("Change the record of %(label)s") % {"label": self.person.label}
        initial = {
            "name": self.person.name,
            "year_of_birth": self.person.year_of_birth,
            "gender": self.person.gender,
            "version": self.person.version,
        }
        return EditPersonForm(data, initial=initial)

    def save(self, form: EditPersonForm) -> None:
        data = dict(form.cleaned_data)
        services.update_person(
            actor=self.request.user,
            access=self.access,
            person=self.person,
            expected_version=data.pop("version"),
            **data,
        )


@case_roles
class AddProtectedDetailView(CaseFormView):
    action = access.VICTIM_SIDE
    title = _("Record a protected detail")
    intro = _(
        "Addresses, shelter, phone, e-mail, safe channel, new accounts, school and workplace "
        "reach victim-side members only, and can never be shared."
    )
    success_message = _("The protected detail was recorded.")

    def get_form(self, data: Any = None) -> ProtectedDetailForm:
        self.persons = [
            p for p in access.persons_for(self.access) if p.role != PersonRole.PERPETRATOR
        ]
        return ProtectedDetailForm(data, persons=self.persons)

    def save(self, form: ProtectedDetailForm) -> None:
        data = dict(form.cleaned_data)
        person = access.person_for(self.access, data.pop("person"))
        services.record_protected_detail(
            actor=self.request.user, access=self.access, person=person, **data
        )


@case_roles
class EditProtectedDetailView(CaseFormView):
    action = access.VICTIM_SIDE
    title = _("Change a protected detail")
    success_message = _("The protected detail was saved.")

    def get_form(self, data: Any = None) -> EditProtectedDetailForm:
        self.detail = access.protected_detail_for(self.access, self.kwargs["detail_pk"])
        initial = {
            "kind": self.detail.kind,
            "value": self.detail.value,
            "version": self.detail.version,
        }
        return EditProtectedDetailForm(data, initial=initial)

    def save(self, form: EditProtectedDetailForm) -> None:
        data = dict(form.cleaned_data)
        services.update_protected_detail(
            actor=self.request.user,
            access=self.access,
            detail=self.detail,
            expected_version=data.pop("version"),
            **data,
        )


@case_roles
class AddNoteView(CaseFormView):
    title = _("Add a note")
    success_message = _("The note was added.")

    def get_form(self, data: Any = None) -> NoteForm:
        return NoteForm(data, compartments=self.access.writable_compartments(), access=self.access)

    def save(self, form: NoteForm) -> None:
        services.add_note(actor=self.request.user, access=self.access, **form.cleaned_data)


SHAREABLE = {EntryKind.NOTE, EntryKind.EPISODE}


def _own_note(case_access: access.CaseAccess, entry_pk: int, kinds: Any = (EntryKind.NOTE,)) -> Any:
    entry = access.entry_for(case_access, entry_pk)
    if entry.kind not in kinds:
        raise PermissionDenied("Only notes are edited; notes and episodes are shared.")
    if entry.compartment not in case_access.writable_compartments():
        raise PermissionDenied("Only the side that holds a note changes or shares it.")
    return entry


@case_roles
class EditNoteView(CaseFormView):
    title = _("Change a note")
    success_message = _("The note was saved.")

    def get_form(self, data: Any = None) -> EditNoteForm:
        self.entry = _own_note(self.access, self.kwargs["entry_pk"])
        initial = {
            "title": self.entry.title,
            "body": self.entry.body,
            "version": self.entry.version,
        }
        return EditNoteForm(data, initial=initial, access=self.access, entry=self.entry)

    def save(self, form: EditNoteForm) -> None:
        data = dict(form.cleaned_data)
        services.update_note(
            actor=self.request.user,
            access=self.access,
            entry=self.entry,
            expected_version=data.pop("version"),
            **data,
        )


@case_roles
class ShareView(CaseFormView):
    template_name = "cases/share.html"
    title = _("Share an item with the other side")
    submit_label = _("Share")
    success_message = _("The item was shared. You can withdraw the share at any time.")

    def get_form(self, data: Any = None) -> ShareForm:
        self.entry = _own_note(self.access, self.kwargs["entry_pk"], SHAREABLE)
        if not services.may_share(self.access, self.entry):
            raise PermissionDenied("Only an item of your own side can be shared.")
        return ShareForm(data, own_side=self.access.side, access=self.access, entry=self.entry)

    def context(self) -> dict[str, Any]:
        return {"entry": self.entry}

    def save(self, form: ShareForm) -> None:
        services.share_entry(
            actor=self.request.user, access=self.access, entry=self.entry, **form.cleaned_data
        )


@case_roles
class WithdrawShareView(CaseView):
    frozen_by_restriction = False  # narrows processing: allowed while restricted

    def post(self, request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
        share = access.share_for(self.access, share_pk)
        if share.withdrawn_at is None:
            services.withdraw_share(actor=request.user, access=self.access, share=share)
        messages.success(request, _("The share was withdrawn: the other side no longer sees it."))
        return redirect("cases:detail", pk=pk)


@case_roles
class ConsentView(CaseFormView):
    action = access.VICTIM_SIDE
    template_name = "cases/consent.html"
    title = _("The woman's consent to information sharing")
    submit_label = _("Record her consent")
    success_message = _("Her consent was recorded.")

    def get_form(self, data: Any = None) -> ConsentForm:
        return ConsentForm(data)

    def context(self) -> dict[str, Any]:
        return {
            "consents": access.consents_for(self.access),
            "shares_in_force": access.shares_in_force(self.access),
        }

    def save(self, form: ConsentForm) -> None:
        services.record_consent(actor=self.request.user, access=self.access, **form.cleaned_data)


@case_roles
class WithdrawConsentView(CaseFormView):
    frozen_by_restriction = False  # narrows processing: allowed while restricted
    action = access.VICTIM_SIDE
    title = _("Record that she withdrew her consent")
    intro = _(
        "From then on the sides this consent covered no longer see her items shared with them "
        "nor the joint items the victim side recorded; they see only that something is "
        "withheld by her choice. The shares stay on record."
    )
    submit_label = _("Record the withdrawal")
    success_message = _(
        "The withdrawal was recorded: what it covered is withheld from the other sides."
    )

    template_name = "cases/consent.html"

    def context(self) -> dict[str, Any]:
        return {
            "consents": access.consents_for(self.access),
            "shares_in_force": access.shares_in_force(self.access),
        }

    def get_form(self, data: Any = None) -> WithdrawConsentForm:
        self.consent = access.consent_for(self.access, self.kwargs["consent_pk"])
        if self.consent.withdrawn_on:
            raise PermissionDenied("This consent was already withdrawn.")
        return WithdrawConsentForm(data, given_on=self.consent.given_on)

    def save(self, form: WithdrawConsentForm) -> None:
        services.withdraw_consent(
            actor=self.request.user, access=self.access, consent=self.consent, **form.cleaned_data
        )


class PerpetratorSideView(CaseFormView):
    """A form of the perpetrator side only (his waiver); everyone else gets 403."""

    def get_form(self, data: Any = None) -> Any:
        if self.access.side != Side.PERPETRATOR:
            raise PermissionDenied("His waiver is recorded by the perpetrator side only.")
        return self.perpetrator_form(data)

    def perpetrator_form(self, data: Any) -> Any:
        raise NotImplementedError

    def context(self) -> dict[str, Any]:
        return {"waivers": access.consents_for(self.access)}


@case_roles
class WaiverView(PerpetratorSideView):
    template_name = "cases/waiver.html"
    title = _("His limited waiver of confidentiality")
    intro = _(
        "While his waiver is in force, the joint content your side records (notes, answers, "
        "plan rows, episodes) reaches the other agencies in the case. The victim side does "
        "not see this record."
    )
    submit_label = _("Record his waiver")
    success_message = _("His waiver was recorded.")

    def perpetrator_form(self, data: Any) -> WaiverForm:
        return WaiverForm(data)

    def save(self, form: WaiverForm) -> None:
        services.record_waiver(actor=self.request.user, access=self.access, **form.cleaned_data)


@case_roles
class WithdrawWaiverView(PerpetratorSideView):
    frozen_by_restriction = False  # narrows processing: allowed while restricted
    template_name = "cases/waiver.html"
    title = _("Record that he withdrew his waiver")
    intro = _("From then on the other agencies no longer see the joint content your side recorded.")
    submit_label = _("Record the withdrawal")
    success_message = _("The withdrawal of his waiver was recorded.")

    def perpetrator_form(self, data: Any) -> WithdrawConsentForm:
        self.waiver = access.consent_for(self.access, self.kwargs["consent_pk"])
        if self.waiver.withdrawn_on:
            raise PermissionDenied("This waiver was already withdrawn.")
        return WithdrawConsentForm(data, given_on=self.waiver.given_on)

    def save(self, form: WithdrawConsentForm) -> None:
        services.withdraw_waiver(
            actor=self.request.user, access=self.access, waiver=self.waiver, **form.cleaned_data
        )


@case_roles
class ChildPreparationView(CaseFormView):
    template_name = "cases/child_preparation.html"
    submit_label = _("Save the preparation")
    success_message = _("The preparation was saved.")

    def get_form(self, data: Any = None) -> ChildPreparationForm:
        child = next(
            (p for p in access.children_of(self.access) if p.pk == self.kwargs["person_pk"]), None
        )
        if child is None:
            raise Http404
        self.child = child
        self.title = _("Preparing the assessment of %(label)s") % {"label": child.label}
        preparation = self.preparation = child.preparation
        initial = {}
        if preparation is not None:
            initial = {name: getattr(preparation, name) for name in services.PREPARATION_FIELDS}
            initial["version"] = preparation.version
        return ChildPreparationForm(data, initial=initial)

    def save(self, form: ChildPreparationForm) -> None:
        data = dict(form.cleaned_data)
        services.prepare_child_assessment(
            actor=self.request.user,
            access=self.access,
            child=access.child_record(self.access, self.child.pk),
            expected_version=data.pop("version"),
            **data,
        )

    def context(self) -> dict[str, Any]:
        """Whether the child may be assessed now, and why not (the consent rule)."""
        preparation = self.preparation
        return {
            "ready": bool(preparation and preparation.is_ready),
            "consent_problems": preparation.consent_problems if preparation else [],
        }
