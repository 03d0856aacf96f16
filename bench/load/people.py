"""The people the load run's simulated users take: case workers of the perpetrator programmes
of a database `asap bench seed` filled, each with the open cases they are a member of and, per
case, the pages they work on (the open risk review, an open action, the minutes of the held
meeting). Run in its own process with Django set up, by bench/load/run.py:

    DATABASE_URL=… DJANGO_SETTINGS_MODULE=asap.settings python -m bench.load.people USERS

Prints {"users": [...], "password": …, "secret": …} as JSON (the bench accounts share one
password and one TOTP secret: `asap.bench.shape`).
"""

import json
import sys

import django


def workers_available(cases: int) -> int:
    """How many programme case workers N seeded cases have (15 per programme, 2 per region)."""
    from asap.bench import shape

    return shape.regions_for(cases) * 2 * len(shape.CASE_WORKERS)


def people(users: int) -> dict:
    from django.urls import reverse

    from asap.accounts.models import User
    from asap.bench import shape
    from asap.bench.run import seeded_cases
    from asap.cases.models import CaseMember
    from asap.core.scopes import named_scope
    from asap.instruments.models import Administration
    from asap.meetings.models import Meeting
    from asap.plans.models import ActionItem

    cases = seeded_cases()
    if users > workers_available(cases):
        raise SystemExit(
            f"{users} users need {users} programme workers: {cases:,} cases have "
            f"{workers_available(cases)}. Seed more cases (1,000 per 30 users)."
        )
    # Programme after programme, so that a short run's users are spread over organisations.
    indexes = [
        programme * shape.USERS_PER_ORGANISATION + position
        for position in shape.CASE_WORKERS
        for region in range(shape.regions_for(cases))
        for programme in (5 * region, 5 * region + 3)
    ][:users]
    chosen = []
    for index in indexes:
        user = User.objects.get(email=shape.email_of(index))
        mine = list(
            CaseMember.objects.filter(user=user, is_active=True, case__status="open").values_list(
                "case_id", flat=True
            )
        )
        with named_scope("bench-seed"):  # ids only: the pages are read by the users
            reviews = dict(
                Administration.objects.filter(
                    case_id__in=mine, definition_key="risk-checklist", status="open"
                ).values_list("case_id", "pk")
            )
            actions = dict(
                ActionItem.objects.filter(case_id__in=mine, status="open")
                .order_by("-pk")
                .values_list("case_id", "pk")
            )
            meetings = dict(
                Meeting.objects.filter(case_id__in=mine, minutes__isnull=False).values_list(
                    "case_id", "pk"
                )
            )
        chosen.append(
            {
                "email": user.email,
                "cases": [
                    {
                        "case": reverse("cases:detail", args=[case]),
                        "risk": reverse("instruments:answer", args=[case, reviews[case]]),
                        "action": reverse("plans:edit", args=[case, actions[case]]),
                        "minutes": reverse("meetings:minutes_pdf", args=[case, meetings[case]]),
                    }
                    for case in mine
                    if case in reviews and case in actions and case in meetings
                ],
            }
        )
    return {"users": chosen, "password": shape.BENCH_PASSWORD, "secret": shape.BENCH_TOTP_SECRET}


if __name__ == "__main__":
    django.setup()
    print(json.dumps(people(int(sys.argv[1]))))
