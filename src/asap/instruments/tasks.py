"""Reminders of outcome questionnaires that are due or overdue, through Django's Tasks API.

`send_outcome_reminders` runs on the worker (`asap db_worker`): it e-mails the lead worker of
the side that administers each questionnaire (his: the perpetrator side; hers: the victim
side) once per scheduled point, then queues itself for the next morning. `asap reminders`
queues the first run.
"""

import datetime
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asap.cases.enums import CaseStatus, Side
from asap.cases.models import CaseMember, JointCase
from asap.core.scopes import named_scope
from asap.instruments.enums import AdministrationStatus
from asap.instruments.models import Administration, OutcomeReminder
from asap.instruments.queries import OUTCOME_KEYS
from asap.instruments.schedule import time_points

logger = logging.getLogger(__name__)
SIDE_OF_RESPONDENT = {"perpetrator": Side.PERPETRATOR, "victim": Side.VICTIM}
RUN_AT_HOUR = 6


def due_reminders(today: datetime.date) -> list[tuple[JointCase, str, str, datetime.date]]:
    """(case, respondent, time point, due date) for every point due by today that has no
    questionnaire and no reminder yet. Reads which questionnaires exist across cases in the
    `reminders` scope: their respondent, time point and due date, never an answer."""
    found = []
    cases = JointCase.objects.filter(status=CaseStatus.OPEN).exclude(
        programme_start__isnull=True, intervention_start__isnull=True, programme_end__isnull=True
    )
    for case in cases.iterator(chunk_size=500):
        points = [
            p
            for p in time_points(
                programme_start=case.programme_start,
                intervention_start=case.intervention_start,
                programme_end=case.programme_end,
                follow_up_date=case.follow_up_date,
                today=today,
            )
            if p.due <= today
        ]
        if not points:
            continue
        with named_scope("reminders"):
            made = set(
                Administration.objects.filter(case=case, definition_key__in=OUTCOME_KEYS.values())
                .exclude(status=AdministrationStatus.WITHDRAWN)
                .values_list("respondent", "time_point", "due_on")
            )
        reminded = set(
            OutcomeReminder.objects.filter(case=case).values_list(
                "respondent", "time_point", "due_on"
            )
        )
        for point in points:
            for respondent in OUTCOME_KEYS:
                key = (respondent, point.point, point.due)
                if key not in made and key not in reminded:
                    found.append((case, respondent, point.point, point.due))
    return found


def remind(case: JointCase, respondent: str, time_point: str, due: datetime.date) -> bool:
    """Record and send one reminder; False if it was already sent."""
    leads = (
        CaseMember.objects.filter(case=case, is_active=True, side=SIDE_OF_RESPONDENT[respondent])
        .select_related("user")
        .order_by("-is_lead", "joined_at")
    )
    member = leads.first()
    if member is None:
        return False
    try:
        with transaction.atomic():
            OutcomeReminder.objects.create(
                case=case, respondent=respondent, time_point=time_point, due_on=due
            )
    except IntegrityError:
        return False
    user = member.user
    with translation.override(user.language or None):
        subject = _("Outcome questionnaire due in case %(code)s") % {"code": case.code}
        body = render_to_string(
            "instruments/email/outcome_due.txt",
            {"code": case.code, "point": time_point, "due": due, "respondent": respondent},
        )
    send_mail(subject, body, None, [user.email])
    return True


@task()
def send_outcome_reminders(requeue: bool = True) -> int:
    """Send the reminders due today; queue the next run for tomorrow morning."""
    today = timezone.localdate()
    try:
        sent = 0
        for due in due_reminders(today):
            try:
                sent += remind(*due)
            except OSError:
                logger.exception("A reminder could not be sent (case %s)", due[0].pk)
        return sent
    finally:
        # Even if a run fails, the chain goes on tomorrow.
        if requeue:
            tomorrow = timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=1), datetime.time(RUN_AT_HOUR)
                )
            )
            send_outcome_reminders.using(run_after=tomorrow).enqueue()
