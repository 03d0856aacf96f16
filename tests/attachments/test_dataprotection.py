"""Subject access lists a person's files (never copies them); erasure by key destruction
reaches the files of the erased side; every attachment is in the case-data models."""

import pytest

from asap.attachments.models import Attachment
from asap.dataprotection.casedata import all_case_models
from tests.conftest import reauthenticate
from tests.dataprotection.test_subject_access import export, found

pytestmark = pytest.mark.django_db


def test_attachments_are_case_data_with_their_encrypted_fields():
    [model] = [m for m in all_case_models() if m.model is Attachment]
    assert model.case_path == "case"
    assert set(model.encrypted) == {"title", "file_name"}


def test_her_export_lists_her_files_and_his_lists_none_of_hers(world):
    hers = world.client("dpo")
    reauthenticate(hers)
    data, text, pdf = export(hers, world, "victim")
    titles = [f["title"] for f in data["attachments_listed"]]
    assert sorted(titles) == sorted(
        [world.canaries["victim_file_title"], world.canaries["protected_file_title"]]
    )
    assert world.canaries["victim_file_title"] in "".join(pdf.split())
    # Listed, not copied: the file's content is in neither file of the export.
    assert "victim_file_content" not in found(world, text)
    assert "protected_file_content" not in found(world, text)
    assert data["joint_attachments_not_listed"] == 1  # the police's file

    his = world.client("dpo_pp")
    reauthenticate(his)
    data, text, _pdf = export(his, world, "perpetrator")
    assert [f["title"] for f in data["attachments_listed"]] == ["His programme agreement"]
    assert found(world, text) == []
