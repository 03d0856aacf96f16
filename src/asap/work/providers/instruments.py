"""Outcome questionnaires due (T0 to T4): for the lead worker of the side that administers each
(his: the perpetrator side; hers: the victim side), from two weeks before the date until it
is made, for at most three months after it."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Side
from asap.core.scopes import named_scope
from asap.instruments.enums import AdministrationStatus
from asap.instruments.models import Administration
from asap.instruments.queries import OUTCOME_KEYS
from asap.instruments.schedule import time_points
from asap.work.enums import ItemKind
from asap.work.items import SCOPE, Inbox, WorkItem, at_start

LABEL = _("An outcome questionnaire is due")
RESPONDENT_OF_SIDE = {Side.PERPETRATOR: "perpetrator", Side.VICTIM: "victim"}
AHEAD = datetime.timedelta(days=14)
BEHIND = datetime.timedelta(days=90)


def items_for(inbox: Inbox) -> list[WorkItem]:
    """One query: which outcome questionnaires exist (not withdrawn) on the cases the person
    leads for a respondent's side (respondent, time point and due date; never an answer)."""
    led = {
        case_id: seat
        for case_id, seat in inbox.seats.items()
        if seat.is_lead and seat.side in RESPONDENT_OF_SIDE
    }
    if not led:
        return []
    with named_scope(SCOPE):
        made = set(
            Administration.objects.filter(
                case_id__in=list(led), definition_key__in=OUTCOME_KEYS.values()
            )
            .exclude(status=AdministrationStatus.WITHDRAWN)  # started by mistake: still due
            .values_list("case_id", "respondent", "time_point", "due_on")
        )
    items = []
    for case_id, seat in led.items():
        respondent = RESPONDENT_OF_SIDE[seat.side]
        points = time_points(
            programme_start=seat.programme_start,
            intervention_start=seat.intervention_start,
            programme_end=seat.programme_end,
            follow_up_date=seat.follow_up_date,
            today=inbox.today,
        )
        for point in points:
            if not inbox.today - BEHIND <= point.due <= inbox.today + AHEAD:
                continue
            if (case_id, respondent, point.point, point.due) in made:
                continue
            items.append(
                WorkItem(
                    key=f"questionnaire:{case_id}:{respondent}:{point.label}:{point.due}",
                    kind=ItemKind.QUESTIONNAIRE,
                    label=f"{LABEL} ({point.label})",
                    due=point.due,
                    url=reverse("instruments:list", args=[case_id]),
                    created=at_start(point.due - AHEAD),
                    case_id=case_id,
                    case_code=seat.code,
                    side=seat.side,
                )
            )
    return items
