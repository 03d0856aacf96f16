"""Writes of the episodes app: recording and changing recidivism episodes, and recording
remote sessions. Each writes its audit row (field names, never values) and its timeline
entry in one transaction."""

import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asap.accounts.models import User
from asap.cases.access import CaseAccess
from asap.cases.enums import EntryKind
from asap.cases.models import CaseMember, Consent, JointCase, TimelineEntry
from asap.cases.policy import Reader, may_read
from asap.cases.services import record_timeline
from asap.core import audit
from asap.core.versioning import save_versioned
from asap.episodes.enums import (
    EPISODE_COMPARTMENT,
    SESSION_COMPARTMENT,
    SOURCE_FOR_SIDE,
    WITH_WHOM_FOR_SIDE,
    EpisodeSource,
)
from asap.episodes.models import Episode, RemoteSession
from asap.episodes.rules import safety_check_gaps
from asap.webhooks.enums import EventKind
from asap.webhooks.events import emit

EPISODE_FIELDS = [
    "date_from",
    "date_to",
    "forms_of_violence",
    "severity",
    "children_present",
    "police_involved",
    "court_involved",
    "note",
]
SESSION_FIELDS = [
    "held_at",
    "with_whom",
    "channel",
    "contact_details",
    "person_alone_and_safe",
    "device_safe",
    "end_signal",
    "outcome",
    "stop_reason",
    "summary",
    "risks_identified",
    "follow_up_agreed",
    "technical_issues",
]


class SafetyCheckIncompleteError(ValueError):
    """A session recorded as held without its full safety check."""


def _audit(actor: User, action: str, obj: object, access: CaseAccess, fields: list[str]) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=access.organisation_id,
        case_id=access.case.pk,
        fields=fields,
    )


def source_for(access: CaseAccess) -> str:
    """The source a member records: their own side's (the man's programme records what he
    discloses, the victim side what she reports, other agencies what they hear)."""
    if not access.is_member:
        raise ValueError("Only a member of the case records an episode.")
    return SOURCE_FOR_SIDE[access.side]


def _entry_title(source: str, date_from: datetime.date) -> str:
    return f"{date_from.isoformat()} · {EpisodeSource(source).label}"


def record_episode(
    *,
    actor: User,
    access: CaseAccess,
    date_from: datetime.date,
    forms_of_violence: list[str],
    severity: str,
    children_present: str,
    date_to: datetime.date | None = None,
    police_involved: bool = False,
    court_involved: bool = False,
    note: str = "",
) -> Episode:
    """Record an episode reported to the actor's side; its source is that side's.

    Side effects: an EPISODE timeline entry in the source's compartment, recorded by the
    actor's side (the victim's stays on the victim side until shared); an EPISODE_ALERT
    proposing re-assessment and an extraordinary meeting in the same compartment, recorded
    by the same side, so the read policy shows it exactly to those who read the episode at
    that moment (her unshared episode gives the other sides no sign: no alert, no e-mail);
    audit `episode.add`; on commit an e-mail carrying the case code only to the active members
    who read the alert.
    """
    source = source_for(access)
    compartment = EPISODE_COMPARTMENT[source]
    case = access.case
    with transaction.atomic():
        entry = record_timeline(
            case=case,
            kind=EntryKind.EPISODE,
            compartment=compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=_entry_title(source, date_from),
            recorded_side=access.side,
        )
        episode = Episode.objects.create(
            case=case,
            entry=entry,
            source=source,
            date_from=date_from,
            date_to=date_to,
            forms_of_violence=sorted(forms_of_violence),
            severity=severity,
            children_present=children_present,
            police_involved=police_involved,
            court_involved=court_involved,
            note=note,
            reported_by=actor,
            organisation_id=access.organisation_id,
        )
        # The alert is filed where the episode is: her report's alert stays on the victim
        # side (no hint to the others that she reported anything).
        alert = record_timeline(
            case=case,
            kind=EntryKind.EPISODE_ALERT,
            compartment=compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=str(EpisodeSource(source).label),
            recorded_side=access.side,
        )
        _audit(actor, "episode.add", episode, access, ["source", *EPISODE_FIELDS])
        transaction.on_commit(lambda: mail_episode_alert(case, alert))
        emit(EventKind.EPISODE_RECORDED, case, compartment=compartment, recorded_side=access.side)
    return episode


def alert_readers(case: JointCase, alert: TimelineEntry) -> list[CaseMember]:
    """The active members whose side reads `alert` under the read policy and the consents in
    force now (the alert is never shared: a share needs a worker's act on an item)."""
    her, his = Consent.objects.scopes_in_force(case)
    members = CaseMember.objects.filter(case=case, is_active=True).select_related("user")
    return [
        member
        for member in members
        if may_read(
            Reader(member.side, her_consent=her, his_waiver=his),
            alert.compartment,
            alert.recorded_side,
        )
    ]


def mail_episode_alert(case: JointCase, alert: TimelineEntry) -> None:
    """Tell the active members who read the alert that an episode was reported: the case
    code only. Nobody else is written to: her unshared episode reaches no other side."""
    for member in alert_readers(case, alert):
        user = member.user
        with translation.override(user.language or None):
            subject = _("New episode in joint case %(code)s") % {"code": case.code}
            body = render_to_string("episodes/email/episode_alert.txt", {"code": case.code})
        send_mail(subject, body, None, [user.email])


def may_change(access: CaseAccess, episode: Episode) -> bool:
    """Only the side that recorded an episode changes it."""
    return access.is_member and SOURCE_FOR_SIDE[access.side] == episode.source


def update_episode(
    *, actor: User, access: CaseAccess, episode: Episode, expected_version: int, **values: object
) -> Episode:
    """Change an episode (its source stays). Raises ConcurrentEditError on a stale version,
    ValueError when the actor's side did not record it. Side effects: its timeline entry's
    title follows the date; audit `episode.update` naming the changed fields."""
    if not may_change(access, episode):
        raise ValueError("Only the side that recorded an episode changes it.")
    if "forms_of_violence" in values:
        values["forms_of_violence"] = sorted(values["forms_of_violence"])
    changed = [name for name, value in values.items() if getattr(episode, name) != value]
    with transaction.atomic():
        for name, value in values.items():
            setattr(episode, name, value)
        save_versioned(episode, fields=list(values), expected_version=expected_version)
        entry = episode.entry
        entry.title = _entry_title(episode.source, episode.date_from)
        entry.edited_at = timezone.now()
        entry.save(update_fields=["title", "edited_at"])
        _audit(actor, "episode.update", episode, access, changed)
    return episode


def record_remote_session(
    *, actor: User, access: CaseAccess, with_whom: str, outcome: str, **values: object
) -> RemoteSession:
    """Record a session held (or not held, or stopped) at a distance by the actor.

    Raises ValueError when the actor's side may not record a session with `with_whom`, and
    SafetyCheckIncompleteError for a session recorded as held without its full safety check.
    Side effects: a REMOTE_SESSION timeline entry in the session's compartment (hers: victim;
    his: perpetrator; with an agency: joint); audit `remote_session.add`.
    """
    if not access.is_member or with_whom not in WITH_WHOM_FOR_SIDE[access.side]:
        raise ValueError(f"A {access.side}-side member cannot record a session with {with_whom}.")
    if safety_check_gaps(outcome=outcome, **values):
        raise SafetyCheckIncompleteError("The safety check before the session is incomplete.")
    compartment = SESSION_COMPARTMENT[with_whom]
    with transaction.atomic():
        session = RemoteSession(
            case=access.case,
            worker=actor,
            organisation_id=access.organisation_id,
            with_whom=with_whom,
            outcome=outcome,
            **values,
        )
        session.entry = record_timeline(
            case=access.case,
            kind=EntryKind.REMOTE_SESSION,
            compartment=compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=f"{session.get_channel_display()} · {session.get_with_whom_display()}",
            recorded_side=access.side,
        )
        session.save()
        _audit(actor, "remote_session.add", session, access, SESSION_FIELDS)
    return session
