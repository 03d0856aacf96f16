"""`Model.objects.visible_to(access)` builds the policy's filter once per access: the kept
queryset is that access's alone (one user, one case, one request), each caller gets its
own copy, and reading the consents again builds it again."""

import pytest
from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.cases.access import CaseAccess
from asap.cases.enums import Compartment, ConsentScope, Side
from asap.cases.models import CaseMember, Consent, JointCase, TimelineEntry
from tests.factories import OrganisationFactory, UserFactory

KINDS = {
    Side.VICTIM: OrganisationKind.VICTIM_SUPPORT_SERVICE,
    Side.PERPETRATOR: OrganisationKind.PERPETRATOR_PROGRAMME,
}


def _access(case: JointCase, side: str) -> CaseAccess:
    organisation = OrganisationFactory(kind=KINDS[side])
    user = UserFactory()
    user.memberships.create(organisation=organisation, role=Role.CASE_WORKER)
    member = CaseMember.objects.create(case=case, user=user, organisation=organisation, side=side)
    return CaseAccess(case=case, user=user, member=member)


def _entry(case: JointCase, compartment: str, recorder: str) -> TimelineEntry:
    return TimelineEntry.objects.create(
        case=case, at=timezone.now(), kind="note", compartment=compartment, recorded_side=recorder
    )


def _seen(access: CaseAccess) -> set[int]:
    return set(TimelineEntry.objects.visible_to(access).values_list("pk", flat=True))


@pytest.mark.django_db
def test_one_sides_kept_filter_never_serves_the_other_side():
    case = JointCase.objects.create(phase="referral")
    hers = _entry(case, Compartment.VICTIM, Side.VICTIM)
    protected = _entry(case, Compartment.PROTECTED, Side.VICTIM)
    his = _entry(case, Compartment.PERPETRATOR, Side.PERPETRATOR)
    victim, programme = _access(case, Side.VICTIM), _access(case, Side.PERPETRATOR)
    # The victim side reads first and keeps its filter; the programme's is its own.
    assert _seen(victim) == {hers.pk, protected.pk}
    assert _seen(programme) == {his.pk}
    assert _seen(victim) == {hers.pk, protected.pk}
    assert victim.policy_memo is not programme.policy_memo
    kept = [key for key in victim.policy_memo if key[0] is TimelineEntry]
    assert len(kept) == 1  # built once, asked twice


@pytest.mark.django_db
def test_each_caller_gets_its_own_copy():
    case = JointCase.objects.create(phase="referral")
    note = _entry(case, Compartment.PERPETRATOR, Side.PERPETRATOR)
    other = _entry(case, Compartment.JOINT, Side.PERPETRATOR)
    programme = _access(case, Side.PERPETRATOR)
    narrowed = TimelineEntry.objects.visible_to(programme).filter(pk=note.pk)
    assert list(narrowed.values_list("pk", flat=True)) == [note.pk]
    assert _seen(programme) == {note.pk, other.pk}


@pytest.mark.django_db
def test_reading_the_consents_again_builds_the_filter_again():
    case = JointCase.objects.create(phase="referral")
    her_answer = _entry(case, Compartment.JOINT, Side.VICTIM)
    programme = _access(case, Side.PERPETRATOR)
    assert her_answer.pk not in _seen(programme)  # no consent of hers in force
    consent = Consent.objects.create(
        case=case, scopes=[ConsentScope.PERPETRATOR_PROGRAMME], given_on=timezone.localdate()
    )
    programme.forget_consents()
    assert her_answer.pk in _seen(programme)
    consent.withdrawn_on = timezone.localdate()
    consent.save()
    programme.forget_consents()
    assert her_answer.pk not in _seen(programme)
