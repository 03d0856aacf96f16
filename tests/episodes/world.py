"""The episodes app's records on the world case, made through its services.

Canaries go in protected fields only (the end signal and the number used in a session with
the woman). Her episode's note is victim-compartment, not protected: it holds a planted value
of its own, checked by tests/episodes/test_barrier.py.
"""

import datetime

from django.utils import timezone

from asap.cases import access, services
from asap.episodes import services as episodes
from tests.cases.world import canary

HER_EPISODE_NOTE = "HER-EPISODE-NOTE-e51c"
SHARED_EPISODE_NOTE = "SHARED-EPISODE-NOTE-2b7d"
HIS_SESSION_SIGNAL = "HIS-END-SIGNAL-90fa"
SAFE = {"person_alone_and_safe": True, "device_safe": True}


def _episode(worker, case, day: int, note: str):
    return episodes.record_episode(
        actor=worker,
        access=access.case_for(worker, case.pk),
        date_from=datetime.date(2026, 1, day),
        forms_of_violence=["psychological", "verbal"],
        severity="medium",
        children_present="unknown",
        note=note,
    )


def plant(case, people, canaries) -> dict[str, int]:
    """Her episode (unshared), her episode shared with the programme, his and the police's;
    remote sessions with the woman (canaries), the man and another agency."""
    vss, pp, police = people["victim_side"], people["perpetrator_side"], people["other_agency"]
    her = _episode(vss, case, 5, HER_EPISODE_NOTE)
    shared = _episode(vss, case, 6, SHARED_EPISODE_NOTE)
    services.share_entry(
        actor=vss,
        access=access.case_for(vss, case.pk),
        entry=shared.entry,
        with_side="perpetrator",
        purpose="So the programme can address it in group work",
    )
    his = _episode(pp, case, 7, "He says he shouted at her.")
    police_episode = _episode(police, case, 8, "Call-out, no arrest.")

    for name in ["session_end_signal", "session_contact"]:
        canaries[name] = canary(name)
    held_at = timezone.now() - datetime.timedelta(days=1)
    documentation = {"summary": "Talked about the week.", "follow_up_agreed": "Call on Friday."}
    woman = episodes.record_remote_session(
        actor=vss,
        access=access.case_for(vss, case.pk),
        held_at=held_at,
        with_whom="woman",
        channel="phone",
        contact_details=canaries["session_contact"],
        end_signal=canaries["session_end_signal"],
        outcome="held",
        **SAFE,
        **documentation,
    )
    man = episodes.record_remote_session(
        actor=pp,
        access=access.case_for(pp, case.pk),
        held_at=held_at,
        with_whom="man",
        channel="video",
        end_signal=HIS_SESSION_SIGNAL,
        outcome="held",
        **SAFE,
        **documentation,
    )
    agency = episodes.record_remote_session(
        actor=police,
        access=access.case_for(police, case.pk),
        held_at=held_at,
        with_whom="agency",
        channel="video",
        end_signal="none needed",
        outcome="held",
        **SAFE,
        **documentation,
    )
    return {
        "episode_victim": her.pk,
        "episode_shared": shared.pk,
        "episode_perpetrator": his.pk,
        "episode_agency": police_episode.pk,
        "session_woman": woman.pk,
        "session_man": man.pk,
        "session_agency": agency.pk,
    }
