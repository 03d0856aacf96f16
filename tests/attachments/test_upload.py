"""Attaching a file: the kind from the content, the size limit, the form re-rendered with the
reason, sealed at rest under the attaching side's key, and audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from asap.attachments import services
from asap.attachments.enums import FileType
from asap.attachments.forms import AttachForm
from asap.attachments.models import Attachment
from asap.cases.enums import Compartment
from asap.core import datakeys
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.core.uploads import UploadRefusedError
from tests.attachments import files

pytestmark = pytest.mark.django_db


def post_file(client, team, name: str, content: bytes, **data):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    values = {"title": "Signed consent", "compartment": "victim", "file": upload, **data}
    return client.post(f"/cases/{team.case.pk}/attachments/add/", values)


def stored(team) -> list[Attachment]:
    with named_scope("test"):
        return list(Attachment.objects.filter(case=team.case).select_related("entry"))


def test_a_png_named_pdf_is_stored_and_served_as_a_png(team, signed_in_client):
    client = signed_in_client(team.vss)

    response = post_file(client, team, "scan.pdf", files.png("page one"))

    assert response.status_code == 302
    [attachment] = stored(team)
    assert attachment.file_type == FileType.PNG
    download = client.get(f"/cases/{team.case.pk}/attachments/{attachment.pk}/download/")
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"] == 'attachment; filename="scan.pdf.png"'
    assert download.content == files.png("page one")


@pytest.mark.parametrize(
    ("name", "content"),
    [("letter.pdf", files.HTML), ("form.pdf", files.EXE), ("setup.exe", files.EXE)],
)
def test_a_file_of_another_kind_is_refused_and_the_form_keeps_the_input(
    team, signed_in_client, name, content
):
    client = signed_in_client(team.vss)

    response = post_file(client, team, name, content, title="Court letter of March")

    assert response.status_code == 400
    page = response.content.decode()
    assert "This kind of file is not accepted." in page
    assert 'value="Court letter of March"' in page
    assert stored(team) == []
    assert not AuditEvent.objects.filter(action="attachment.add").exists()


class Unreadable(SimpleUploadedFile):
    """An upload that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the upload was read")


def test_a_file_over_the_limit_is_refused_before_it_is_read(team, settings):
    settings.ASAP_ATTACHMENT_MAX_BYTES = 1024
    upload = Unreadable("big.pdf", files.PDF + b"0" * 1024)
    form = AttachForm(
        {"title": "Big", "compartment": "victim"},
        {"file": upload},
        compartments=["victim"],
    )

    assert not form.is_valid()
    assert form.errors["file"] == ["The file is larger than 1 KiB."]


def test_the_limit_comes_from_the_setting(team, signed_in_client, settings):
    settings.ASAP_ATTACHMENT_MAX_BYTES = 2048
    client = signed_in_client(team.vss)

    refused = post_file(client, team, "big.png", files.png("x" * 2048))
    accepted = post_file(client, team, "small.png", files.png("x" * 1000))

    assert refused.status_code == 400
    assert "The file is larger than 2 KiB." in refused.content.decode()
    assert accepted.status_code == 302
    assert len(stored(team)) == 1


def test_the_service_checks_the_kind_and_size_itself(team, settings):
    settings.ASAP_ATTACHMENT_MAX_BYTES = 100
    values = {"actor": team.vss, "access": team.access("vss"), "compartment": "victim"}
    with pytest.raises(UploadRefusedError):
        services.attach_file(title="t", file_name="a.pdf", content=files.HTML, **values)
    with pytest.raises(UploadRefusedError):
        services.attach_file(title="t", file_name="a.png", content=files.png("x" * 200), **values)
    assert stored(team) == []


def test_a_side_files_only_under_its_own_compartments(team):
    with pytest.raises(ValueError, match="cannot file under protected"):
        services.attach_file(
            actor=team.pp,
            access=team.access("pp"),
            title="t",
            file_name="a.png",
            content=files.png(),
            compartment=Compartment.PROTECTED,
        )


def test_the_file_its_title_and_name_are_sealed_under_the_attaching_sides_key(team):
    content = files.png("HER-STATEMENT-CONTENT-4411")
    attachment = services.attach_file(
        actor=team.vss,
        access=team.access("vss"),
        title="HER-STATEMENT-TITLE",
        file_name="HER-STATEMENT-NAME.png",
        content=content,
        compartment=Compartment.VICTIM,
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content, title, file_name FROM attachments_attachment WHERE id = %s",
            [attachment.pk],
        )
        row = dict(zip(["content", "title", "file_name"], cursor.fetchone(), strict=True))
    key_id, fingerprint, _fernet = datakeys.key_for(datakeys.KeyOwner(team.case.pk, "victim"))
    prefix = datakeys.token_prefix(key_id, fingerprint)
    assert bytes(row["content"]).startswith(prefix.encode())
    assert b"HER-STATEMENT-CONTENT-4411" not in bytes(row["content"])
    assert datakeys.unseal_bytes(bytes(row["content"])) == content
    for field in ["title", "file_name"]:
        assert row[field].startswith(prefix)
        assert "HER-STATEMENT" not in row[field]


def test_an_upload_writes_one_audit_row_with_field_names_only(team, signed_in_client):
    client = signed_in_client(team.vss)

    post_file(client, team, "consent.png", files.png(), title="SECRET-TITLE-77")

    [attachment] = stored(team)
    [event] = AuditEvent.objects.filter(action="attachment.add")
    assert (event.object_type, event.object_id) == ("attachments.attachment", str(attachment.pk))
    assert event.case_id == team.case.pk
    assert event.actor == team.vss
    assert "SECRET-TITLE-77" not in str(event.fields)
    assert set(event.fields) == set(services.ADD_FIELDS)


def test_a_joint_file_naming_her_is_refused_for_the_victim_side(team, signed_in_client):
    """Her name may not travel in a file's title or name filed where the other side reads."""
    client = signed_in_client(team.vss)

    by_title = post_file(
        client, team, "a.png", files.png(), title="Anna Bianchi", compartment="joint"
    )
    by_name = post_file(client, team, "Anna Bianchi.png", files.png(), compartment="joint")
    in_her_compartment = post_file(client, team, "Anna Bianchi.png", files.png())

    assert by_title.status_code == 400
    assert by_name.status_code == 400
    assert in_her_compartment.status_code == 302
    assert [a.entry.compartment for a in stored(team)] == ["victim"]


def test_the_sealed_content_reads_back_as_bytes_on_every_engine(team):
    """PostgreSQL's driver returns a memoryview, whose repr changes from one read to the next
    (the retention checksum compares rows as stored)."""
    services.attach_file(
        actor=team.vss,
        access=team.access("vss"),
        title="t",
        file_name="a.png",
        content=files.png(),
        compartment=Compartment.VICTIM,
    )
    with named_scope("test"):
        first = list(Attachment.objects.filter(case=team.case).values_list())
        second = list(Attachment.objects.filter(case=team.case).values_list())
    assert isinstance(stored(team)[0].content, bytes)
    assert repr(first) == repr(second)
