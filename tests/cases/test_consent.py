"""Her consent governs on read; his waiver governs what other agencies read of his side's
joint notes; the other side learns only that something is withheld, never what."""

import datetime
import html
from dataclasses import dataclass, field

import pytest
from django.test import Client

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import User
from asap.cases import access, services
from asap.cases.enums import Compartment
from asap.cases.models import JointCase
from asap.core.models import AuditEvent
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db

HER_NOTICE = (
    "Some of the victim support service's contributions are withheld: the woman has not "
    "given, or has withdrawn, her consent to share them."
)
HIS_NOTICE = (
    "Some of the perpetrator programme's contributions are withheld: the man has not given, "
    "or has withdrawn, his waiver of confidentiality."
)


@dataclass
class Trio:
    """A case the shelter opened, with the programme and the police taking part."""

    case: JointCase
    vss: User
    pp: User
    police: User
    clients: dict[int, Client] = field(default_factory=dict)

    def client(self, user: User) -> Client:
        """One signed-in client per person and test (a TOTP code is used once)."""
        if user.pk not in self.clients:
            self.clients[user.pk] = Client()
            sign_in(self.clients[user.pk], user)
        return self.clients[user.pk]

    def timeline(self, user: User) -> str:
        response = self.client(user).get(f"/cases/{self.case.pk}/timeline/")
        assert response.status_code == 200
        return html.unescape(response.content.decode())

    def access(self, user: User) -> access.CaseAccess:
        return access.case_for(user, self.case.pk)

    def note(self, user: User, body: str, compartment: str = Compartment.JOINT):
        return services.add_note(
            actor=user,
            access=self.access(user),
            title=f"Note {body}",
            body=body,
            compartment=compartment,
        )


@pytest.fixture
def trio(vss_worker, vss) -> Trio:
    pp = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    police = OrganisationFactory(kind=OrganisationKind.POLICE)
    pp_worker, police_worker = persona(Role.CASE_WORKER, pp), persona(Role.CASE_WORKER, police)
    agreement_between(vss, pp, police)
    case = services.open_case(actor=vss_worker, organisation=vss, perpetrator_name="Leo (test)")
    for worker, organisation in [(pp_worker, pp), (police_worker, police)]:
        services.invite_agency(
            actor=vss_worker, access=access.case_for(vss_worker, case.pk), organisation=organisation
        )
        invitation = access.invitations_for(worker).get(organisation=organisation)
        services.accept_invitation(actor=worker, invitation=invitation, member=worker)
    return Trio(case=case, vss=vss_worker, pp=pp_worker, police=police_worker)


def consent(trio: Trio, *scopes: str):
    return services.record_consent(
        actor=trio.vss,
        access=trio.access(trio.vss),
        scopes=list(scopes),
        given_on=datetime.date(2026, 1, 10),
    )


def test_before_her_consent_the_programme_does_not_see_her_sides_joint_note(trio):
    trio.note(trio.vss, "CANARY-HER-JOINT-b7")
    assert "CANARY-HER-JOINT-b7" in trio.timeline(trio.vss)
    for reader in (trio.pp, trio.police):
        page = trio.timeline(reader)
        assert "CANARY-HER-JOINT-b7" not in page
        assert HER_NOTICE in page
    assert HER_NOTICE not in trio.timeline(trio.vss)
    assert access.withheld_notice(trio.access(trio.pp))
    consent(trio, "perpetrator_programme")
    page = trio.timeline(trio.pp)
    assert "CANARY-HER-JOINT-b7" in page
    assert HER_NOTICE not in page
    assert "CANARY-HER-JOINT-b7" not in trio.timeline(trio.police)  # no consent for agencies


def test_withdrawing_her_consent_hides_her_joint_notes_and_her_items_shared_earlier(trio):
    given = consent(trio, "perpetrator_programme")
    joint = trio.note(trio.vss, "CANARY-JOINT-WD-c4")
    own = trio.note(trio.vss, "CANARY-SHARED-WD-e9", Compartment.VICTIM)
    share = services.share_entry(
        actor=trio.vss,
        access=trio.access(trio.vss),
        entry=own,
        with_side="perpetrator",
        purpose="Group work",
    )
    page = trio.timeline(trio.pp)
    assert "CANARY-JOINT-WD-c4" in page
    assert "CANARY-SHARED-WD-e9" in page
    assert HER_NOTICE not in page

    response = trio.client(trio.vss).post(
        f"/cases/{trio.case.pk}/consent/{given.pk}/withdraw/", {"withdrawn_on": "2026-02-01"}
    )
    assert response.status_code == 302
    page = trio.timeline(trio.pp)
    assert "CANARY-JOINT-WD-c4" not in page
    assert "CANARY-SHARED-WD-e9" not in page
    assert HER_NOTICE in page
    assert "CANARY-SHARED-WD-e9" in trio.timeline(trio.vss)  # hers, still hers

    row = AuditEvent.objects.get(action="consent.withdraw", case_id=trio.case.pk)
    assert {
        "withdrawn_on",
        "shares_hidden",
        "joint_items_hidden",
        "hidden_from:perpetrator",
    } <= set(row.fields)
    hidden = AuditEvent.objects.filter(case_id=trio.case.pk, action__endswith=".hidden")
    assert {(e.action, e.object_id) for e in hidden} == {
        ("share.hidden", str(share.pk)),
        ("entry.hidden", str(joint.pk)),
    }
    assert all(e.seq > row.seq for e in hidden)  # the same transaction, after the withdrawal


def test_his_waiver_governs_what_other_agencies_read_of_his_sides_joint_notes(trio):
    consent(trio, "perpetrator_programme", "other_agencies")  # hers does not open his notes
    trio.note(trio.pp, "CANARY-HIS-JOINT-5a")
    assert "CANARY-HIS-JOINT-5a" in trio.timeline(trio.vss)
    page = trio.timeline(trio.police)
    assert "CANARY-HIS-JOINT-5a" not in page
    assert HIS_NOTICE in page

    pp_client, vss_client = trio.client(trio.pp), trio.client(trio.vss)
    url = f"/cases/{trio.case.pk}/waiver/"
    assert vss_client.get(url).status_code == 403
    assert (
        pp_client.post(url, {"given_on": "2026-01-12", "note": "WAIVER-NOTE-31"}).status_code == 302
    )
    page = trio.timeline(trio.police)
    assert "CANARY-HIS-JOINT-5a" in page
    assert HIS_NOTICE not in page
    # Neither side sees the other's record.
    consent_page = vss_client.get(f"/cases/{trio.case.pk}/consent/").content.decode()
    assert "WAIVER-NOTE-31" not in consent_page
    assert "WAIVER-NOTE-31" in pp_client.get(url).content.decode()
    assert "waiver" not in trio.timeline(trio.vss).lower()
    assert AuditEvent.objects.filter(action="waiver.add", case_id=trio.case.pk).count() == 1

    waiver = access.consents_for(trio.access(trio.pp)).get()
    assert waiver.given_by == "perpetrator"
    assert waiver.scopes == ["other_agencies"]
    response = pp_client.post(
        f"/cases/{trio.case.pk}/waiver/{waiver.pk}/withdraw/", {"withdrawn_on": "2026-02-02"}
    )
    assert response.status_code == 302
    assert "CANARY-HIS-JOINT-5a" not in trio.timeline(trio.police)
    assert AuditEvent.objects.filter(action="waiver.withdraw", case_id=trio.case.pk).count() == 1


def test_each_side_records_only_its_own_persons_consent(trio):
    with pytest.raises(services.NotYourConsentError):
        services.record_waiver(
            actor=trio.vss, access=trio.access(trio.vss), given_on=datetime.date(2026, 1, 1)
        )
    with pytest.raises(services.NotYourConsentError):
        services.record_consent(
            actor=trio.pp,
            access=trio.access(trio.pp),
            scopes=["perpetrator_programme"],
            given_on=datetime.date(2026, 1, 10),
        )


def test_an_edit_of_her_record_or_a_childs_leaves_no_sign_on_the_other_sides(trio):
    vss_access = trio.access(trio.vss)
    child = services.add_person(
        actor=trio.vss, access=vss_access, role="child", name="CHILD-NAME-77", year_of_birth=2017
    )
    woman = next(p for p in access.persons_for(vss_access) if p.role == "victim")
    client = trio.client(trio.vss)
    for person in (woman.pk, child.pk):
        record = access.person_for(trio.access(trio.vss), person)
        response = client.post(
            f"/cases/{trio.case.pk}/persons/{person}/edit/",
            {"name": "NEW-NAME-88", "year_of_birth": "", "gender": "", "version": record.version},
        )
        assert response.status_code == 302
    services.record_protected_detail(
        actor=trio.vss,
        access=trio.access(trio.vss),
        person=access.person_for(trio.access(trio.vss), woman.pk),
        kind="address",
        value="PROTECTED-ADDRESS-12",
    )
    assert trio.timeline(trio.vss).count("Person changed") == 2
    for who in (trio.pp, trio.police):
        after = trio.timeline(who)
        assert "Person changed" not in after
        assert "Protected detail" not in after
        assert "NEW-NAME-88" not in after
