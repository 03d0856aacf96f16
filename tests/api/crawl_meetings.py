"""Every meetings and agreements operation with the world's values, for the central crawl
(tests/api/test_crawl.py). All are reads."""


def operations(world) -> dict[str, dict]:
    case = {"case_id": world.case.pk}
    meeting = {**case, "meeting_id": world.ids["meeting"]}
    return {
        "meeting_list": {"path": case, "body": None},
        "meeting_detail": {"path": meeting, "body": None},
        "meeting_ics": {"path": meeting, "body": None},
        "case_agreement_list": {"path": case, "body": None},
        "agreement_list": {"path": {}, "body": None},
    }
