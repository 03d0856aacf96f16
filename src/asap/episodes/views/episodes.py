"""Recidivism episodes on a case: the three sources side by side, recording, reading and
changing an episode. What a viewer reads is decided by the barrier (`queries`)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asap.attachments import case_page as attachments_on
from asap.cases.enums import Side
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.episodes import queries, services
from asap.episodes.enums import EpisodeSource
from asap.episodes.forms import EditEpisodeForm, EpisodeForm, episode_initial

PAGE_SIZE = 30

INTRO_FOR_SIDE = {
    Side.VICTIM: _(
        "You record what the woman reported. It stays on the victim side; with her consent you "
        "can share it with the other side later. Only the victim side is told that a new "
        "episode was reported: the other members get no sign of it, on the timeline or by "
        "e-mail."
    ),
    Side.PERPETRATOR: _(
        "You record what the man disclosed. The victim side and your side read it, the other "
        "agencies only under his waiver of confidentiality; those who read it are told that a "
        "new episode was reported; a re-assessment and an extraordinary meeting are proposed."
    ),
    Side.AGENCY: _(
        "You record what your agency heard. Every member of the case reads it and is told that "
        "a new episode was reported; a re-assessment and an extraordinary meeting are proposed."
    ),
}


VICTIM_SIDE_RECORDED = _(
    "The episode was recorded. The victim side was told; a re-assessment is proposed. The "
    "other members are not told."
)


@case_roles
class EpisodeListView(CaseView):
    """The sources side by side, one row per month, one page of episodes at a time."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        counts = queries.episode_counts(self.access)
        page = Paginator(queries.episodes_for(self.access), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {
            "case": self.access.case,
            "access": self.access,
            "page": page,
            "rows": queries.month_rows(list(page.object_list)),
            "sources": [(label, counts[source]) for source, label in EpisodeSource.choices],
        }
        return render(request, "episodes/list.html", context)


@case_roles
class AddEpisodeView(CaseFormView):
    template_name = "episodes/form.html"
    title = _("Record an episode")
    submit_label = _("Record the episode")
    success_message = _(
        "The episode was recorded. The members were told; a re-assessment is proposed."
    )

    def get_form(self, data: Any = None) -> EpisodeForm:
        self.intro = INTRO_FOR_SIDE[self.access.side]
        if self.access.is_victim_side:
            self.success_message = VICTIM_SIDE_RECORDED
        return EpisodeForm(data, access=self.access)

    def context(self) -> dict[str, Any]:
        source = services.source_for(self.access)
        return {"source_label": EpisodeSource(source).label}

    def save(self, form: EpisodeForm) -> None:
        self.episode = services.record_episode(
            actor=self.request.user, access=self.access, **form.cleaned_data
        )

    def success_url(self) -> str:
        return reverse("episodes:detail", args=[self.access.case.pk, self.episode.pk])


@case_roles
class EpisodeDetailView(CaseView):
    def get(self, request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
        episode = queries.episode_for(self.access, episode_pk)
        owned = services.may_change(self.access, episode)
        context = {
            "case": self.access.case,
            "access": self.access,
            "episode": episode,
            "may_change": owned,
            "may_share": owned and episode.entry.compartment == self.access.side,
            "shares": list(queries.shares_of(self.access, episode)),
            "attached": attachments_on.on_record(self.access, episode.entry),
        }
        return render(request, "episodes/detail.html", context)


@case_roles
class EditEpisodeView(CaseFormView):
    template_name = "episodes/form.html"
    title = _("Change an episode")
    success_message = _("The episode was saved.")

    def get_form(self, data: Any = None) -> EditEpisodeForm:
        self.episode = queries.episode_for(self.access, self.kwargs["episode_pk"])
        if not services.may_change(self.access, self.episode):
            raise PermissionDenied("Only the side that recorded an episode changes it.")
        return EditEpisodeForm(
            data,
            initial=episode_initial(self.episode),
            access=self.access,
            entry=self.episode.entry,
        )

    def context(self) -> dict[str, Any]:
        return {"source_label": self.episode.get_source_display()}

    def save(self, form: EditEpisodeForm) -> None:
        data = dict(form.cleaned_data)
        services.update_episode(
            actor=self.request.user,
            access=self.access,
            episode=self.episode,
            expected_version=data.pop("version"),
            **data,
        )

    def success_url(self) -> str:
        return reverse("episodes:detail", args=[self.access.case.pk, self.episode.pk])
