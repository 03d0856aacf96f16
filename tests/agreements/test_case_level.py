"""Case level agreements: between the case managers of the agencies in one case, limited in
time, read and signed by members of that case only, and holding no protected victim data."""

import datetime
import html

import pytest
from django.urls import reverse

from asap.accounts.enums import Role
from asap.agreements import queries
from asap.agreements.enums import AgreementLevel, AgreementStatus
from asap.agreements.models import Agreement
from asap.cases import access
from asap.cases import services as cases
from tests.conftest import force_login_past_mfa
from tests.factories import agreement_between, persona
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

ADDRESS = "Via delle Camelie 21 (test)"


@pytest.fixture
def joint(vss_worker, pp_worker, vss, pp, police):
    """The centre opened the case (her address recorded); the programme and the police took
    part."""
    case = cases.open_case(
        actor=vss_worker, organisation=vss, perpetrator_name="Dario (test)", victim_name="Lia"
    )
    vss_access = access.case_for(vss_worker, case.pk)
    woman = next(p for p in access.persons_for(vss_access) if p.role == "victim")
    cases.record_protected_detail(
        actor=vss_worker,
        access=vss_access,
        person=access.person_for(vss_access, woman.pk),
        kind="address",
        value=ADDRESS,
    )
    officer = persona(Role.CASE_WORKER, police)
    # An agency joins only when an agreement binds it with every organisation on the case.
    for pair in [(vss, pp), (vss, police), (pp, police)]:
        agreement_between(*pair)
    for worker, organisation in [(pp_worker, pp), (officer, police)]:
        cases.invite_agency(actor=vss_worker, access=vss_access, organisation=organisation)
        invitation = access.invitations_for(worker).get(organisation=organisation)
        cases.accept_invitation(actor=worker, invitation=invitation, member=worker)
    case.officer = officer
    return case


def form_data(case, parties, **changes):
    data = {
        "title": f"Case level agreement for case {case.code}",
        "parties": [p.pk for p in parties],
        "starts_on": "2026-01-10",
        "ends_on": "2099-06-30",
        "legislative_framework": "",
        "principles": "Her safety first",
        "scope": "This case only",
        "objectives": "No further violence",
        "commitments": "Weekly exchange between the case managers",
    }
    return data | changes


def test_a_member_drafts_from_the_standard_case_level_agreement(
    signed_in_client, vss_worker, joint, pp
):
    client = signed_in_client(vss_worker)
    response = client.get(reverse("case_agreements:draft", args=[joint.pk]))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f"Case level agreement for case {joint.code}" in page
    assert "limited in time and in the scope of an individual case" in page
    response = client.post(
        reverse("case_agreements:draft", args=[joint.pk]), form_data(joint, [pp])
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(case=joint)
    assert agreement.level == AgreementLevel.CASE
    assert agreement.ends_on == datetime.date(2099, 6, 30)
    assert {p.organisation.pk for p in agreement.parties.all()} == {
        vss_worker.active_memberships[0].organisation.pk,
        pp.pk,
    }


def test_a_case_level_agreement_needs_its_dates(signed_in_client, vss_worker, joint, pp):
    data = form_data(joint, [pp], ends_on="")
    response = signed_in_client(vss_worker).post(
        reverse("case_agreements:draft", args=[joint.pk]), data
    )
    assert response.status_code == 400
    assert not Agreement.objects.filter(case=joint).exists()


def test_the_text_may_not_repeat_her_protected_details(signed_in_client, vss_worker, joint, pp):
    data = form_data(joint, [pp], scope=f"Visits at {ADDRESS} are agreed")
    response = signed_in_client(vss_worker).post(
        reverse("case_agreements:draft", args=[joint.pk]), data
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "This repeats one of the case's protected details" in page
    assert f"Visits at {ADDRESS} are agreed" in page  # the input is kept, for her worker
    assert not Agreement.objects.filter(case=joint).exists()


def draft_between(signed_in_client, vss_worker, joint, pp):
    client = signed_in_client(vss_worker)
    client.post(reverse("case_agreements:draft", args=[joint.pk]), form_data(joint, [pp]))
    return client, Agreement.objects.get(case=joint)


def test_the_case_managers_sign_and_the_pdf_shows_both(
    signed_in_client, vss_worker, pp_worker, joint, pp, vss
):
    centre, agreement = draft_between(signed_in_client, vss_worker, joint, pp)
    urls = {
        name: reverse(f"case_agreements:{name}", args=[joint.pk, agreement.pk])
        for name in ["send", "sign", "pdf", "detail"]
    }
    centre.post(urls["send"])
    centre.post(urls["sign"], {"party": agreement.parties.get(organisation=vss).pk})
    programme = signed_in_client(pp_worker)
    assert f"Sign for {pp.name}" in programme.get(urls["detail"]).content.decode()
    programme.post(urls["sign"], {"party": agreement.parties.get(organisation=pp).pk})
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert queries.case_in_force(access.case_for(pp_worker, joint.pk)) == agreement
    text = " ".join(pdf_text(programme.get(urls["pdf"]).content).split())
    assert joint.code in text
    for user, organisation in [(vss_worker, vss), (pp_worker, pp)]:
        assert user.full_name in text
        assert organisation.name in text
    assert text.count("Case worker") == 2
    assert ADDRESS not in text
    assert "Lia" not in text


def test_too_few_parties_is_said_above_the_form_with_the_input_kept(
    signed_in_client, vss_worker, pp_worker, joint, pp, vss
):
    _centre, agreement = draft_between(signed_in_client, vss_worker, joint, pp)
    data = form_data(joint, [vss], scope="Kept scope", version=agreement.version)
    response = signed_in_client(pp_worker).post(
        reverse("case_agreements:edit", args=[joint.pk, agreement.pk]), data
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "An agreement binds at least two agencies." in page
    assert "Kept scope" in page
    assert Agreement.objects.get(pk=agreement.pk).scope == "This case only"


def test_sending_tells_the_workers_of_the_parties_on_the_case_only(
    signed_in_client, vss_worker, pp_worker, joint, pp, django_capture_on_commit_callbacks
):
    from django.core import mail

    centre, agreement = draft_between(signed_in_client, vss_worker, joint, pp)
    with django_capture_on_commit_callbacks(execute=True):
        centre.post(reverse("case_agreements:send", args=[joint.pk, agreement.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([vss_worker.email, pp_worker.email])
    assert joint.officer.email not in {m.to[0] for m in mail.outbox}  # police: not a party
    assert all(joint.code in m.body and "Lia" not in m.body for m in mail.outbox)


def test_a_case_level_agreement_is_sent_through_its_case_only(vss_worker, joint, pp, vss):
    from django.core.exceptions import PermissionDenied

    from asap.agreements import services
    from asap.agreements.standard import standard_text

    draft = services.draft_agreement(
        actor=vss_worker,
        level=AgreementLevel.CASE,
        organisation=vss,
        parties=[pp],
        case=joint,
        **standard_text(AgreementLevel.CASE, case_code=joint.code),
    )
    with pytest.raises(PermissionDenied):
        services.send_agreement(actor=vss_worker, agreement=draft)
    assert Agreement.objects.get(pk=draft.pk).status == AgreementStatus.DRAFT


def test_the_case_list_needs_the_same_queries_for_one_and_three_agreements(
    signed_in_client, vss_worker, joint, pp, police, vss
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from asap.agreements import services
    from asap.agreements.standard import standard_text

    client = signed_in_client(vss_worker)

    def draft(*parties):
        services.draft_agreement(
            actor=vss_worker,
            level=AgreementLevel.CASE,
            organisation=vss,
            parties=parties,
            case=joint,
            **standard_text(AgreementLevel.CASE, case_code=joint.code),
        )

    def queries_of_the_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("case_agreements:list", args=[joint.pk]))
        assert response.status_code == 200
        return len(captured)

    draft(pp)
    one = queries_of_the_list()
    draft(pp, police)
    draft(police)
    assert queries_of_the_list() == one
    page = client.get(reverse("case_agreements:list", args=[joint.pk])).content.decode()
    assert page.count(police.name) == 2


def test_a_member_of_an_agency_not_party_reads_but_neither_changes_nor_signs(
    signed_in_client, vss_worker, joint, pp, police
):
    centre, agreement = draft_between(signed_in_client, vss_worker, joint, pp)
    centre.post(reverse("case_agreements:send", args=[joint.pk, agreement.pk]))
    officer = signed_in_client(joint.officer)
    detail = reverse("case_agreements:detail", args=[joint.pk, agreement.pk])
    assert officer.get(detail).status_code == 200
    assert "Sign for" not in officer.get(detail).content.decode()
    edit = reverse("case_agreements:edit", args=[joint.pk, agreement.pk])
    assert officer.get(edit).status_code == 403
    for party in agreement.parties.all():
        officer.post(
            reverse("case_agreements:sign", args=[joint.pk, agreement.pk]), {"party": party.pk}
        )
    assert not agreement.parties.filter(signed_at__isnull=False).exists()
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.SENT


def test_only_members_of_that_case_reach_its_agreements(
    signed_in_client, vss_worker, joint, pp, coordinator
):
    _client, agreement = draft_between(signed_in_client, vss_worker, joint, pp)
    # A worker of the same agency on another case only: the agreement is not under that case.
    other = cases.open_case(
        actor=persona(Role.CASE_WORKER, pp), organisation=pp, perpetrator_name="Other (test)"
    )
    colleague = other.opened_by
    client = signed_in_client(colleague)
    wrong_case = reverse("case_agreements:detail", args=[other.pk, agreement.pk])
    assert client.get(wrong_case).status_code == 404
    right_case = reverse("case_agreements:detail", args=[joint.pk, agreement.pk])
    assert client.get(right_case).status_code == 404
    # The programme's coordinator, not a member, sees the case's metadata only.
    assert signed_in_client(coordinator).get(right_case).status_code == 403


def test_the_case_page_links_to_the_agreements(signed_in_client, vss_worker, joint):
    page = signed_in_client(vss_worker).get(reverse("cases:detail", args=[joint.pk]))
    content = page.content.decode()
    assert reverse("case_agreements:list", args=[joint.pk]) in content
    assert "No case level agreement in force." in content


def test_a_case_manager_signs_only_after_a_fresh_re_authentication(
    signed_in_client, vss_worker, pp_worker, joint, pp
):
    from django.test import Client

    centre, agreement = draft_between(signed_in_client, vss_worker, joint, pp)
    centre.post(reverse("case_agreements:send", args=[joint.pk, agreement.pk]))
    client = Client()
    force_login_past_mfa(client, pp_worker)  # signed in, with no recent re-authentication
    party = agreement.parties.get(organisation=pp)
    response = client.post(
        reverse("case_agreements:sign", args=[joint.pk, agreement.pk]), {"party": party.pk}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    party.refresh_from_db()
    assert party.signed_at is None


def test_deleting_a_case_takes_every_version_of_its_agreement(
    vss_worker, pp_worker, joint, pp, vss
):
    from asap.agreements import services
    from asap.agreements.standard import standard_text
    from asap.cases.models import JointCase

    draft = services.draft_agreement(
        actor=vss_worker,
        level=AgreementLevel.CASE,
        organisation=vss,
        parties=[pp],
        case=joint,
        **standard_text(AgreementLevel.CASE, case_code=joint.code),
    )
    sent = services.send_agreement(
        actor=vss_worker, agreement=draft, access=access.case_for(vss_worker, joint.pk)
    )
    for user, organisation in [(vss_worker, vss), (pp_worker, pp)]:
        party = sent.parties.get(organisation=organisation)
        sent = services.sign_agreement(actor=user, agreement=sent, party=party, role="case_worker")
    services.supersede_agreement(actor=vss_worker, agreement=sent)
    assert Agreement.objects.filter(case=joint).count() == 2
    JointCase.objects.filter(pk=joint.pk).delete()
    assert not Agreement.objects.filter(case_id=joint.pk).exists()
