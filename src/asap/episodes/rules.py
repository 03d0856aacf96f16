"""Rules of the episodes app that forms and services both apply."""

from asap.episodes.enums import SessionOutcome

SAFETY_CHECKS = ["person_alone_and_safe", "device_safe", "end_signal"]


def safety_check_gaps(*, outcome: str, **checks: object) -> list[str]:
    """The safety checks still missing for a session recorded as held (none otherwise).

    A session may only be recorded as held when, before it started, the person was alone and
    safe, the device was safe and a signal to end the call was agreed (Module 4: guaranteeing
    the safety of the victims).
    """
    if outcome != SessionOutcome.HELD:
        return []
    return [name for name in SAFETY_CHECKS if not checks.get(name)]
