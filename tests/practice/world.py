"""A practice attempt by the world's trainee, with fictional strings that must never appear
in any real list, search, dashboard or export. Practice holds no real data, so it plants
no canary; the barrier test looks for these strings instead."""

import datetime

from asap.practice import casebook, services

CASE_KEY = "m4-flood-evacuation"
FICTIONAL_NEED = "FICTIONAL-NEED-QUINT-91c2"
FICTIONAL_CHANNEL = "FICTIONAL-CHANNEL-QUINT-5d0e"


def plant(case, people, canaries) -> dict[str, int]:
    trainee = people["trainee"]
    practice_case = casebook.get(CASE_KEY)
    attempt = services.start_attempt(actor=trainee, case=practice_case)
    services.save_answers(
        actor=trainee,
        attempt=attempt,
        answers={"A2": "yes", "B4": "yes"},
        expected_version=attempt.version,
    )
    item = services.add_action(
        actor=trainee,
        attempt=attempt,
        need=FICTIONAL_NEED,
        action="Ask the crisis coordination group for a separate place",
        term=datetime.date(2026, 12, 1),
        responsible="Victim support service",
    )
    services.save_safety_plan(
        actor=trainee,
        attempt=attempt,
        expected_version=1,
        safe_channel=FICTIONAL_CHANNEL,
    )
    return {"practice_attempt": attempt.pk, "practice_action": item.pk}
