"""Agreements through their services: the gate's query, sign-off, lock, new version, end."""

import datetime

import pytest
from django.utils import timezone

from asap.accounts.enums import Role
from asap.agreements import queries, services
from asap.agreements.enums import AgreementStatus
from asap.agreements.models import Agreement
from asap.core.models import AuditEvent
from asap.core.versioning import ConcurrentEditError
from tests.agreements.conftest import sign_all

pytestmark = pytest.mark.django_db


def test_no_agreement_means_none_in_force(pp, vss):
    assert queries.agreement_in_force(pp, vss) is None


def test_an_agreement_signed_by_every_party_is_in_force_both_ways(signed, pp, vss, police):
    assert signed.status == AgreementStatus.SIGNED
    assert queries.agreement_in_force(pp, vss) == signed
    assert queries.agreement_in_force(vss, pp) == signed
    assert queries.agreement_in_force(pp, police) is None


def test_a_draft_or_an_agreement_signed_by_one_party_only_is_not_in_force(
    draft, coordinator, pp, vss
):
    assert queries.agreement_in_force(pp, vss) is None
    sent = services.send_agreement(actor=coordinator, agreement=draft)
    assert queries.agreement_in_force(pp, vss) is None
    services.sign_agreement(
        actor=coordinator, agreement=sent, party=sent.parties.get(organisation=pp), role="x"
    )
    assert Agreement.objects.get(pk=draft.pk).status == AgreementStatus.SENT
    assert queries.agreement_in_force(pp, vss) is None


def test_a_superseded_agreement_is_not_in_force(signed, coordinator, vss_coordinator, pp, vss):
    new = services.supersede_agreement(actor=coordinator, agreement=signed)
    assert new.status == AgreementStatus.DRAFT
    # While the new version is unsigned, the old one stays in force.
    assert Agreement.objects.get(pk=signed.pk).status == AgreementStatus.SIGNED
    assert queries.agreement_in_force(pp, vss) == signed
    sent = services.send_agreement(actor=coordinator, agreement=new)
    services.sign_agreement(
        actor=coordinator, agreement=sent, party=sent.parties.get(organisation=pp), role="x"
    )
    assert queries.agreement_in_force(pp, vss) == signed
    # The last party signs the new version: the old one is superseded, no longer in force.
    services.sign_agreement(
        actor=vss_coordinator, agreement=sent, party=sent.parties.get(organisation=vss), role="x"
    )
    assert Agreement.objects.get(pk=signed.pk).status == AgreementStatus.SUPERSEDED
    assert not queries.is_in_force(signed)
    assert queries.agreement_in_force(pp, vss) == new


def test_an_agreement_has_one_new_version_at_a_time(signed, coordinator):
    new = services.supersede_agreement(actor=coordinator, agreement=signed)
    with pytest.raises(services.AgreementStateError):
        services.supersede_agreement(actor=coordinator, agreement=signed)
    assert list(Agreement.objects.filter(supersedes=signed)) == [new]


def test_an_agreement_ended_before_its_new_version_is_signed_stays_ended(
    signed, coordinator, vss_coordinator, pp, vss
):
    new = services.supersede_agreement(actor=coordinator, agreement=signed)
    services.end_agreement(actor=coordinator, agreement=signed)
    sign_all(new, [(coordinator, pp), (vss_coordinator, vss)])
    assert Agreement.objects.get(pk=signed.pk).status == AgreementStatus.ENDED


def test_an_ended_agreement_is_not_in_force(signed, coordinator, pp, vss):
    services.end_agreement(actor=coordinator, agreement=signed)
    assert Agreement.objects.get(pk=signed.pk).status == AgreementStatus.ENDED
    assert queries.agreement_in_force(pp, vss) is None


def test_an_expired_or_not_yet_started_agreement_is_not_in_force(signed, pp, vss):
    today = timezone.localdate()
    Agreement.objects.filter(pk=signed.pk).update(ends_on=today - datetime.timedelta(days=1))
    assert queries.agreement_in_force(pp, vss) is None
    Agreement.objects.filter(pk=signed.pk).update(
        ends_on=None, starts_on=today + datetime.timedelta(days=1)
    )
    assert queries.agreement_in_force(pp, vss) is None
    Agreement.objects.filter(pk=signed.pk).update(starts_on=today, ends_on=today)
    assert queries.agreement_in_force(pp, vss) == signed


def test_each_sign_off_keeps_who_when_role_and_the_hash_of_the_text(
    signed, coordinator, vss_coordinator
):
    parties = queries.parties_of(signed)
    assert [p.signed_role for p in parties] == [Role.COORDINATOR, Role.COORDINATOR]
    assert {p.signed_by for p in parties} == {coordinator, vss_coordinator}
    assert all(p.signed_at is not None for p in parties)
    assert {p.signed_hash for p in parties} == {queries.text_hash(signed)}
    assert signed.text_hash == queries.text_hash(signed)
    assert signed.locked_at == max(p.signed_at for p in parties)


def test_every_write_is_audited(signed, coordinator):
    actions = list(
        AuditEvent.objects.filter(object_type="agreements.agreement", object_id=str(signed.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    expected = ["agreement.draft", "agreement.send", "agreement.sign", "agreement.sign"]
    assert actions == [*expected, "agreement.lock"]


def test_a_locked_agreement_cannot_be_changed(signed, coordinator, vss):
    with pytest.raises(services.AgreementStateError):
        services.update_agreement(
            actor=coordinator,
            agreement=signed,
            expected_version=signed.version,
            parties=[vss],
            title="Changed after signing",
            principles="p",
            scope="s",
            objectives="o",
            commitments="c",
        )
    assert Agreement.objects.get(pk=signed.pk).title != "Changed after signing"


def test_a_sent_agreement_cannot_be_changed_and_cannot_be_sent_twice(draft, coordinator, vss):
    sent = services.send_agreement(actor=coordinator, agreement=draft)
    with pytest.raises(services.AgreementStateError):
        services.update_agreement(
            actor=coordinator,
            agreement=sent,
            expected_version=sent.version,
            parties=[vss],
            title="x",
            principles="p",
            scope="s",
            objectives="o",
            commitments="c",
        )
    with pytest.raises(services.AgreementStateError):
        services.send_agreement(actor=coordinator, agreement=sent)


def test_a_draft_sent_after_it_was_opened_is_not_changed(draft, coordinator, vss):
    opened = Agreement.objects.get(pk=draft.pk)  # a form opened on the draft
    services.send_agreement(actor=coordinator, agreement=draft)
    with pytest.raises(ConcurrentEditError):
        services.update_agreement(
            actor=coordinator,
            agreement=opened,
            expected_version=opened.version,
            parties=[vss],
            title="Changed while it was sent",
            principles="p",
            scope="s",
            objectives="o",
            commitments="c",
        )
    stored = Agreement.objects.get(pk=draft.pk)
    assert (stored.status, stored.title) == (AgreementStatus.SENT, draft.title)


def test_a_party_signs_once(draft, coordinator, pp):
    sent = services.send_agreement(actor=coordinator, agreement=draft)
    party = sent.parties.get(organisation=pp)
    services.sign_agreement(actor=coordinator, agreement=sent, party=party, role="coordinator")
    with pytest.raises(services.AgreementStateError):
        services.sign_agreement(actor=coordinator, agreement=sent, party=party, role="x")


def test_withdrawing_clears_the_sign_offs_and_makes_a_draft_again(draft, coordinator, pp):
    sent = services.send_agreement(actor=coordinator, agreement=draft)
    party = sent.parties.get(organisation=pp)
    services.sign_agreement(actor=coordinator, agreement=sent, party=party, role="coordinator")
    again = services.withdraw_agreement(actor=coordinator, agreement=sent)
    assert again.status == AgreementStatus.DRAFT
    assert again.text_hash == ""
    assert [p.signed_at for p in again.parties.all()] == [None, None]


def test_a_stale_edit_of_a_draft_loses(draft, coordinator, vss):
    values = {
        "parties": [vss],
        "principles": "p",
        "scope": "s",
        "objectives": "o",
        "commitments": "c",
    }
    services.update_agreement(
        actor=coordinator, agreement=draft, expected_version=1, title="First", **values
    )
    with pytest.raises(ConcurrentEditError):
        services.update_agreement(
            actor=coordinator,
            agreement=Agreement.objects.get(pk=draft.pk),
            expected_version=1,
            title="Second",
            **values,
        )
    assert Agreement.objects.get(pk=draft.pk).title == "First"


def test_a_new_version_is_a_draft_copy_and_the_old_one_stays(signed, coordinator, pp, vss):
    new = services.supersede_agreement(actor=coordinator, agreement=signed)
    old = Agreement.objects.get(pk=signed.pk)
    assert new.supersedes == old
    assert old.superseded_by == new
    assert (new.title, new.principles, new.commitments) == (
        old.title,
        old.principles,
        old.commitments,
    )
    assert {p.organisation for p in new.parties.all()} == {pp, vss}
    assert [p.signed_at for p in new.parties.all()] == [None, None]
    assert old.is_locked
    assert all(p.has_signed for p in old.parties.all())
    renewed = sign_all(new, [(coordinator, pp), (coordinator, vss)])
    assert queries.agreement_in_force(pp, vss) == renewed
    assert Agreement.objects.get(pk=signed.pk).status == AgreementStatus.SUPERSEDED


def test_an_agreement_binds_at_least_two_agencies(coordinator, pp):
    with pytest.raises(services.AgreementStateError):
        services.draft_agreement(
            actor=coordinator,
            level="organisation",
            organisation=pp,
            parties=[pp],
            title="Alone",
            principles="p",
            scope="s",
            objectives="o",
            commitments="c",
        )


def test_the_standard_commitments_follow_the_source_item_by_item():
    from asap.agreements.enums import AgreementLevel
    from asap.agreements.standard import standard_text

    lines = standard_text(AgreementLevel.ORGANISATION)["commitments"].splitlines()
    assert "- Pooling resources" in lines
    assert "- Resources to implement the cooperation" in lines
