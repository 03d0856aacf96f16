"""The minutes PDF rendered once (asap.core.rendered): a repeat download is the kept bytes,
through the door and audited as before; a change, another side or another language renders
its own; the kept bytes are sealed under the case's "rendered" key and go when any key of the
case is destroyed."""

import datetime

import pytest

from asap.cases import access
from asap.cases import services as cases
from asap.cases.enums import ConsentScope
from asap.core import datakeys
from asap.core.models import AuditEvent, DataKey, RenderedDocument
from asap.meetings import services
from asap.plans import services as plans
from tests.meetings.conftest import at
from tests.meetings.test_services import schedule
from tests.pdf import in_language, pdf_text

pytestmark = pytest.mark.django_db

HER_ACTION = "KEPT-PDF-ACTION-OF-HER-SIDE-5d2e"
DECISIONS = "Both agencies agree the safety plan."


@pytest.fixture
def meeting(joint_case, vss_worker, pp_worker):
    """A meeting with minutes, and an action her side filed in the joint plan at it."""
    meeting = schedule(vss_worker, joint_case)
    vss_access = access.case_for(vss_worker, joint_case.pk)
    plans.add_action(
        actor=vss_worker,
        access=vss_access,
        need="Safety at handovers",
        action=HER_ACTION,
        term=at(20).date(),
        responsible="Centre",
        meeting_id=meeting.pk,
    )
    write(pp_worker, joint_case, meeting, DECISIONS, version=0)
    return meeting


def write(actor, case, meeting, decisions: str, *, version: int) -> None:
    services.write_minutes(
        actor=actor,
        access=access.case_for(actor, case.pk),
        meeting=meeting,
        expected_version=version,
        attended=[actor],
        decisions=decisions,
        invitable=[actor],
    )


def url(case, meeting) -> str:
    return f"/cases/{case.pk}/meetings/{meeting.pk}/minutes.pdf"


def reads(user) -> int:
    return AuditEvent.objects.filter(actor=user, action="case.read").count()


def test_a_repeat_download_is_the_kept_pdf_audited_again_and_not_laid_out_again(
    joint_case, meeting, pp_worker, signed_in_client, renders
):
    client = signed_in_client(pp_worker)
    before = reads(pp_worker)
    first = client.get(url(joint_case, meeting))
    second = client.get(url(joint_case, meeting))
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == first.content
    assert DECISIONS in pdf_text(second.content)
    assert len(renders) == 1
    assert reads(pp_worker) == before + 2  # every download is a read of the case
    for response in (first, second):
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Disposition"] == (
            f'attachment; filename="minutes-{joint_case.code}-{meeting.starts_at:%Y%m%d}.pdf"'
        )


def test_a_repeat_download_runs_a_bounded_number_of_queries(
    joint_case, meeting, pp_worker, signed_in_client, django_assert_max_num_queries
):
    client = signed_in_client(pp_worker)
    client.get(url(joint_case, meeting))
    # The session and door (with its audit row), the minutes' reads as before the PDFs were
    # kept, then one for the kept PDF and one for its key; the same for any size of case.
    # Neither the invitations (the PDF does not show them) nor the case again (the door's).
    with django_assert_max_num_queries(16):
        assert client.get(url(joint_case, meeting)).status_code == 200


def test_changed_minutes_are_laid_out_again(
    joint_case, meeting, pp_worker, signed_in_client, renders
):
    client = signed_in_client(pp_worker)
    client.get(url(joint_case, meeting))
    write(pp_worker, joint_case, meeting, "The review moves to June.", version=1)
    text = pdf_text(client.get(url(joint_case, meeting)).content)
    assert "The review moves to June." in text
    assert DECISIONS not in text
    assert len(renders) == 2
    assert RenderedDocument.objects.count() == 1  # replaced, not added


def test_the_programme_never_gets_her_sides_action_from_the_victim_sides_kept_pdf(
    joint_case, meeting, vss_worker, pp_worker, signed_in_client, renders
):
    hers = signed_in_client(vss_worker).get(url(joint_case, meeting)).content
    assert HER_ACTION in pdf_text(hers, squeeze=True)
    programme = signed_in_client(pp_worker)
    for _ in range(2):  # laid out for the programme once, then its own kept copy
        theirs = programme.get(url(joint_case, meeting)).content
        assert HER_ACTION not in pdf_text(theirs, squeeze=True)
        assert DECISIONS in pdf_text(theirs)
    assert len(renders) == 2
    audiences = sorted(RenderedDocument.objects.values_list("audience", flat=True))
    assert [a.split(":")[0] for a in audiences] == ["perpetrator", "victim"]
    # Her consent changes what the programme reads: its PDF is laid out again, with it.
    cases.record_consent(
        actor=vss_worker,
        access=access.case_for(vss_worker, joint_case.pk),
        scopes=[ConsentScope.PERPETRATOR_PROGRAMME],
        given_on=datetime.date(2026, 5, 1),
    )
    theirs = programme.get(url(joint_case, meeting)).content
    assert HER_ACTION in pdf_text(theirs, squeeze=True)
    assert len(renders) == 3


def test_another_language_gets_its_own_pdf(
    joint_case, meeting, pp_worker, signed_in_client, renders
):
    client = signed_in_client(pp_worker)
    english = client.get(url(joint_case, meeting)).content
    italian = in_language(client, "it").get(url(joint_case, meeting)).content
    assert "Verbale" in pdf_text(italian)
    assert italian != english
    assert len(renders) == 2
    languages = sorted(RenderedDocument.objects.values_list("language", flat=True))
    assert languages == ["en", "it"]


def test_the_kept_pdf_is_sealed_under_the_cases_rendered_key(
    joint_case, meeting, pp_worker, signed_in_client
):
    response = signed_in_client(pp_worker).get(url(joint_case, meeting))
    assert response.content.startswith(b"%PDF")
    kept = bytes(RenderedDocument.objects.get().ciphertext)
    assert b"%PDF" not in kept
    assert DECISIONS.encode() not in kept
    assert kept.startswith(datakeys.PREFIX.encode())
    key = DataKey.objects.get(pk=int(kept.split(b"$")[1]))
    assert (key.case_id, key.subject) == (joint_case.pk, datakeys.RENDERED)
    assert datakeys.unseal_bytes(kept) == response.content


def test_destroying_a_key_of_the_case_deletes_its_kept_pdfs_and_destroys_their_key(
    joint_case, meeting, vss_worker, pp_worker, signed_in_client, renders
):
    programme = signed_in_client(pp_worker)
    for client in (signed_in_client(vss_worker), programme):
        client.get(url(joint_case, meeting))
    assert RenderedDocument.objects.filter(case_id=joint_case.pk).count() == 2
    entries = datakeys.destroy(joint_case.pk, [datakeys.VICTIM], "erasure of the woman (test)")
    assert datakeys.RENDERED in {entry["subject"] for entry in entries}
    assert RenderedDocument.objects.filter(case_id=joint_case.pk).count() == 0
    assert not DataKey.objects.filter(
        case_id=joint_case.pk, subject=datakeys.RENDERED, destroyed_at__isnull=True
    ).exists()
    # The next download is laid out again, under a new key.
    assert programme.get(url(joint_case, meeting)).status_code == 200
    assert len(renders) == 3


def test_a_restore_destroys_the_kept_pdfs_again_with_the_ledger(
    joint_case, meeting, pp_worker, signed_in_client
):
    signed_in_client(pp_worker).get(url(joint_case, meeting))
    key = DataKey.objects.get(case_id=joint_case.pk, subject=datakeys.RENDERED)
    entry = {"key": key.pk, "case": joint_case.pk, "fingerprint": key.fingerprint}
    assert datakeys.destroy_listed([entry]) == 1
    assert RenderedDocument.objects.count() == 0
