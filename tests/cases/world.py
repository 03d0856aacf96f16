"""A joint case with every persona of the barrier around it, built through the services.

Protected values are canaries: unique strings that must never reach anyone but the victim
side. Victim- and perpetrator-compartment notes are planted too.
"""

import datetime
import importlib
from dataclasses import dataclass, field

from django.test import Client

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import User
from asap.cases import access, services
from asap.cases.enums import Compartment, ProtectedKind
from asap.cases.models import JointCase, TimelineEntry
from asap.core.scopes import named_scope
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, agreement_between, persona


@dataclass
class World:
    case: JointCase
    people: dict[str, User]
    canaries: dict[str, str] = field(default_factory=dict)
    notes: dict[str, TimelineEntry] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, who: str) -> Client:
        """A client signed in as persona `who`, once per test (a TOTP code is used once)."""
        if who not in self.clients:
            client = Client()
            sign_in(client, self.people[who])
            self.clients[who] = client
        return self.clients[who]


# The apps that add their own records, matrix rows and crawl seeds (tests/<app>/world.py,
# matrix.py, crawl.py), each optional.
LATER_APPS = (
    "plans",
    "episodes",
    "programme",
    "meetings",
    "training",
    "practice",
    "agreements",
    "evaluation",
    "dataprotection",
    "justice",
    "attachments",
    "bench",
)


def canary(name: str) -> str:
    """One word, so that the shared-text validator, which refuses every word of her name,
    does not refuse ordinary words ("victim", "name") the planted values would otherwise hold."""
    return f"CANARY{name.upper().replace('_', '')}7f3a"


def build_world() -> World:
    """VSS opens the case, invites the PP and the police; both accept; the VSS records
    protected details, consent and notes; the PP records its own notes."""
    vss = OrganisationFactory(name="Shelter (world)", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp = OrganisationFactory(name="Programme (world)", kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    police = OrganisationFactory(name="Police (world)", kind=OrganisationKind.POLICE)
    people = {
        "victim_side": persona(Role.CASE_WORKER, vss),
        "perpetrator_side": persona(Role.CASE_WORKER, pp),
        "partner_contact": persona(Role.PARTNER_CONTACT, pp),
        "child_protection_lead": persona(Role.CHILD_PROTECTION_LEAD, pp),
        "other_agency": persona(Role.CASE_WORKER, police),
        "coordinator": persona(Role.COORDINATOR, pp),
        "unrelated": persona(Role.CASE_WORKER),
        "dpo": persona(Role.DATA_PROTECTION_OFFICER, vss),
        "administrator": persona(Role.ADMINISTRATOR, vss),
        "trainee": persona(Role.TRAINEE, vss),
        # A coordinator, a data-protection officer and an administrator of EACH organisation
        # taking part, each a distinct person ("coordinator" is the programme's, "dpo" and
        # "administrator" the shelter's): none of them is a member of the case.
        "coordinator_vss": persona(Role.COORDINATOR, vss),
        "coordinator_agency": persona(Role.COORDINATOR, police),
        "dpo_pp": persona(Role.DATA_PROTECTION_OFFICER, pp),
        "dpo_agency": persona(Role.DATA_PROTECTION_OFFICER, police),
        "administrator_pp": persona(Role.ADMINISTRATOR, pp),
        "administrator_agency": persona(Role.ADMINISTRATOR, police),
    }
    vss_worker, pp_worker = people["victim_side"], people["perpetrator_side"]
    canaries = {
        name: canary(name)
        for name in [
            "victim_name",
            "child_name",
            *[k.value for k in ProtectedKind],
            "protected_note",
            "protected_answer",
        ]
    }
    case = services.open_case(
        actor=vss_worker,
        organisation=vss,
        perpetrator_name="Mario Esposito (world)",
        victim_name=canaries["victim_name"],
        programme_start=datetime.date(2026, 1, 12),
        follow_up_date=datetime.date(2026, 3, 1),
    )
    vss_access = access.case_for(vss_worker, case.pk)
    agreement_between(vss, pp)
    agreement_between(vss, police)
    agreement_between(pp, police)  # an agency joins only bound with every organisation in it
    services.invite_agency(actor=vss_worker, access=vss_access, organisation=pp)
    services.invite_agency(actor=vss_worker, access=vss_access, organisation=police)
    for worker, organisation in [(pp_worker, pp), (people["other_agency"], police)]:
        invitation = access.invitations_for(worker).get(organisation=organisation)
        services.accept_invitation(actor=worker, invitation=invitation, member=worker)
    pp_access = access.case_for(pp_worker, case.pk)
    for colleague in ["partner_contact", "child_protection_lead"]:
        services.add_member(actor=pp_worker, access=pp_access, user=people[colleague])
    child = services.add_person(
        actor=vss_worker,
        access=vss_access,
        role="child",
        name=canaries["child_name"],
        year_of_birth=2016,
        gender="female",
    )
    woman = next(p for p in access.persons_for(vss_access) if p.role == "victim")
    woman_record = access.person_for(vss_access, woman.pk)
    for kind in ProtectedKind:
        person = child if kind == ProtectedKind.SCHOOL else woman_record
        detail = services.record_protected_detail(
            actor=vss_worker, access=vss_access, person=person, kind=kind, value=canaries[kind]
        )
    notes = {
        "victim": services.add_note(
            actor=vss_worker,
            access=vss_access,
            title="Her account (victim note)",
            body="VICTIM-NOTE-BODY-91c2",
            compartment=Compartment.VICTIM,
        ),
        "protected": services.add_note(
            actor=vss_worker,
            access=vss_access,
            title=canaries["protected_note"],
            body=canaries["protected_note"],
            compartment=Compartment.PROTECTED,
        ),
        "joint": services.add_note(
            actor=vss_worker,
            access=vss_access,
            title="Joint planning note",
            body="JOINT-NOTE-BODY-5d1e",
            compartment=Compartment.JOINT,
        ),
        "perpetrator": services.add_note(
            actor=pp_worker,
            access=pp_access,
            title="His disclosure (perpetrator note)",
            body="PERPETRATOR-NOTE-BODY-33ab",
            compartment=Compartment.PERPETRATOR,
        ),
    }
    consent = services.record_consent(
        actor=vss_worker,
        access=vss_access,
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 10),
    )
    shared_note = services.add_note(
        actor=vss_worker,
        access=vss_access,
        title="Shared with the programme",
        body="SHARED-NOTE-BODY-aa01",
        compartment=Compartment.VICTIM,
    )
    share = services.share_entry(
        actor=vss_worker,
        access=vss_access,
        entry=shared_note,
        with_side="perpetrator",
        purpose="So the programme can address the incident in group work",
    )
    notes["shared"] = shared_note
    # The other apps' services are being moved onto the policy one by one: until each is,
    # their planting runs in the test scope (set-up only; every page is read outside it).
    with named_scope("test"):
        instruments_ids = plant_assessments(case, people, canaries["protected_answer"])
        # Each later app plants its own records (and canaries) in tests/<app>/world.py:
        # `def plant(case, people, canaries) -> dict[str, int]` (ids for the matrix).
        for app in LATER_APPS:
            try:
                module = importlib.import_module(f"tests.{app}.world")
            except ModuleNotFoundError:
                continue
            instruments_ids |= module.plant(case, people, canaries)
    ids = {
        **instruments_ids,
        "case": case.pk,
        "child": child.pk,
        "woman": woman.pk,
        "man": next(p.pk for p in access.persons_for(vss_access) if p.role == "perpetrator"),
        "detail": detail.pk,
        "consent": consent.pk,
        "share": share.pk,
        **{f"note_{k}": v.pk for k, v in notes.items()},
    }
    return World(case=case, people=people, canaries=canaries, notes=notes, ids=ids)


SAFE_PLACE = """
key: safe-place
version: 1
title: Where she is safe (test instrument)
respondent: worker
sections:
  - key: S
    title: Safety
    items:
      - key: where
        type: text
        compartment: protected
        text: Where she stays now
      - key: fear
        text: She is afraid of him
"""


def plant_assessments(case, people, protected_answer: str) -> dict[str, int]:
    """A joint risk assessment both sides answered (her fear and her plan to leave answered
    by the victim side), her outcome questionnaire, and a protected text answer."""
    from asap.instruments import services as instruments

    vss, pp = people["victim_side"], people["perpetrator_side"]
    vss_access, pp_access = access.case_for(vss, case.pk), access.case_for(pp, case.pk)
    risk = instruments.start_administration(actor=vss, access=vss_access, key="risk-checklist")
    instruments.save_answers(
        actor=vss,
        access=vss_access,
        administration=risk,
        expected_version=1,
        answers={"A5": "yes", "A10": "yes", "A11": "yes", "B4": "yes"},
    )
    instruments.save_answers(
        actor=pp,
        access=pp_access,
        administration=risk,
        expected_version=2,
        answers={"A11": "no", "A12": "yes", "B4": "yes"},
    )
    outcome = instruments.start_administration(
        actor=vss, access=vss_access, key="outcome-victim", time_point="T0"
    )
    organisation = vss.active_memberships[0].organisation
    instruments.upload_definition(
        actor=vss, organisation=organisation, file_name="safe-place.yaml", text=SAFE_PLACE
    )
    safe = instruments.start_administration(actor=vss, access=vss_access, key="safe-place")
    instruments.save_answers(
        actor=vss,
        access=vss_access,
        administration=safe,
        expected_version=1,
        answers={"where": protected_answer, "fear": "yes"},
    )
    return {"risk": risk.pk, "outcome_victim": outcome.pk, "safe_place": safe.pk}
