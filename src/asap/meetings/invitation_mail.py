"""The e-mails of a meeting's invitations, sent on commit by `asap.meetings.services`: the
invitation, its update, its cancellation, and the cancellation of a removed worker's copy,
each with its calendar file (`asap.meetings.ics`)."""

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asap.accounts.models import User
from asap.core.calendar import CANCEL, ics_attachment
from asap.meetings import ics
from asap.meetings.enums import MeetingMode
from asap.meetings.models import Meeting

# What an e-mail about a meeting tells its invitee.
INVITED, CHANGED, REMOVED = "invited", "changed", "removed"


def send_invitations(
    meeting: Meeting, user_ids: list[int], news: str, attendees: Sequence[str] = ()
) -> None:
    """E-mail each invitee the invitation (`news` INVITED), its update (CHANGED) or, for a
    worker taken off the list, the cancellation of their copy (REMOVED), with the calendar
    file: the type of meeting, the case code, the time, the venue or link and the workers'
    e-mail addresses (`attendees`; a removed worker's file names them alone). No names,
    nothing protected. `meeting` is the one the service wrote (read by its caller through
    the door or the team meeting queries): nothing is read again across cases."""
    cancelled = ics.is_cancelled(meeting)
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        with translation.override(user.language or meeting.organisation.language or None):
            summary = ics.summary_of(meeting)
            if news == REMOVED:
                subject = _("No longer invited: %(summary)s") % {"summary": summary}
            elif cancelled:
                subject = _("Meeting cancelled: %(summary)s") % {"summary": summary}
            elif news == CHANGED:
                subject = _("Meeting changed: %(summary)s") % {"summary": summary}
            else:
                subject = _("Invitation: %(summary)s") % {"summary": summary}
            context = {
                "summary": summary,
                "meeting": meeting,
                "place": ics.place_of(meeting),
                "online": meeting.mode == MeetingMode.ONLINE,
                "cancelled": cancelled,
                "removed": news == REMOVED,
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at),
            }
            body = render_to_string("meetings/email/invitation.txt", context)
            if news == REMOVED:
                method, people = CANCEL, [user.email]
            else:
                method, people = ics.invitation_method(meeting), list(attendees)
            calendar = ics.calendar_file(meeting, method, people, place=news != REMOVED)
        message = EmailMessage(subject, body, None, [user.email])
        message.attach(ics_attachment(ics.file_name_of(meeting), calendar, method))
        message.send()
