"""Reminders of overdue actions, through Django's Tasks API.

`send_action_reminders` runs on the worker (`asap db_worker`): for every action still open
or in progress whose term has passed, it tells the worker reminded (by e-mail: the case code
and the term, never the action) and the case (a timeline entry "Action overdue" in the
action's compartment), once per action and term; then it queues itself for the next
morning. `asap action_reminders` queues the first run.
"""

import datetime
import logging

from django.db.models import Exists, OuterRef
from django.tasks import task
from django.utils import timezone

from asap.cases.enums import CaseStatus
from asap.core.scopes import named_scope
from asap.plans import services
from asap.plans.enums import PENDING
from asap.plans.models import ActionItem, ActionReminder

logger = logging.getLogger(__name__)
RUN_AT_HOUR = 6
BATCH = 500
MAX_BATCHES = 100  # the rest waits for tomorrow's run


def overdue_actions(today: datetime.date) -> list[ActionItem]:
    """Actions of open cases still open or in progress whose term is before `today` and
    that nobody was reminded of for that term. Read across cases in the reminders scope:
    the reminder e-mail carries the case code and the term only."""
    reminded = ActionReminder.objects.filter(item=OuterRef("pk"), term=OuterRef("term"))
    with named_scope("reminders"):
        return list(
            ActionItem.objects.filter(
                status__in=PENDING, term__lt=today, case__status=CaseStatus.OPEN
            )
            .exclude(Exists(reminded))
            .select_related("case", "responsible_user", "created_by")
            .order_by("term", "pk")[:BATCH]
        )


@task()
def send_action_reminders(requeue: bool = True) -> int:
    """Send the reminders of actions overdue today; queue the next run for tomorrow."""
    today = timezone.localdate()
    try:
        sent = 0
        for _batch in range(MAX_BATCHES):
            items = overdue_actions(today)
            for item in items:
                try:
                    sent += services.remind_overdue(item=item)
                except OSError:
                    logger.exception("An action reminder could not be sent (action %s)", item.pk)
            if len(items) < BATCH:
                break
        return sent
    finally:
        # Even if a run fails, the chain goes on tomorrow.
        if requeue:
            tomorrow = timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=1), datetime.time(RUN_AT_HOUR)
                )
            )
            send_action_reminders.using(run_after=tomorrow).enqueue()
