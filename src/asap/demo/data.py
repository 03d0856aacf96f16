"""Fictional demo organisations, users and joint cases. Loading is idempotent: a second run
changes nothing.

Every name, address and number here is invented. Demo accounts share one password and have
fixed TOTP secrets so that a person trying the platform can sign in; `asap demo` refuses to run
in production.
"""

import base64
import datetime
import hashlib
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from asap.accounts import services
from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation, User
from asap.agreements import queries as agreements
from asap.agreements import services as agreement_services
from asap.agreements.enums import AgreementLevel
from asap.agreements.standard import standard_text
from asap.cases import access
from asap.cases import services as cases
from asap.cases.enums import (
    Compartment,
    ConsentingParent,
    ConsentScope,
    PersonRole,
    Phase,
    ProfessionalGender,
    ProtectedKind,
    Side,
)
from asap.cases.models import JointCase
from asap.instruments import queries as instrument_queries
from asap.instruments import services as instruments
from asap.programme import services as programme
from asap.training import demo as training_demo

DEMO_PASSWORD = "asap-demo-2026"  # noqa: S105  # nosec B105: demo accounts, printed to the user

ORGANISATIONS = [
    (
        "New Paths Perpetrator Programme (demo)",
        OrganisationKind.PERPETRATOR_PROGRAMME,
        "IT",
        "it",
        "Via dei Mille 12, Bologna",
    ),
    (
        "Safe Harbour Women's Centre (demo)",
        OrganisationKind.VICTIM_SUPPORT_SERVICE,
        "IT",
        "it",
        "Confidential shelter address, Bologna",
    ),
    ("City Child Protection Unit (demo)", OrganisationKind.CHILD_PROTECTION, "IT", "it", ""),
]
PP, VSS, CPU = (name for name, *_rest in ORGANISATIONS)


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    roles: tuple[tuple[str, str], ...]
    with_mfa: bool = True
    # A platform operator (the Django admin); no role makes one (`asap operator add`).
    operator: bool = False

    @property
    def totp_secret(self) -> str:
        digest = hashlib.sha256(f"asap-demo:{self.email}".encode()).digest()[:20]
        return base64.b32encode(digest).decode("ascii")


USERS = [
    DemoUser("pp.worker@demo.asap", "Marco Bianchi", ((PP, Role.CASE_WORKER),)),
    DemoUser("vss.worker@demo.asap", "Elena Russo", ((VSS, Role.CASE_WORKER),)),
    DemoUser("partner.contact@demo.asap", "Giulia Conti", ((PP, Role.PARTNER_CONTACT),)),
    DemoUser("child.lead@demo.asap", "Sara Greco", ((VSS, Role.CHILD_PROTECTION_LEAD),)),
    DemoUser("coordinator@demo.asap", "Paolo Ferri", ((PP, Role.COORDINATOR),)),
    DemoUser("vss.coordinator@demo.asap", "Francesca Moretti", ((VSS, Role.COORDINATOR),)),
    DemoUser("agency.worker@demo.asap", "Luca Marino", ((CPU, Role.CASE_WORKER),)),
    DemoUser("trainer@demo.asap", "Anna Ricci", ((VSS, Role.TRAINER),)),
    DemoUser("trainee@demo.asap", "Martina Lombardi", ((VSS, Role.TRAINEE),)),
    DemoUser(
        "dpo@demo.asap",
        "Chiara Costa",
        ((PP, Role.DATA_PROTECTION_OFFICER), (VSS, Role.DATA_PROTECTION_OFFICER)),
    ),
    DemoUser(
        "admin@demo.asap",
        "Davide Gallo",
        ((PP, Role.ADMINISTRATOR), (VSS, Role.ADMINISTRATOR), (CPU, Role.ADMINISTRATOR)),
    ),
    DemoUser("new.worker@demo.asap", "Irene Fontana", ((VSS, Role.CASE_WORKER),), with_mfa=False),
    DemoUser("operator@demo.asap", "Platform Operator", (), operator=True),
]


def load() -> list[DemoUser]:
    """Create what is missing of the demo organisations and users; return the users."""
    with transaction.atomic():
        organisations = {}
        for name, kind, country, language, address in ORGANISATIONS:
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is None:
                organisation = services.create_organisation(
                    actor=None,
                    name=name,
                    kind=kind,
                    country=country,
                    language=language,
                    address=address,
                )
            organisations[name] = organisation
        for demo in USERS:
            user = User.objects.filter(email=demo.email).first()
            if user is None:
                user = services.create_user(
                    actor=None, email=demo.email, full_name=demo.full_name, password=DEMO_PASSWORD
                )
            held = set(user.memberships.values_list("organisation__name", "role"))
            for organisation_name, role in demo.roles:
                if (organisation_name, role) not in held:
                    services.grant_role(
                        actor=None,
                        user=user,
                        organisation=organisations[organisation_name],
                        role=role,
                    )
            if demo.operator and not user.is_operator:
                services.add_operator(email=demo.email)
            if demo.with_mfa and not Authenticator.objects.filter(user=user).exists():
                TOTP.activate(user, demo.totp_secret)
                RecoveryCodes.activate(user)
        people = {demo.email: User.objects.get(email=demo.email) for demo in USERS}
        if agreements.agreement_in_force(organisations[PP], organisations[VSS]) is None:
            _agreement(people, organisations)
        if not JointCase.objects.filter(code=CASE_IN_ASSESSMENT).exists():
            _case_in_assessment(people, organisations)
        if not JointCase.objects.filter(code=CASE_AT_REFERRAL).exists():
            _case_at_referral(people, organisations)
        training_demo.load(people["trainer@demo.asap"], organisations[VSS])
    return USERS


# The demo cases have fixed codes (a new case gets a random one): finding them again is how a
# second load knows they are there.
CASE_IN_ASSESSMENT, CASE_AT_REFERRAL = "JC-DEMO-0001", "JC-DEMO-0002"


def _agreement(people: dict[str, User], organisations: dict[str, Organisation]) -> None:
    """The programme and the women's centre sign the standard organisations level agreement,
    which the cases need before one invites the other."""
    pp_coordinator = people["coordinator@demo.asap"]
    vss_coordinator = people["vss.coordinator@demo.asap"]
    text = standard_text(AgreementLevel.ORGANISATION)
    agreement = agreement_services.draft_agreement(
        actor=pp_coordinator,
        level=AgreementLevel.ORGANISATION,
        organisation=organisations[PP],
        parties=[organisations[VSS]],
        **text,
    )
    agreement = agreement_services.send_agreement(actor=pp_coordinator, agreement=agreement)
    for coordinator, name in [(pp_coordinator, PP), (vss_coordinator, VSS)]:
        party = agreement.parties.get(organisation=organisations[name])
        agreement = agreement_services.sign_agreement(
            actor=coordinator, agreement=agreement, party=party, role=Role.COORDINATOR
        )


def _open(code: str, **kwargs: object) -> JointCase:
    """Open a case through the service with its fixed demo code."""
    return cases.open_case(code=code, **kwargs)


def _case_in_assessment(people: dict[str, User], organisations: dict[str, Organisation]) -> None:
    """Opened by the women's centre; the programme joined; in the joint risk assessment, with a
    child ready to be assessed, protected details, her consent and notes on every side."""
    today = timezone.localdate()
    vss_worker, pp_worker = people["vss.worker@demo.asap"], people["pp.worker@demo.asap"]
    case = _open(
        CASE_IN_ASSESSMENT,
        actor=vss_worker,
        organisation=organisations[VSS],
        perpetrator_name="Stefano Morandini",
        victim_name="Lucia Ferrantelli",
    )
    vss = access.case_for(vss_worker, case.pk)
    invitation = cases.invite_agency(
        actor=vss_worker,
        access=vss,
        organisation=organisations[PP],
        message="He was referred to your programme by the court; she is supported by us.",
    )
    cases.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    pp = access.case_for(pp_worker, case.pk)
    # The programme's partner-contact worker keeps in touch with her: she works on the victim side.
    cases.add_member(actor=pp_worker, access=pp, user=people["partner.contact@demo.asap"])
    cases.add_member(actor=vss_worker, access=vss, user=people["child.lead@demo.asap"])
    vss = access.case_for(vss_worker, case.pk)
    cases.update_case(
        actor=vss_worker,
        access=vss,
        expected_version=vss.case.version,
        phase=Phase.ASSESSMENT,
        programme_start=today + datetime.timedelta(days=14),
        intervention_start=None,
        programme_end=None,
        follow_up_date=today + datetime.timedelta(days=240),
    )
    vss = access.case_for(vss_worker, case.pk)
    child = cases.add_person(
        actor=vss_worker,
        access=vss,
        role=PersonRole.CHILD,
        name="Matilde Morandini",
        year_of_birth=today.year - 9,
        gender="female",
    )
    child_lead = people["child.lead@demo.asap"]
    cases.prepare_child_assessment(
        actor=child_lead,
        access=access.case_for(child_lead, case.pk),
        child=child,
        expected_version=None,
        parent_consent_on=today - datetime.timedelta(days=5),
        consenting_parent=ConsentingParent.MOTHER,
        child_informed=True,
        child_agrees=True,
        support_person="Grandmother",
        rights_explained=True,
        may_record=False,
        gender_and_needs="Prefers to draw while she talks; short sessions after school.",
        professional_gender=ProfessionalGender.FEMALE,
    )
    woman = next(p for p in access.persons_for(vss) if p.role == PersonRole.VICTIM)
    woman_record = access.person_for(vss, woman.pk)
    for kind, value in [
        (ProtectedKind.ADDRESS, "Via dei Glicini 4 (fictional), Bologna"),
        (ProtectedKind.PHONE, "+39 000 000 0000 (fictional)"),
        (
            ProtectedKind.SAFE_CHANNEL,
            "Call the centre's line and ask for Elena; never leave a message at home (fictional)",
        ),
    ]:
        cases.record_protected_detail(
            actor=vss_worker, access=vss, person=woman_record, kind=kind, value=value
        )
    cases.record_consent(
        actor=vss_worker,
        access=vss,
        scopes=[ConsentScope.PERPETRATOR_PROGRAMME],
        given_on=today - datetime.timedelta(days=7),
        note="Given in writing at the centre, with her support worker present.",
    )
    her_account = cases.add_note(
        actor=vss_worker,
        access=vss,
        title="Her account of the last incident",
        body=(
            "She describes him checking her phone every evening and taking her bank card. "
            "The last incident was an argument about money in front of the child."
        ),
        compartment=Compartment.VICTIM,
    )
    cases.share_entry(
        actor=vss_worker,
        access=vss,
        entry=her_account,
        with_side=Side.PERPETRATOR,
        purpose="So the programme can address financial control in his group work.",
    )
    cases.add_note(
        actor=pp_worker,
        access=pp,
        title="First assessment interview",
        body=(
            "He attended on time. He minimises the incidents and calls them ordinary "
            "arguments; he says he wants to keep seeing his daughter."
        ),
        compartment=Compartment.PERPETRATOR,
    )
    cases.add_note(
        actor=vss_worker,
        access=vss,
        title="Joint risk assessment meeting",
        body=(
            "Both agencies met to agree the joint risk assessment; it is reviewed again "
            "when the programme starts."
        ),
        compartment=Compartment.JOINT,
    )
    _assessments(case, vss_worker, pp_worker)
    _programme(case, pp_worker)


def _programme(case: JointCase, pp_worker: User) -> None:
    """His intake and assessment at the programme, with three individual sessions: present,
    late, absent with notice (one absence: below the alert's threshold of two)."""
    today = timezone.localdate()
    pp = access.case_for(pp_worker, case.pk)
    programme.record_status(
        actor=pp_worker, access=pp, status="intake", date=today - datetime.timedelta(days=20)
    )
    programme.record_status(
        actor=pp_worker,
        access=pp,
        status="assessment",
        date=today - datetime.timedelta(days=12),
        reason="Intake interview held; he accepts a place but minimises the violence.",
    )
    for days_ago, attendance, note in [
        (10, "present", "First assessment session."),
        (7, "late", "Twenty minutes late; blamed the bus."),
        (3, "absent_notice", "Called the day before: work shift."),
    ]:
        programme.record_session(
            actor=pp_worker,
            access=pp,
            date=today - datetime.timedelta(days=days_ago),
            kind="individual",
            attendance=attendance,
            note=note,
        )


def _assessments(case: JointCase, vss_worker: User, pp_worker: User) -> None:
    """The joint risk assessment, answered by both sides, proposed by the centre and confirmed
    by the programme: section A intermediate by the rule, section B raised from low by
    professional judgement, so the case's risk level is intermediate (no serious indicator,
    so no alert is sent). And the centre's digital-violence screening, in progress; its
    protected answers stay on the victim side."""
    vss, pp = access.case_for(vss_worker, case.pk), access.case_for(pp_worker, case.pk)
    risk = instruments.start_administration(actor=vss_worker, access=vss, key="risk-checklist")
    (child,) = instrument_queries.child_ids(vss)  # Section B is answered for each child
    instruments.save_answers(
        actor=vss_worker,
        access=vss,
        administration=risk,
        expected_version=risk.version,
        answers={"A11": "yes", "A14": "yes", "A19": "yes"},
        child_answers={child: {"B3": "yes", "B5": "yes"}},
    )
    # He denies the economic dependency she describes: the two answers to A14 differ.
    instruments.save_answers(
        actor=pp_worker,
        access=pp,
        administration=risk,
        expected_version=risk.version,
        answers={"A11": "yes", "A14": "no", "A20": "yes"},
        child_answers={child: {"B3": "yes"}},
    )
    instruments.complete_administration(
        actor=vss_worker,
        access=access.case_for(vss_worker, case.pk),
        administration=risk,
        decisions={
            "B": (
                "intermediate",
                "The last incident happened in front of the child, and he wants to keep "
                "seeing her: the agencies raise the risk for the child.",
            )
        },
        expected_version=risk.version,
    )
    # Joint means both sides: the programme confirms the levels the centre proposed.
    instruments.confirm_level(
        actor=pp_worker, access=access.case_for(pp_worker, case.pk), administration=risk
    )
    screening = instruments.start_administration(
        actor=vss_worker, access=vss, key="digital-violence"
    )
    instruments.save_answers(
        actor=vss_worker,
        access=vss,
        administration=screening,
        expected_version=screening.version,
        answers={
            "step1": ["mobile_phone", "social_media", "messaging"],
            "step2": "yes",
            "step3": "perpetrator_higher",
            "step5": "yes",
            "cs_monitoring": "yes",
            "cs_passwords": "yes",
            "cs_spyware": "unknown",
            "access": ["physical_access"],
        },
    )


def _case_at_referral(people: dict[str, User], organisations: dict[str, Organisation]) -> None:
    """Opened by the programme on a court referral; the women's centre is invited and has not
    answered yet; its follow-up date has passed."""
    today = timezone.localdate()
    pp_worker = people["pp.worker@demo.asap"]
    case = _open(
        CASE_AT_REFERRAL,
        actor=pp_worker,
        organisation=organisations[PP],
        perpetrator_name="Alessio Bortolani",
        victim_name="Marta Quercioli",
        phase=Phase.REFERRAL,
        follow_up_date=today - datetime.timedelta(days=10),
    )
    cases.invite_agency(
        actor=pp_worker,
        access=access.case_for(pp_worker, case.pk),
        organisation=organisations[VSS],
        message="Court referral: could your centre offer her support and partner contact?",
    )


def recovery_code(demo: DemoUser) -> str:
    """One unused recovery code of a demo user, for signing in without an authenticator app."""
    authenticator = Authenticator.objects.get(
        user__email=demo.email, type=Authenticator.Type.RECOVERY_CODES
    )
    return RecoveryCodes(authenticator).get_unused_codes()[0]
