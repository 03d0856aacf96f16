"""The one read policy: its Python answer and its database filter agree on every
combination of reader's side, compartment, recorder, consent in force and share."""

import itertools

import pytest
from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.cases.access import CaseAccess
from asap.cases.enums import Compartment, ConsentScope, Side
from asap.cases.models import CaseMember, Consent, JointCase, Share, TimelineEntry
from asap.cases.policy import RULES, Reader, may_read, rule_for, withheld_by_choice
from asap.core.scopes import named_scope
from tests.factories import OrganisationFactory, UserFactory

RECORDERS = [Side.VICTIM, Side.PERPETRATOR, Side.AGENCY, ""]
PP, OA = ConsentScope.PERPETRATOR_PROGRAMME, ConsentScope.OTHER_AGENCIES
CONSENTS = [  # (her scopes, his scopes)
    ((), ()),
    ((PP,), ()),
    ((OA,), ()),
    ((PP, OA), (OA,)),
    ((), (OA,)),
]


def test_every_compartment_and_recorder_has_a_rule_for_every_side():
    for compartment, recorder, side in itertools.product(
        Compartment.values, RECORDERS, Side.values
    ):
        row = RULES.get((compartment, "*")) or RULES.get((compartment, recorder))
        assert row is not None, (compartment, recorder)
        assert rule_for(compartment, recorder, side) is row[side]


def test_protected_content_never_leaves_the_victim_side_whatever_is_given():
    everything = Reader(Side.PERPETRATOR, frozenset({PP, OA}), frozenset({OA}))
    agency = Reader(Side.AGENCY, frozenset({PP, OA}), frozenset({OA}))
    for recorder in RECORDERS:
        for shared in (False, True):
            assert not may_read(everything, Compartment.PROTECTED, recorder, shared=shared)
            assert not may_read(agency, Compartment.PROTECTED, recorder, shared=shared)
    assert not may_read(Reader(None), Compartment.JOINT)


def test_her_joint_contributions_follow_her_consent():
    before = Reader(Side.PERPETRATOR)
    after = Reader(Side.PERPETRATOR, her_consent=frozenset({PP}))
    assert not may_read(before, Compartment.JOINT, Side.VICTIM)
    assert withheld_by_choice(before, Compartment.JOINT, Side.VICTIM)
    assert may_read(after, Compartment.JOINT, Side.VICTIM)
    assert may_read(before, Compartment.JOINT, Side.PERPETRATOR)  # his side's own answers
    assert may_read(before, Compartment.JOINT, "")  # the agreed level, events
    # A share of a victim item needs her consent in force as well as the share.
    assert not may_read(before, Compartment.VICTIM, Side.VICTIM, shared=True)
    assert may_read(after, Compartment.VICTIM, Side.VICTIM, shared=True)
    assert not may_read(after, Compartment.VICTIM, Side.VICTIM, shared=False)


def test_his_waiver_governs_what_other_agencies_read_of_his_side():
    without = Reader(Side.AGENCY)
    with_waiver = Reader(Side.AGENCY, his_waiver=frozenset({OA}))
    assert not may_read(without, Compartment.JOINT, Side.PERPETRATOR)
    assert may_read(with_waiver, Compartment.JOINT, Side.PERPETRATOR)
    assert not may_read(with_waiver, Compartment.PERPETRATOR, Side.PERPETRATOR)
    assert may_read(with_waiver, Compartment.PERPETRATOR, Side.PERPETRATOR, shared=True)


@pytest.mark.django_db
def test_the_database_filter_gives_what_may_read_says_for_every_combination():
    case = JointCase.objects.create(phase="referral")
    kinds = {
        Side.VICTIM: OrganisationKind.VICTIM_SUPPORT_SERVICE,
        Side.PERPETRATOR: OrganisationKind.PERPETRATOR_PROGRAMME,
        Side.AGENCY: OrganisationKind.OTHER,
    }
    members = {}
    for side, kind in kinds.items():
        organisation = OrganisationFactory(kind=kind)
        user = UserFactory()
        user.memberships.create(organisation=organisation, role=Role.CASE_WORKER)
        members[side] = CaseMember.objects.create(
            case=case, user=user, organisation=organisation, side=side
        )
    # One entry for each compartment, recorder and side it is shared with (or none).
    expected_rows = {}
    for compartment, recorder, shared_with in itertools.product(
        Compartment.values, RECORDERS, [None, *Side.values]
    ):
        entry = TimelineEntry.objects.create(
            case=case,
            at=timezone.now(),
            kind="note",
            compartment=compartment,
            recorded_side=recorder,
        )
        if shared_with:
            Share.objects.create(case=case, entry=entry, with_side=shared_with, purpose="p")
        expected_rows[entry.pk] = (compartment, recorder, shared_with)
    checked = 0
    for her, his in CONSENTS:
        with named_scope("test"):
            Consent.objects.filter(case=case).delete()
        if her:
            Consent.objects.create(case=case, scopes=list(her), given_on=timezone.localdate())
        if his:
            Consent.objects.create(
                case=case, given_by="perpetrator", scopes=list(his), given_on=timezone.localdate()
            )
        for side, member in members.items():
            access = CaseAccess(case=case, user=member.user, member=member)
            reader = access.reader
            assert reader == Reader(side, frozenset(her), frozenset(his))
            seen = set(TimelineEntry.objects.visible_to(access).values_list("pk", flat=True))
            expected = {
                pk
                for pk, (compartment, recorder, shared_with) in expected_rows.items()
                if may_read(reader, compartment, recorder, shared=shared_with == side)
            }
            assert seen == expected, (side, her, his)
            withheld = set(TimelineEntry.objects.withheld_from(access).values_list("pk", flat=True))
            assert withheld == {
                pk
                for pk, (compartment, recorder, _shared) in expected_rows.items()
                if withheld_by_choice(reader, compartment, recorder)
            }
            checked += 1
    assert checked == len(CONSENTS) * len(members)
