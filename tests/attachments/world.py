"""The attachments app's files on the world case, attached through its service.

Canaries go in the title, the file name and the content of a victim-compartment file (to
the case) and of a protected one (to the protected note): the crawl proves that no one
outside the victim side reads any of them, downloads included.
"""

from asap.attachments import services
from asap.cases import access
from asap.cases.enums import Compartment, EntryKind
from asap.cases.models import TimelineEntry
from tests.attachments.files import png
from tests.cases.world import canary

HIS_FILE = "HIS-PROGRAMME-FILE-0b5e"
POLICE_FILE = "POLICE-REPORT-FILE-71c4"


def _note(case, compartment: str) -> TimelineEntry:
    # Planting runs in the test scope (tests/cases/world.py).
    return TimelineEntry.objects.get(case=case, kind=EntryKind.NOTE, compartment=compartment)


def plant(case, people, canaries) -> dict[str, int]:
    """Her file (victim compartment, to the case), a protected file on the protected note,
    his programme's file on his note, and the police's joint file."""
    vss, pp, police = people["victim_side"], people["perpetrator_side"], people["other_agency"]
    names = {}
    for which in ["victim", "protected"]:
        for part in ["title", "name", "content"]:
            name = f"{which}_file_{part}"
            canaries[name] = names[name] = canary(name)
    vss_access = access.case_for(vss, case.pk)
    victim = services.attach_file(
        actor=vss,
        access=vss_access,
        title=names["victim_file_title"],
        file_name=f"{names['victim_file_name']}.png",
        content=png(names["victim_file_content"]),
        compartment=Compartment.VICTIM,
    )
    protected = services.attach_file(
        actor=vss,
        access=vss_access,
        title=names["protected_file_title"],
        file_name=f"{names['protected_file_name']}.png",
        content=png(names["protected_file_content"]),
        compartment=Compartment.PROTECTED,
        record=_note(case, Compartment.PROTECTED),
    )
    his = services.attach_file(
        actor=pp,
        access=access.case_for(pp, case.pk),
        title="His programme agreement",
        file_name="agreement-scan.png",
        content=png(HIS_FILE),
        compartment=Compartment.PERPETRATOR,
        record=_note(case, Compartment.PERPETRATOR),
    )
    joint = services.attach_file(
        actor=police,
        access=access.case_for(police, case.pk),
        title="Police report",
        file_name="report.png",
        content=png(POLICE_FILE),
        compartment=Compartment.JOINT,
    )
    return {
        "attachment_victim": victim.pk,
        "attachment_protected": protected.pk,
        "attachment_perpetrator": his.pk,
        "attachment_joint": joint.pk,
    }
