"""Outside reviewer's probes of the data-protection doors with the shelter's ids in the URL
and the POST body: the programme's officer and an unrelated organisation's officer (distinct
persons) against the shelter's breach record, register entry, retention rules and dry run,
and the woman's subject access, erasure and decision. The shelter's officer, at the same
doors, is the positive control."""

import io
import zipfile

import pytest
from django.urls import reverse

from asap.accounts.enums import OrganisationKind, Role
from asap.cases.models import Person
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.dataprotection.models import (
    Breach,
    ErasureDecision,
    ProcessingActivity,
    RetentionReport,
    RetentionRule,
    SubjectRequest,
)
from asap.dataprotection.services import retention
from tests.conftest import reauthenticate, sign_in
from tests.factories import OrganisationFactory, persona
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

BREACH = {
    "discovered_at": "2026-02-03 09:30",
    "nature": "PROBE-NEW",
    "data_categories": "Codes",
    "subjects_affected": "0",
    "records_affected": "0",
    "consequences": "None",
    "measures": "None",
    "reason_not_notified": "Unlikely to result in a risk",
}


def officer_client(world, who):
    if who == "dpo_third":
        from django.test import Client

        third = OrganisationFactory(name="Third (dp probe)", kind=OrganisationKind.HEALTH)
        client = Client()
        sign_in(client, persona(Role.DATA_PROTECTION_OFFICER, third))
    else:
        client = world.client(who)
    reauthenticate(client)
    return client


def shelter_records(world):
    dpo = world.people["dpo"]
    shelter = dpo.active_memberships[0].organisation
    report = retention.prepare_report(actor=dpo, organisation=shelter)
    return {
        "shelter": shelter,
        "breach": Breach.objects.get(organisation=shelter),
        "activity": ProcessingActivity.objects.filter(organisation=shelter).first(),
        "report": report,
    }


def doors(client, world, records):
    case = {"case_code": world.case.code, "reference": "PROBE-1"}
    shelter = records["shelter"].pk
    return {
        "find her by name": client.post(
            reverse("dataprotection:find"), {"name": world.canaries["victim_name"]}
        ),
        "her export": client.post(
            reverse("dataprotection:subject_access"), {**case, "person": "victim"}
        ),
        "the child's export": client.post(
            reverse("dataprotection:subject_access"), {**case, "person": "child:1"}
        ),
        "erase her": client.post(
            reverse("dataprotection:erasure"), {**case, "person": "victim", "confirm": "on"}
        ),
        "restrict her": client.post(
            reverse("dataprotection:decide"),
            {
                **case,
                "person": "victim",
                "outcome": "restricted",
                "ground": "legal_claims",
                "explanation": "Probe",
            },
        ),
        "shelter's dry run": client.post(
            reverse("dataprotection:retention"), {"organisation": shelter, "action": "dry_run"}
        ),
        "shelter's rules": client.post(
            reverse("dataprotection:retention") + f"?organisation={shelter}",
            {"organisation": shelter, "action": "rules", **dict.fromkeys(_kinds(), "1")},
        ),
        "apply shelter's report": client.post(
            reverse("dataprotection:apply", args=[records["report"].pk]), {"confirm": "on"}
        ),
        "shelter's breach": client.post(
            reverse("dataprotection:breach_edit", args=[records["breach"].pk]),
            {"nature": "PROBE-OVERWRITE", "organisation": shelter},
        ),
        "shelter's register": client.post(
            reverse("dataprotection:activity_edit", args=[records["activity"].pk]),
            {"name": "PROBE-OVERWRITE", "organisation": shelter},
        ),
        "new breach for the shelter": client.post(
            reverse("dataprotection:breach_new") + f"?organisation={shelter}",
            {"organisation": shelter, **BREACH},
        ),
        "the shelter's register from the defaults": client.post(
            reverse("dataprotection:register"), {"organisation": shelter}
        ),
    }


def _kinds():
    from asap.dataprotection.enums import RecordKind

    return RecordKind.values


@pytest.mark.parametrize("who", ["dpo_pp", "dpo_agency", "dpo_third"])
def test_no_other_officer_acts_on_the_shelters_records_or_her_data(world, who):
    records = shelter_records(world)
    rules_before = list(RetentionRule.objects.values_list("pk", "years"))
    since = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    client = officer_client(world, who)
    answers = doors(client, world, records)
    wrong = {}
    for door, response in answers.items():
        body = response.content.decode("utf-8", "replace")
        leaked = [name for name, value in world.canaries.items() if value in body]
        # The search by name answers 200 with nothing found, as for a name that exists nowhere.
        allowed = (200,) if door == "find her by name" else (403, 404)
        if (
            response.status_code not in allowed
            or leaked
            or response.get("Content-Type", "") in ("application/zip",)
        ):
            wrong[door] = (response.status_code, leaked)
    assert wrong == {}
    assert world.case.code not in answers["find her by name"].content.decode()
    records["breach"].refresh_from_db()
    records["activity"].refresh_from_db()
    records["report"].refresh_from_db()
    assert "PROBE" not in records["breach"].nature + records["activity"].name
    assert records["report"].applied_at is None
    assert list(RetentionRule.objects.values_list("pk", "years")) == rules_before
    assert RetentionReport.objects.filter(organisation=records["shelter"]).count() == 1
    assert "PROBE-NEW" not in [breach.nature for breach in Breach.objects.all()]
    assert ErasureDecision.objects.count() == 0
    assert SubjectRequest.objects.count() == 0
    with named_scope("test"):
        woman = Person.objects.get(case=world.case, role="victim")
    assert woman.name == world.canaries["victim_name"]
    done = AuditEvent.objects.filter(seq__gt=since or 0).values_list("action", flat=True)
    acted = ("person.", "register.", "retention.", "decision.", "restriction.", "case.")
    assert [a for a in done if a.startswith(acted)] in ([], ["person.searched"])


def test_the_shelters_officer_does_pass_the_same_doors(world):
    """The positive control: her export carries her name; the breach record changes."""
    records = shelter_records(world)
    client = officer_client(world, "dpo")
    response = client.post(
        reverse("dataprotection:subject_access"),
        {"case_code": world.case.code, "reference": "PROBE-1", "person": "victim"},
    )
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    text = "".join(
        pdf_text(archive.read(n)) if n.endswith(".pdf") else archive.read(n).decode()
        for n in archive.namelist()
    )
    assert world.canaries["victim_name"] in text
    found = client.post(reverse("dataprotection:find"), {"name": world.canaries["victim_name"]})
    assert world.case.code in found.content.decode()
    new = client.post(
        reverse("dataprotection:breach_new"), {"organisation": records["shelter"].pk, **BREACH}
    )
    assert new.status_code == 302
    assert "PROBE-NEW" in [b.nature for b in Breach.objects.filter(organisation=records["shelter"])]
    applied = client.post(
        reverse("dataprotection:apply", args=[records["report"].pk]), {"confirm": "on"}
    )
    assert applied.status_code == 302
