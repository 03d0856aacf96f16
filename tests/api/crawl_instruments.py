"""The crawl's values for the instruments operations (tests/api/test_crawl.py): the
safe-place checklist, whose protected answer only the victim side reads, and the joint risk
checklist, already open on the case (starting it again answers with the open one)."""

from asap.cases import access
from asap.instruments import queries


def operations(world) -> dict[str, dict]:
    case = world.case.pk
    worker = world.people["victim_side"]
    safe_place = queries.administration_for(
        access.case_for(worker, case), world.ids["safe_place"], with_levels=False
    )
    administration = {"case_id": case, "administration_id": safe_place.pk}
    start = {"key": "risk-checklist"}
    return {
        "instrument_list": {"path": {}, "body": None},
        # GET (the list) and POST (starting one) share the path, so the name of the list:
        # the crawl sends this body with the POST (a GET sends none).
        "administration_list": {"path": {"case_id": case}, "body": start},
        "administration_detail": {"path": administration, "body": None},
        "administration_start": {"path": {"case_id": case}, "body": start},
        "administration_answers": {
            "path": administration,
            "body": {"version": safe_place.version, "answers": {"fear": "no"}},
        },
    }
