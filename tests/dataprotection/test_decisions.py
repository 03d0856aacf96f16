"""An erasure request refused on a legal ground, with the letter to the requester; only the
officer whose side handles the person's data decides."""

import pytest
from django.db import connection
from django.urls import reverse

from asap.core.models import AuditEvent
from asap.dataprotection.models import ErasureDecision, SubjectRequest
from tests.conftest import reauthenticate
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

HIS_NAME = "Mario Esposito (world)"
EXPLANATION = f"Proceedings against {HIS_NAME} are pending at the family court (DECISION-7c1)."
LEGAL_CLAIMS = "establishment, exercise or defence of legal claims"


def officer(world, who="dpo"):
    client = world.client(who)
    reauthenticate(client)
    return client


def decide(client, world, *, person="victim", outcome="refused", ground="legal_claims"):
    return client.post(
        reverse("dataprotection:decide"),
        {
            "case_code": world.case.code,
            "person": person,
            "reference": "REQ-2026-31",
            "outcome": outcome,
            "ground": ground,
            "explanation": EXPLANATION,
        },
    )


def new_audit(since: int) -> list[tuple[str, int | None, list[str]]]:
    events = AuditEvent.objects.filter(seq__gt=since).order_by("seq")
    return [(e.action, e.case_id, e.fields) for e in events]


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_a_refusal_records_the_ground_and_the_letter_states_it_and_the_right_to_complain(world):
    client = officer(world)
    since = head()
    response = decide(client, world)
    decision = ErasureDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dataprotection:decision", args=[decision.pk])
    assert (decision.outcome, decision.ground, decision.person, decision.case_id) == (
        "refused",
        "legal_claims",
        "victim",
        world.case.pk,
    )
    assert decision.organisation.name == "Shelter (world)"
    assert decision.explanation == EXPLANATION
    with connection.cursor() as cursor:  # stored encrypted
        cursor.execute("SELECT explanation FROM dataprotection_erasuredecision")
        assert "DECISION-7c1" not in cursor.fetchone()[0]
    assert new_audit(since) == [
        ("erasure.refused", world.case.pk, ["explanation", "ground", "outcome"])
    ]
    page = client.get(response["Location"]).content.decode()
    assert "DECISION-7c1" in page
    assert "Lift the restriction" not in page  # a refusal freezes nothing

    since = head()
    letter = client.get(reverse("dataprotection:letter", args=[decision.pk]))
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter["Cache-Control"] == "no-store"
    text = " ".join(pdf_text(letter.content).split())
    assert "We have decided not to erase your personal data (Article 17(3)" in text
    assert LEGAL_CLAIMS in text
    assert "(art. 17(3)(e))" in text
    assert "right to lodge a complaint with a supervisory authority" in text
    assert "REQ-2026-31" in text
    assert "Proceedings against [withheld] are pending" in text  # his name: not hers to read
    assert "Esposito" not in text
    assert new_audit(since) == [
        ("decision.letter", world.case.pk, ["explanation", "ground", "outcome"])
    ]
    stored = repr(list(AuditEvent.objects.values()))
    assert "DECISION-7c1" not in stored

    # Nothing is frozen: the centre still writes, and the woman's data are still there.
    note = world.client("victim_side").post(
        reverse("cases:add_note", args=[world.case.pk]),
        {"title": "After the refusal", "body": "Ordinary text.", "compartment": "joint"},
    )
    assert note.status_code == 302
    assert SubjectRequest.objects.count() == 0


def test_a_restriction_letter_says_the_data_are_kept_and_the_person_is_told_before_lifting(
    world,
):
    client = officer(world)
    decide(client, world, outcome="restricted", ground="court_order")
    decision = ErasureDecision.objects.get()
    text = " ".join(
        pdf_text(client.get(reverse("dataprotection:letter", args=[decision.pk])).content).split()
    )
    assert "restricted its processing (Article 18" in text
    assert "We will inform you before the restriction is lifted." in text
    assert "A court order in force requires the data to be kept (art. 17(3)(b))" in text


@pytest.mark.parametrize("who", ["dpo_pp", "dpo_agency"])
def test_another_sides_officer_cannot_decide_on_her_data(world, who):
    response = decide(officer(world, who), world)
    assert response.status_code == 403
    assert "Only a data-protection officer of a victim-side organisation" in (
        response.content.decode()
    )
    assert ErasureDecision.objects.count() == 0


def test_the_programmes_officer_decides_on_his_data_and_the_centres_cannot(world):
    assert decide(officer(world, "dpo"), world, person="perpetrator").status_code == 403
    assert decide(officer(world, "dpo_pp"), world, person="perpetrator").status_code == 302
    decision = ErasureDecision.objects.get()
    assert decision.organisation.name == "Programme (world)"
    # The centre's officer does not see the programme's decision.
    page = officer(world, "dpo").get(reverse("dataprotection:decision", args=[decision.pk]))
    assert page.status_code == 404
    letter = officer(world, "dpo").get(reverse("dataprotection:letter", args=[decision.pk]))
    assert letter.status_code == 404


def test_the_form_needs_a_ground_from_the_list_and_an_explanation(world):
    client = officer(world)
    response = client.post(
        reverse("dataprotection:decide"),
        {
            "case_code": world.case.code,
            "person": "victim",
            "reference": "REQ-1",
            "outcome": "refused",
            "ground": "because",
            "explanation": "",
        },
    )
    assert response.status_code == 400
    assert ErasureDecision.objects.count() == 0
    prefilled = client.get(
        reverse("dataprotection:decide") + f"?case_code={world.case.code}&person=child:1"
    ).content.decode()
    assert f'value="{world.case.code}"' in prefilled
    assert '<option value="child:1" selected>' in prefilled


OTHERS = [
    "dpo_pp",
    "dpo_agency",
    "victim_side",
    "perpetrator_side",
    "partner_contact",
    "other_agency",
    "coordinator",
    "coordinator_vss",
    "coordinator_agency",
    "administrator",
    "administrator_pp",
    "administrator_agency",
]


@pytest.mark.parametrize("who", OTHERS)
def test_a_decision_and_its_letter_reach_only_the_officers_of_the_deciding_organisation(world, who):
    decide(officer(world), world)
    decision = ErasureDecision.objects.get()
    client = world.client(who)
    reauthenticate(client)
    for url in (
        reverse("dataprotection:decision", args=[decision.pk]),
        reverse("dataprotection:letter", args=[decision.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), (who, url)
        assert b"DECISION-7c1" not in response.content
