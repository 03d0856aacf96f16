"""Downloads: only through the read policy, always as a download with the detected type,
audited every time; removal by the side that attached the file; erasure by key destruction."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from asap.attachments import services
from asap.attachments.models import Attachment
from asap.cases import services as case_services
from asap.cases.access import consents_for
from asap.cases.enums import Compartment
from asap.cases.services import CaseClosedError
from asap.core import datakeys
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from tests.attachments import files

pytestmark = pytest.mark.django_db


def attach(team, who: str, compartment: str, text: str, **values) -> Attachment:
    return services.attach_file(
        actor=getattr(team, who),
        access=team.access(who),
        title=values.pop("title", f"Title {text}"),
        file_name=values.pop("file_name", f"{text}.png"),
        content=files.png(text),
        compartment=compartment,
        **values,
    )


def download_url(team, attachment) -> str:
    return reverse("attachments:download", args=[team.case.pk, attachment.pk])


def test_a_download_is_never_shown_inline(team, signed_in_client):
    attachment = attach(
        team, "vss", Compartment.VICTIM, "x", file_name="Bescheinigung Müller «März».pdf"
    )

    response = signed_in_client(team.vss).get(download_url(team, attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=utf-8''Bescheinigung%20M%C3%BCller%20%C2%ABM%C3%A4rz%C2%BB.pdf.png" in (
        disposition
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store, private"


def test_a_header_injection_in_the_file_name_goes_nowhere(team, signed_in_client):
    attachment = attach(team, "vss", Compartment.VICTIM, "x", file_name='a".png\r\nX-Evil: 1')

    response = signed_in_client(team.vss).get(download_url(team, attachment))

    assert response.status_code == 200
    assert "X-Evil" not in response.headers
    assert response["Content-Disposition"].startswith("attachment; ")


def test_every_download_leaves_an_audit_row(team, signed_in_client):
    attachment = attach(team, "vss", Compartment.VICTIM, "x")
    client = signed_in_client(team.vss)
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    client.get(download_url(team, attachment))
    client.get(download_url(team, attachment))

    reads = AuditEvent.objects.filter(action="attachment.read", object_id=str(attachment.pk))
    assert reads.count() == 2
    assert {e.actor_id for e in reads} == {team.vss.pk}
    assert {tuple(e.fields) for e in reads} == {("content", "file_name")}
    # One row a download: the file's, not also the door's `case.read`.
    during = AuditEvent.objects.filter(seq__gt=before, case_id=team.case.pk)
    assert sorted(during.values_list("action", flat=True)) == ["attachment.read"] * 2


def test_a_refused_download_leaves_no_read_row_and_no_hint(team, signed_in_client):
    attachment = attach(team, "vss", Compartment.VICTIM, "HER-FILE-CONTENT-9d0e")

    for who in ["pp", "police"]:
        response = signed_in_client(getattr(team, who)).get(download_url(team, attachment))
        assert response.status_code == 404
        assert b"HER-FILE-CONTENT-9d0e" not in response.content
    assert not AuditEvent.objects.filter(action="attachment.read").exists()


def test_her_joint_file_reaches_the_programme_only_while_she_consents(team, signed_in_client):
    attachment = attach(team, "vss", Compartment.JOINT, "JOINT-FILE-61aa")
    client = signed_in_client(team.pp)
    assert client.get(download_url(team, attachment)).status_code == 200
    # The police read her joint contributions only under her consent to other agencies.
    assert signed_in_client(team.police).get(download_url(team, attachment)).status_code == 404

    access = team.access("vss")
    for given in consents_for(access):
        case_services.withdraw_consent(
            actor=team.vss, access=access, consent=given, withdrawn_on=datetime.date(2026, 2, 1)
        )

    assert client.get(download_url(team, attachment)).status_code == 404


def test_a_file_on_a_shared_note_is_not_shared_with_it(team, signed_in_client):
    """The programme reads her note while it is shared; her file on it stays hers."""
    access = team.access("vss")
    note = case_services.add_note(
        actor=team.vss, access=access, title="Incident", body="b", compartment=Compartment.VICTIM
    )
    case_services.share_entry(
        actor=team.vss, access=access, entry=note, with_side="perpetrator", purpose="Group work"
    )
    attachment = attach(team, "vss", Compartment.VICTIM, "ON-SHARED-NOTE-3c1b", record=note)
    pp = signed_in_client(team.pp)

    timeline = pp.get(reverse("cases:timeline", args=[team.case.pk])).content.decode()

    assert "Incident" in timeline
    assert "ON-SHARED-NOTE-3c1b" not in timeline
    assert pp.get(download_url(team, attachment)).status_code == 404
    vss_timeline = signed_in_client(team.vss).get(reverse("cases:timeline", args=[team.case.pk]))
    assert download_url(team, attachment) in vss_timeline.content.decode()


def test_a_joint_file_on_a_record_reaches_only_who_reads_the_record(team, signed_in_client):
    note = case_services.add_note(
        actor=team.pp,
        access=team.access("pp"),
        title="His note",
        body="b",
        compartment=Compartment.PERPETRATOR,
    )
    # Attached to his note, the file's compartment can be no wider than the note's.
    with pytest.raises(ValueError, match="cannot file under joint"):
        attach(team, "pp", Compartment.JOINT, "x", record=note)
    attachment = attach(team, "pp", Compartment.PERPETRATOR, "HIS-FILE-77", record=note)
    assert signed_in_client(team.pp).get(download_url(team, attachment)).status_code == 200
    assert signed_in_client(team.vss).get(download_url(team, attachment)).status_code == 404


def test_the_side_that_attached_a_file_removes_it(team, signed_in_client):
    attachment = attach(team, "police", Compartment.JOINT, "POLICE-FILE")
    url = reverse("attachments:remove", args=[team.case.pk, attachment.pk])

    assert signed_in_client(team.vss).post(url, {"confirm": "on"}).status_code == 403
    police = signed_in_client(team.police)
    response = police.post(url, {"confirm": "on"})

    assert response.status_code == 302
    with named_scope("test"):
        assert not Attachment.objects.filter(pk=attachment.pk).exists()
    [event] = AuditEvent.objects.filter(action="attachment.remove")
    assert event.object_id == str(attachment.pk)
    assert police.get(download_url(team, attachment)).status_code == 404


def test_erasing_her_sides_key_makes_her_files_unreadable(team, signed_in_client):
    hers = attach(team, "vss", Compartment.VICTIM, "HER-ERASED-FILE")
    his = attach(team, "pp", Compartment.JOINT, "HIS-KEPT-FILE")

    datakeys.destroy(team.case.pk, [datakeys.VICTIM], "test")

    vss = signed_in_client(team.vss)
    erased = vss.get(download_url(team, hers))
    assert erased.status_code == 410
    assert b"HER-ERASED-FILE" not in erased.content
    assert vss.get(download_url(team, his)).content == files.png("HIS-KEPT-FILE")
    listing = vss.get(reverse("attachments:list", args=[team.case.pk])).content.decode()
    assert "[erased]" in listing
    assert "HER-ERASED-FILE" not in listing


def test_a_closed_case_takes_no_file_and_loses_none_but_still_serves_them(team, signed_in_client):
    attachment = attach(team, "vss", Compartment.VICTIM, "BEFORE-CLOSING")
    access = team.access("vss")
    case_services.close_case(
        actor=team.vss,
        access=access,
        reason="completed",
        note="Programme completed.",
        expected_version=access.case.version,
    )
    access = team.access("vss")

    with pytest.raises(CaseClosedError):
        attach(team, "vss", Compartment.VICTIM, "AFTER-CLOSING")
    with pytest.raises(CaseClosedError):
        services.remove_attachment(actor=team.vss, access=access, attachment=attachment)
    client = signed_in_client(team.vss)
    upload = SimpleUploadedFile("a.png", files.png(), content_type="image/png")
    add = reverse("attachments:add", args=[team.case.pk])
    added = client.post(add, {"title": "t", "compartment": "victim", "file": upload})
    remove = reverse("attachments:remove", args=[team.case.pk, attachment.pk])
    removed = client.post(remove, {"confirm": "on"})

    assert (added.status_code, removed.status_code) == (423, 423)
    assert client.get(download_url(team, attachment)).content == files.png("BEFORE-CLOSING")
    with named_scope("test"):
        assert list(Attachment.objects.filter(case=team.case).values_list("pk", flat=True)) == [
            attachment.pk
        ]
