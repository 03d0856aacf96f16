"""Organisation level agreements on screen: drafting from the standard agreement, who reads
and signs, re-authentication before a sign-off, the lock, and the PDF."""

import pytest
from django.test import Client
from django.urls import reverse

from asap.accounts.enums import Role
from asap.agreements import queries, services
from asap.agreements.enums import AgreementStatus
from asap.agreements.models import Agreement
from tests.agreements.conftest import sign_all
from tests.conftest import force_login_past_mfa
from tests.factories import persona
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_a_draft_starts_from_the_standard_agreement_with_the_sources_sections(
    signed_in_client, coordinator
):
    response = signed_in_client(coordinator).get(reverse("agreements:draft"))
    assert response.status_code == 200
    page = response.content.decode()
    for section in ["Legislative framework - if any", "Principles", "Scope", "Objectives"]:
        assert section in page
    assert "Commitments" in page
    assert "Istanbul Convention" in page
    assert "Sharing information" in page


def test_a_coordinator_drafts_and_names_the_parties(signed_in_client, coordinator, pp, vss):
    data = {
        "title": "Bologna network agreement",
        "parties": [vss.pk],
        "legislative_framework": "",
        "principles": "Safety first",
        "scope": "All cases",
        "objectives": "Fewer repeat incidents",
        "commitments": "Sharing information",
    }
    response = signed_in_client(coordinator).post(reverse("agreements:draft"), data)
    agreement = Agreement.objects.get(title="Bologna network agreement")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert agreement.organisation == pp
    assert {p.organisation for p in agreement.parties.all()} == {pp, vss}


def test_a_draft_with_no_other_party_is_refused_with_the_input_kept(signed_in_client, coordinator):
    data = {"title": "Kept title", "principles": "Kept principles"}
    response = signed_in_client(coordinator).post(reverse("agreements:draft"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kept title" in page
    assert "Kept principles" in page
    assert not Agreement.objects.filter(title="Kept title").exists()


def test_a_coordinator_of_an_agency_not_named_can_neither_read_nor_sign(
    signed_in_client, draft, coordinator
):
    services.send_agreement(actor=coordinator, agreement=draft)
    outsider = persona(Role.COORDINATOR)
    client = signed_in_client(outsider)
    for name in ["detail", "pdf", "edit"]:
        assert client.get(reverse(f"agreements:{name}", args=[draft.pk])).status_code == 404
    party = draft.parties.first()
    response = client.post(reverse("agreements:sign", args=[draft.pk]), {"party": party.pk})
    assert response.status_code == 404
    assert not draft.parties.filter(signed_at__isnull=False).exists()
    assert draft.title not in client.get(reverse("agreements:list")).content.decode()


def test_a_case_worker_has_no_agreements_pages(signed_in_client, pp_worker, draft):
    client = signed_in_client(pp_worker)
    assert client.get(reverse("agreements:list")).status_code == 403
    assert client.get(reverse("agreements:detail", args=[draft.pk])).status_code == 403


def test_signing_needs_a_fresh_re_authentication(draft, coordinator, pp):
    services.send_agreement(actor=coordinator, agreement=draft)
    party = draft.parties.get(organisation=pp)
    client = Client()
    force_login_past_mfa(client, coordinator)  # signed in, no recent re-authentication
    response = client.post(reverse("agreements:sign", args=[draft.pk]), {"party": party.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    party.refresh_from_db()
    assert party.signed_at is None


def test_each_coordinator_signs_and_the_agreement_locks(
    signed_in_client, draft, coordinator, vss_coordinator, pp, vss
):
    programme = signed_in_client(coordinator)
    response = programme.post(reverse("agreements:send", args=[draft.pk]))
    assert response.status_code == 302
    page = programme.get(reverse("agreements:detail", args=[draft.pk])).content.decode()
    assert f"Sign for {pp.name}" in page
    assert f"Sign for {vss.name}" not in page  # he does not coordinate the centre
    pp_party, vss_party = (draft.parties.get(organisation=o) for o in (pp, vss))
    # He cannot sign for the centre.
    programme.post(reverse("agreements:sign", args=[draft.pk]), {"party": vss_party.pk})
    vss_party.refresh_from_db()
    assert vss_party.signed_at is None
    programme.post(reverse("agreements:sign", args=[draft.pk]), {"party": pp_party.pk})
    centre = signed_in_client(vss_coordinator)
    centre.post(reverse("agreements:sign", args=[draft.pk]), {"party": vss_party.pk})
    agreement = Agreement.objects.get(pk=draft.pk)
    assert agreement.status == AgreementStatus.SIGNED
    assert queries.agreement_in_force(pp, vss) == agreement
    signatories = [(p.organisation, p.signed_by) for p in queries.parties_of(agreement)]
    assert sorted(signatories, key=lambda s: s[0].name) == sorted(
        [(pp, coordinator), (vss, vss_coordinator)], key=lambda s: s[0].name
    )


def test_a_locked_agreement_cannot_be_edited_on_screen(signed_in_client, signed, coordinator):
    client = signed_in_client(coordinator)
    edit = reverse("agreements:edit", args=[signed.pk])
    assert client.get(edit).status_code == 403
    response = client.post(edit, {"title": "Changed", "version": signed.version})
    assert response.status_code == 403
    assert Agreement.objects.get(pk=signed.pk).title == signed.title
    assert (
        "Change the draft"
        not in client.get(reverse("agreements:detail", args=[signed.pk])).content.decode()
    )


def test_only_the_drafting_agency_changes_the_draft(signed_in_client, draft, vss_coordinator):
    client = signed_in_client(vss_coordinator)
    assert client.get(reverse("agreements:detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("agreements:edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("agreements:send", args=[draft.pk])).status_code == 403
    assert Agreement.objects.get(pk=draft.pk).status == AgreementStatus.DRAFT


def test_a_stale_edit_answers_409_with_the_input_kept(signed_in_client, draft, coordinator, vss):
    services.update_agreement(
        actor=coordinator,
        agreement=draft,
        expected_version=1,
        parties=[vss],
        title="Saved by a colleague",
        principles="p",
        scope="s",
        objectives="o",
        commitments="c",
    )
    data = {
        "title": "My stale edit",
        "parties": [vss.pk],
        "principles": "Mine",
        "scope": "Mine",
        "objectives": "Mine",
        "commitments": "Mine",
        "version": 1,
    }
    response = signed_in_client(coordinator).post(reverse("agreements:edit", args=[draft.pk]), data)
    assert response.status_code == 409
    assert "My stale edit" in response.content.decode()
    assert Agreement.objects.get(pk=draft.pk).title == "Saved by a colleague"


def test_a_new_version_starts_as_a_draft_copy(
    signed_in_client, signed, coordinator, vss_coordinator, pp, vss
):
    client = signed_in_client(coordinator)
    response = client.post(reverse("agreements:supersede", args=[signed.pk]))
    new = Agreement.objects.get(supersedes=signed)
    assert response["Location"] == reverse("agreements:edit", args=[new.pk])
    old_page = client.get(reverse("agreements:detail", args=[signed.pk])).content.decode()
    assert "Superseded" not in old_page  # in force until the new version is signed
    assert "<strong>in force</strong>" in old_page
    assert reverse("agreements:detail", args=[new.pk]) in old_page
    assert reverse("agreements:supersede", args=[signed.pk]) not in old_page
    sign_all(new, [(coordinator, pp), (vss_coordinator, vss)])
    old_page = client.get(reverse("agreements:detail", args=[signed.pk])).content.decode()
    assert "Superseded by" in old_page
    assert "<strong>in force</strong>" not in old_page


def test_the_pdf_shows_every_section_and_every_sign_off(
    signed_in_client, signed, coordinator, vss_coordinator, pp, vss
):
    response = signed_in_client(coordinator).get(reverse("agreements:pdf", args=[signed.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    for section in ["Legislative framework - if any", "Principles", "Scope", "Objectives"]:
        assert section in text
    assert "Commitments" in text
    assert "Istanbul Convention" in text
    for user, organisation in [(coordinator, pp), (vss_coordinator, vss)]:
        assert user.full_name in text
        assert organisation.name in text
    assert text.count("Coordinator") >= 2
    party = queries.parties_of(signed)[0]
    assert party.signed_at.astimezone().strftime("%Y") in text


def test_the_list_needs_the_same_queries_for_one_and_three_agreements(
    signed_in_client, coordinator, pp, vss, police
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from asap.agreements.enums import AgreementLevel
    from asap.agreements.standard import standard_text

    client = signed_in_client(coordinator)

    def draft(*parties):
        services.draft_agreement(
            actor=coordinator,
            level=AgreementLevel.ORGANISATION,
            organisation=pp,
            parties=parties,
            **standard_text(AgreementLevel.ORGANISATION),
        )

    def queries_of_the_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("agreements:list"))
        assert response.status_code == 200
        return len(captured)

    draft(vss)
    one = queries_of_the_list()
    draft(vss, police)
    draft(police)
    assert queries_of_the_list() == one
    assert client.get(reverse("agreements:list")).content.decode().count(police.name) == 2
