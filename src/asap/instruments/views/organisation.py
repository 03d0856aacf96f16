"""Instruments for an organisation: the definitions it uses (shipped, or its own uploads
of YAML or XLSForm) and the questionnaire on change in organisational behaviour."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.enums import Role
from asap.core.permissions import acting_organisation, for_roles
from asap.core.uploads import excerpt
from asap.core.versioning import ConcurrentEditError
from asap.instruments import organisation as questionnaire
from asap.instruments import queries, registry, services
from asap.instruments.definition import DefinitionError, text_in
from asap.instruments.enums import AdministrationStatus
from asap.instruments.forms import AnswersForm, UploadDefinitionForm
from asap.instruments.xlsform import compile_xlsform

ORGANISATION_QUESTIONNAIRE = "organisational-behaviour"


@for_roles(Role.COORDINATOR)
class DefinitionsView(View):
    """What the organisation uses, and uploading its own definitions."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, UploadDefinitionForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UploadDefinitionForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                text = (
                    compile_xlsform(content, upload.name)
                    if upload.name.lower().endswith(".xlsx")
                    else content.decode("utf-8")
                )
                row = services.upload_definition(
                    actor=request.user,
                    organisation=acting_organisation(request, Role.COORDINATOR),
                    file_name=upload.name,
                    text=text,
                )
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text."))
            except DefinitionError as refused:
                form.add_error(
                    "file",
                    _("Refused: %(file)s, %(where)s: %(reason)s")
                    % {
                        "file": excerpt(refused.source),
                        "where": refused.where,
                        "reason": refused.reason,
                    },
                )
            else:
                messages.success(
                    request,
                    _("%(key)s version %(version)s is now used by your organisation.")
                    % {"key": row.key, "version": row.version},
                )
                return redirect("organisation_instruments:definitions")
        return self.render(request, form, status=400)

    def render(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        available = registry.available(organisation.pk)
        context = {
            "organisation": organisation,
            "available": sorted(available.values(), key=lambda a: a.definition.key),
            "form": form,
        }
        return render(request, "instruments/definitions.html", context, status=status)


@for_roles(Role.COORDINATOR)
class DefinitionView(View):
    """One definition as a reader sees it: sections, tiers, items and rules."""

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        available = registry.available(acting_organisation(request, Role.COORDINATOR).pk).get(key)
        if available is None:
            raise Http404
        definition = available.definition
        sections = [
            {
                "title": text_in(section.title),
                "section": section,
                "items": [(item, section.tier_title(item.tier)) for item in section.items],
            }
            for section in definition.sections
        ]
        context = {
            "definition": definition,
            "owned": available.owner_id is not None,
            "sections": sections,
            "description": text_in(definition.description) if definition.description else "",
        }
        return render(request, "instruments/definition.html", context)


@for_roles(Role.COORDINATOR)
class OrganisationQuestionnaireView(View):
    """The questionnaire on change in organisational behaviour, repeated over time."""

    def get(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        context = {
            "organisation": organisation,
            "administrations": queries.organisation_administrations(organisation),
        }
        return render(request, "instruments/organisation.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        administration = questionnaire.start_organisation_questionnaire(
            actor=request.user,
            organisation=acting_organisation(request, Role.COORDINATOR),
            key=ORGANISATION_QUESTIONNAIRE,
        )
        return redirect("organisation_instruments:answer", administration_pk=administration.pk)


@for_roles(Role.COORDINATOR)
class OrganisationAnswerView(View):
    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.administration = None

    def fetch(self, request: HttpRequest, administration_pk: int) -> None:
        organisation = acting_organisation(request, Role.COORDINATOR)
        self.administration = queries.organisation_administration(organisation, administration_pk)
        self.definition = services.definition_of(self.administration)
        self.answers = queries.organisation_answers(self.administration)

    def form(self, data: Any = None) -> AnswersForm:
        return AnswersForm(
            data,
            definition=self.definition,
            answers=self.answers,
            initial={"version": self.administration.version},
        )

    def get(self, request: HttpRequest, administration_pk: int) -> HttpResponse:
        self.fetch(request, administration_pk)
        return self.render(request, self.form())

    def post(self, request: HttpRequest, administration_pk: int) -> HttpResponse:
        self.fetch(request, administration_pk)
        if self.administration.status == AdministrationStatus.COMPLETED:
            raise PermissionDenied("A completed questionnaire is not changed.")
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        try:
            questionnaire.save_organisation_answers(
                actor=request.user,
                administration=self.administration,
                answers=form.answers(),
                expected_version=form.cleaned_data["version"],
                complete="complete" in request.POST,
            )
        except ConcurrentEditError:
            form.add_error(
                None,
                _(
                    "Someone else changed these answers after you opened them. "
                    "Nothing was saved: your input is below."
                ),
            )
            return self.render(request, form, status=409)
        messages.success(request, _("The answers were saved."))
        return redirect("organisation_instruments:questionnaire")

    def render(self, request: HttpRequest, form: AnswersForm, status: int = 200) -> HttpResponse:
        sections = [
            {
                "title": text_in(section.title),
                "fields": [form[f"item_{item.key}"] for item in section.items],
            }
            for section in self.definition.sections
        ]
        context = {
            "administration": self.administration,
            "definition": self.definition,
            "title": self.definition.label(),
            "form": form,
            "sections": sections,
        }
        return render(request, "instruments/organisation_answer.html", context, status=status)
