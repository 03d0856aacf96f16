"""The subject-access export (GDPR art. 15): everything held about one person, as a ZIP of a
JSON file and a PDF, and nothing that identifies or locates anyone else.

Only what the officer's side holds goes in, read through the one read policy as that side
with no consent in force (`asap.dataprotection.sides`): the man's export by the perpetrator
programme's officer carries nothing of the victim side or of the protected compartment.

What goes in (see docs/data-protection.md): the person's own record and protected details;
the notes of the compartments that are about them (the man: perpetrator; the woman: victim
and protected; a child: none — notes are not filed per child); the questionnaires they
answered themselves; the episodes they reported; the woman's consents (the man's waiver); a
child's assessment preparation. Every other person's name and protected details are replaced
by "[withheld]" wherever they occur in that free text. Joint notes are counted, not copied:
they are about the whole family and are reviewed by hand before anything of them is handed
over. Attached files of the compartments about the person are listed (title, name, type,
size), never copied: a file cannot be redacted, so it is reviewed by hand too.
"""

import datetime
import io
import json
import zipfile
from typing import Any

from django.db import transaction
from django.utils import timezone

from asap.cases.enums import (
    Compartment,
    ConsentScope,
    EntryKind,
    Gender,
    PersonRole,
    ProfessionalGender,
    ProtectedKind,
)
from asap.cases.models import Person, ProtectedDetail
from asap.core import audit
from asap.core.pdf import render_pdf
from asap.core.scopes import named_scope
from asap.dataprotection.casedata import redact
from asap.dataprotection.enums import RequestKind
from asap.dataprotection.models import SubjectRequest
from asap.dataprotection.services.erasure import identifying_values, person_of
from asap.dataprotection.sides import OfficerAccess

WITHHELD = "[withheld]"
OWN_NOTES = {
    PersonRole.PERPETRATOR: [Compartment.PERPETRATOR],
    PersonRole.VICTIM: [Compartment.VICTIM, Compartment.PROTECTED],
    PersonRole.CHILD: [],
}
# Answers of the person's own questionnaires, by compartment.
OWN_ANSWERS = {
    PersonRole.PERPETRATOR: [Compartment.PERPETRATOR, Compartment.JOINT],
    PersonRole.VICTIM: [Compartment.VICTIM, Compartment.PROTECTED, Compartment.JOINT],
    PersonRole.CHILD: [],
}


def _others_values(access: OfficerAccess, person: Person) -> list[str]:
    """The other persons' names and protected details, only to withhold them: read in the
    officer's scope, never returned."""
    values: list[str] = []
    with named_scope("data-protection-officer"):
        for other in Person.objects.filter(case=access.case).exclude(pk=person.pk):
            values += identifying_values(other, "data-protection-officer")
    return values


def _notes(access: OfficerAccess, person: Person, clean: Any) -> tuple[list[dict], int]:
    from asap.cases.models import TimelineEntry

    entries = (
        TimelineEntry.objects.visible_to(access).filter(kind=EntryKind.NOTE).order_by("at", "pk")
    )
    own = [
        {
            "at": e.at.isoformat(),
            "compartment": e.compartment,
            "title": clean(e.title),
            "text": clean(e.body),
        }
        for e in entries.filter(compartment__in=OWN_NOTES[person.role])
    ]
    return own, entries.filter(compartment=Compartment.JOINT).count()


def _attachments(access: OfficerAccess, person: Person, clean: Any) -> tuple[list[dict], int]:
    """The files of the compartments about the person, listed (title, name, type, size), not
    copied: a file cannot be redacted, so copies are handed over after a review by hand, as
    joint notes are. And how many joint files there are."""
    from asap.attachments.models import Attachment

    files = (
        Attachment.objects.visible_to(access)
        .defer("content")
        .select_related("entry")
        .order_by("uploaded_at", "pk")
    )
    own = [
        {
            "at": a.uploaded_at.isoformat(),
            "compartment": a.entry.compartment,
            "title": clean(a.title),
            "file_name": clean(a.file_name),
            "type": a.file_type,
            "size": a.size,
        }
        for a in files.filter(entry__compartment__in=OWN_NOTES[person.role])
    ]
    return own, files.filter(entry__compartment=Compartment.JOINT).count()


def _questionnaires(access: OfficerAccess, person: Person, clean: Any) -> list[dict]:
    from asap.instruments.models import Administration, Answer

    if person.role == PersonRole.CHILD:
        return []
    administrations = (
        Administration.objects.visible_to(access)
        .filter(respondent=person.role)
        .order_by("opened_at", "pk")
    )
    answers: dict[int, list[dict]] = {}
    rows = (
        Answer.objects.visible_to(access)
        .filter(administration__in=administrations, compartment__in=OWN_ANSWERS[person.role])
        .order_by("item", "source")
    )
    for a in rows:
        answers.setdefault(a.administration_id, []).append(
            {"item": a.item, "source": a.source, "value": clean(json.loads(a.value))}
        )
    return [
        {
            "instrument": administration.definition_key,
            "version": administration.definition_version,
            "time_point": administration.time_point,
            "status": administration.status,
            "answers": answers.get(administration.pk, []),
        }
        for administration in administrations
    ]


def _episodes(access: OfficerAccess, person: Person, clean: Any) -> list[dict]:
    from asap.episodes.models import Episode

    if person.role == PersonRole.CHILD:
        return []
    return [
        {
            "date": e.date_from.isoformat(),
            "until": e.date_to.isoformat() if e.date_to else None,
            "forms_of_violence": list(e.forms_of_violence),
            "severity": e.severity,
            "children_present": e.children_present,
            "police_involved": e.police_involved,
            "court_involved": e.court_involved,
            "note": clean(e.note),
        }
        for e in Episode.objects.visible_to(access).filter(source=person.role).order_by("date_from")
    ]


def _consents(access: OfficerAccess, person: Person, clean: Any) -> list[dict]:
    """Her consents for the woman; his waiver for the man."""
    from asap.cases.models import Consent

    if person.role == PersonRole.CHILD:
        return []
    return [
        {
            "given_on": c.given_on.isoformat(),
            "scopes": list(c.scopes),
            "note": clean(c.note),
            "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
        }
        for c in Consent.objects.visible_to(access)
        .filter(given_by=person.role)
        .order_by("given_on", "pk")
    ]


def _preparation(access: OfficerAccess, person: Person, clean: Any) -> dict | None:
    from asap.cases.models import ChildAssessmentPreparation

    prep = ChildAssessmentPreparation.objects.visible_to(access).filter(child=person).first()
    if prep is None:
        return None
    return {
        "parent_consent_on": prep.parent_consent_on.isoformat() if prep.parent_consent_on else None,
        "child_informed": prep.child_informed,
        "child_agrees": prep.child_agrees,
        "support_person": clean(prep.support_person),
        "rights_explained": prep.rights_explained,
        "may_record": prep.may_record,
        "gender_and_needs": clean(prep.gender_and_needs),
        "professional_gender": prep.professional_gender,
    }


def collect(access: OfficerAccess, person: Person) -> dict[str, Any]:
    """Everything the officer's side holds about `person`, read through the policy as that
    side without any consent in force; other people's identifying values withheld."""
    case = access.case
    others = _others_values(access, person)

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return redact(value, others, WITHHELD)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    notes, joint_notes = _notes(access, person, clean)
    files, joint_files = _attachments(access, person, clean)
    details = ProtectedDetail.objects.visible_to(access).filter(person=person)
    return {
        "case": {"code": case.code, "phase": case.phase, "status": case.status},
        "person": {
            "who": str(person.label),
            "role": person.role,
            "name": person.name,
            "year_of_birth": person.year_of_birth,
            "gender": person.gender,
        },
        "protected_details": [
            {"kind": d.kind, "value": clean(d.value), "recorded_at": d.recorded_at.isoformat()}
            for d in details.order_by("kind", "pk")
        ],
        "notes": notes,
        "joint_notes_not_included": joint_notes,
        "attachments_listed": files,
        "joint_attachments_not_listed": joint_files,
        "questionnaires": _questionnaires(access, person, clean),
        "episodes_reported": _episodes(access, person, clean),
        "consents": _consents(access, person, clean),
        "child_assessment_preparation": _preparation(access, person, clean)
        if person.role == PersonRole.CHILD
        else None,
    }


def _label(choices: Any, value: Any) -> Any:
    """The display label of a stored key (the key itself when unknown or empty)."""
    try:
        return choices(value).label if value not in (None, "") else value
    except ValueError:
        return value


def _when(value: str | None, kind: type) -> Any:
    """A stored ISO date or timestamp as a date or datetime the template formats."""
    if not value:
        return None
    return kind.fromisoformat(value)


def for_display(data: dict[str, Any]) -> dict[str, Any]:
    """The collected data as the PDF shows it: labels instead of stored keys, real dates
    instead of ISO strings. The JSON file keeps the raw keys and strings."""
    from asap.episodes.enums import ChildrenPresent, FormOfViolence, Severity
    from asap.instruments.enums import AdministrationStatus, Source, TimePoint

    day, moment = datetime.date, datetime.datetime
    person = data["person"]
    preparation = data["child_assessment_preparation"]
    return {
        **data,
        "produced_at": _when(data["produced_at"], moment),
        "person": {**person, "gender": _label(Gender, person["gender"])},
        "protected_details": [
            {
                **d,
                "kind": _label(ProtectedKind, d["kind"]),
                "recorded_at": _when(d["recorded_at"], moment),
            }
            for d in data["protected_details"]
        ],
        "notes": [
            {
                **n,
                "at": _when(n["at"], moment),
                "compartment": _label(Compartment, n["compartment"]),
            }
            for n in data["notes"]
        ],
        "attachments_listed": [
            {
                **a,
                "at": _when(a["at"], moment),
                "compartment": _label(Compartment, a["compartment"]),
            }
            for a in data["attachments_listed"]
        ],
        "questionnaires": [
            {
                **q,
                "time_point": _label(TimePoint, q["time_point"]),
                "status": _label(AdministrationStatus, q["status"]),
                "answers": [{**a, "source": _label(Source, a["source"])} for a in q["answers"]],
            }
            for q in data["questionnaires"]
        ],
        "episodes_reported": [
            {
                **e,
                "date": _when(e["date"], day),
                "until": _when(e["until"], day),
                "forms_of_violence": [_label(FormOfViolence, f) for f in e["forms_of_violence"]],
                "severity": _label(Severity, e["severity"]),
                "children_present": _label(ChildrenPresent, e["children_present"]),
            }
            for e in data["episodes_reported"]
        ],
        "consents": [
            {
                **c,
                "given_on": _when(c["given_on"], day),
                "withdrawn_on": _when(c["withdrawn_on"], day),
                "scopes": [_label(ConsentScope, s) for s in c["scopes"]],
            }
            for c in data["consents"]
        ],
        "child_assessment_preparation": {
            **preparation,
            "parent_consent_on": _when(preparation["parent_consent_on"], day),
            "professional_gender": _label(ProfessionalGender, preparation["professional_gender"]),
        }
        if preparation
        else None,
    }


def export_person(
    *, actor: Any, access: OfficerAccess, person: str, reference: str
) -> tuple[str, bytes]:
    """The ZIP (file name, bytes) of one person's data as the officer's side holds it
    (`asap.dataprotection.sides`). Side effects: a `SubjectRequest` (kind access) and an
    audit row `person.subject_access` naming the sections."""
    case, organisation = access.case, access.organisation
    target = person_of(access, person)
    data = collect(access, target)
    produced = timezone.now()
    data["produced_at"] = produced.isoformat()
    data["request_reference"] = reference
    stem = f"subject-access-{case.code}-{person.replace(':', '-')}"
    pdf = render_pdf("dataprotection/subject_access_pdf.html", {"data": for_display(data)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr(f"{stem}.pdf", pdf)
    sections = sorted(k for k, v in data.items() if v and k not in {"produced_at"})
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            kind=RequestKind.ACCESS,
            case_id=case.pk,
            case_code=case.code,
            person=person,
            reference=reference,
            organisation=organisation,
            done_by=actor,
            fields=sections,
        )
        audit.record(
            actor=actor,
            action="person.subject_access",
            obj=request,
            organisation_id=organisation.pk,
            case_id=case.pk,
            fields=sections,
        )
    return f"{stem}.zip", buffer.getvalue()
