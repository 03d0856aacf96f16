"""Every training operation with the world's values, for the central crawl.

No persona of the world is a trainer: every token but a trainer's gets 403 on the events'
operations (the pages' door is the role, before any organisation), and any token verifies a
certificate code (the verify page is public). Training holds no case data.
"""

from asap.training.models import Certificate


def operations(world) -> dict[str, dict]:
    event = {"event_id": world.ids["training_event"]}
    code = Certificate.objects.get(participant_id=world.ids["training_participant"]).code
    present = {
        "present": [
            {
                "participant_id": world.ids["training_participant"],
                "session_id": world.ids["training_session"],
            }
        ]
    }
    return {
        "training_event_list": {"path": {}, "body": None, "method": "get"},
        "training_event": {"path": event, "body": None, "method": "get"},
        "training_participant_list": {"path": event, "body": None, "method": "get"},
        # The GET and the PUT share a path, which resolves to the GET's name: its values carry
        # the PUT's body too (a GET sends none).
        "training_attendance": {"path": event, "body": present, "method": "get"},
        "training_attendance_record": {"path": event, "body": present, "method": "put"},
        "certificate_verify": {"path": {"code": code}, "body": None, "method": "get"},
    }
