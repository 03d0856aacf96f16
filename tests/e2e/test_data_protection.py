"""In a real browser: the programme's data-protection officer downloads the man's
subject-access export (a ZIP of JSON and PDF without the woman's name or address); the
centre's officer erases the woman's data on request and finds the request listed, with its
reference, on the overview. Each officer handles the data their organisation controls."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import Page, expect

from asap.accounts.enums import Role
from asap.cases.models import Person
from asap.core.scopes import named_scope
from tests.e2e.test_joint_case import sign_in
from tests.e2e.test_meeting import ADDRESS, WOMAN, open_case
from tests.factories import PASSWORD, persona
from tests.pdf import pdf_text

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_the_officer_exports_the_mans_data_and_erases_the_womans(
    live_server, page: Page, vss, vss_worker, pp_worker, pp, tmp_path
):
    base = live_server.url
    case = open_case(vss_worker, pp_worker, pp)
    dpo = persona(Role.DATA_PROTECTION_OFFICER, vss)
    pp_dpo = persona(Role.DATA_PROTECTION_OFFICER, pp)
    sign_in(page, base, pp_dpo)
    page.goto(f"{base}/data-protection/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")

    page.get_by_role("link", name="Subject-access export of one person").click()
    # The export is behind a fresh confirmation of the password.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject-access export of one person")
    page.get_by_label("Case code").fill(case.code)
    page.get_by_label("Person").select_option(label="The man")
    page.get_by_label("Request reference").fill("SAR-2026-01")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the export").click()
    path = tmp_path / "export.zip"
    download_info.value.save_as(path)
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    json_name, pdf_name = sorted(archive.namelist())
    data = json.loads(archive.read(json_name))
    pdf = pdf_text(archive.read(pdf_name))
    assert data["person"]["name"] == "Teodoro B."
    assert "Teodoro B." in pdf
    for text in (json.dumps(data, ensure_ascii=False), pdf):
        assert WOMAN not in text
        assert "Glicini" not in text

    # The centre's officer, in a browser of her own, erases the woman's data.
    page = page.context.browser.new_context().new_page()
    sign_in(page, base, dpo)
    page.goto(f"{base}/data-protection/")
    page.get_by_role("link", name="Erase one person's data on request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Case code").fill(case.code)
    page.get_by_label("Person").select_option(label="The woman")
    page.get_by_label("Request reference").fill("ERASE-2026-02")
    page.get_by_label("I confirm the request was verified").check()
    page.get_by_role("button", name="Erase").click()
    expect(
        page.get_by_text(f"The data of The woman of case {case.code} was erased.")
    ).to_be_visible()
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="ERASE-2026-02")).to_contain_text("Erasure")
    with named_scope("test"):
        assert Person.objects.get(case=case, role="victim").name == ""
    assert ADDRESS not in page.content()
