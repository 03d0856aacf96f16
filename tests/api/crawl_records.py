"""The crawl's values for the records operations (tests/api/test_crawl.py): the woman, whose
protected details only the victim side reads, and a note every member reads (a note of
another side answers 404, as on the page; the crawl wants every member's read to answer)."""

from asap.cases import access, services
from asap.cases.enums import Compartment


def common_note(world) -> int:
    """A joint note of the other agency: every member reads it, whatever the consents."""
    police = world.people["other_agency"]
    note = services.add_note(
        actor=police,
        access=access.case_for(police, world.case.pk),
        title="Police check (crawl)",
        body="Every member reads this note",
        compartment=Compartment.JOINT,
    )
    return note.pk


def operations(world) -> dict[str, dict]:
    case = world.case.pk
    return {
        "person_list": {"path": {"case_id": case}, "body": None},
        "person_detail": {"path": {"case_id": case, "person_id": world.ids["woman"]}, "body": None},
        "timeline": {"path": {"case_id": case}, "body": None},
        "note_detail": {"path": {"case_id": case, "entry_id": common_note(world)}, "body": None},
        "note_add": {
            "path": {"case_id": case},
            "body": {"title": "Crawl note", "body": "Written by the crawl", "compartment": "joint"},
        },
    }
