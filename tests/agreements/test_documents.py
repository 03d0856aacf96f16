"""The agreements as filed documents (issue 18): PDF/A-3b and PDF/UA-1, "page X of Y" and,
at case level, the case code on every page, the hash of the text inside the margins, its five
sections and its signatures block, and no English column header in it, bg or el. The
organisation level agreement prints from the same template without a case line."""

import pytest
from django.urls import reverse

from asap.agreements.standard import SECTIONS
from tests.agreements.test_case_level import draft_between, joint  # noqa: F401  (fixture)
from tests.pdf import LANGUAGES, assert_filed_document, english_left, in_language, pdf_text

pytestmark = pytest.mark.django_db

COLUMNS = ["Agency", "Signed by", "Date and time"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signed_agreement_is_an_archived_accessible_document(
    language,
    signed_in_client,
    vss_worker,
    pp_worker,
    joint,  # noqa: F811  (the fixture imported above)
    pp,
    vss,
):
    centre, agreement = draft_between(signed_in_client, vss_worker, joint, pp)
    url = {
        n: reverse(f"case_agreements:{n}", args=[joint.pk, agreement.pk])
        for n in ["send", "sign", "pdf"]
    }
    centre.post(url["send"])
    centre.post(url["sign"], {"party": agreement.parties.get(organisation=vss).pk})
    programme = signed_in_client(pp_worker)
    programme.post(url["sign"], {"party": agreement.parties.get(organisation=pp).pk})
    agreement.refresh_from_db()
    assert agreement.text_hash
    pdf = in_language(programme, language).get(url["pdf"]).content
    pages = assert_filed_document(pdf, language, case_code=joint.code, archived=True)
    text = pdf_text(pdf, squeeze=True)  # each cell's text in order, however wrapped
    assert agreement.text_hash in text
    assert len(SECTIONS) == 5
    for number in range(1, 6):
        assert f"{number}." in text
    for organisation in [vss, pp]:
        assert "".join(organisation.name.split()) in text
    if language != "en":
        assert english_left("\n".join(pages), language, COLUMNS) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signed_organisation_agreement_is_an_archived_accessible_document(
    language, signed_in_client, signed, coordinator, pp, vss
):
    client = in_language(signed_in_client(coordinator), language)
    pdf = client.get(reverse("agreements:pdf", args=[signed.pk])).content
    pages = assert_filed_document(pdf, language, archived=True)
    text = pdf_text(pdf, squeeze=True)
    assert signed.text_hash
    assert signed.text_hash in text
    for number in range(1, 6):
        assert f"{number}." in text
    for organisation in [vss, pp]:
        assert "".join(organisation.name.split()) in text
    if language != "en":
        # Its title is what its drafter wrote ("Multi-Agency Standard Agreement…", in English).
        text = " ".join(" ".join(pages).split()).replace(" ".join(signed.title.split()), "")
        assert english_left(text, language, COLUMNS) == []
