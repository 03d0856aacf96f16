"""The barrier decides who reads an episode or a session, proven with planted values."""

import pytest
from django.urls import reverse

from asap.cases import access
from asap.cases.enums import EntryKind
from asap.core.scopes import named_scope
from asap.episodes import queries
from tests.episodes.world import HER_EPISODE_NOTE, HIS_SESSION_SIGNAL, SHARED_EPISODE_NOTE

pytestmark = pytest.mark.django_db

OTHER_SIDES = ["perpetrator_side", "child_protection_lead", "other_agency"]


def body(world, who: str, url: str) -> tuple[int, str]:
    response = world.client(who).get(url)
    return response.status_code, response.content.decode()


def episode_pages(world) -> list[str]:
    pk = world.case.pk
    return [
        f"/cases/{pk}/",
        f"/cases/{pk}/timeline/",
        reverse("episodes:list", args=[pk]),
        reverse("episodes:detail", args=[pk, world.ids["episode_shared"]]),
        reverse("episodes:detail", args=[pk, world.ids["episode_perpetrator"]]),
    ]


def seen_by(world, who: str, planted: str) -> list[str]:
    return [url for url in episode_pages(world) if planted in body(world, who, url)[1]]


def her_episode_url(world) -> str:
    return reverse("episodes:detail", args=[world.case.pk, world.ids["episode_victim"]])


def test_the_victim_side_reads_her_episode_everywhere_it_is_listed(world):
    for who in ["victim_side", "partner_contact"]:
        status, page = body(world, who, her_episode_url(world))
        assert (status, HER_EPISODE_NOTE in page) == (200, True)
        assert her_episode_url(world) in body(world, who, f"/cases/{world.case.pk}/episodes/")[1]


@pytest.mark.parametrize("who", OTHER_SIDES)
def test_her_unshared_episode_reaches_no_other_side(world, who):
    assert body(world, who, her_episode_url(world))[0] == 404
    assert seen_by(world, who, HER_EPISODE_NOTE) == []
    assert her_episode_url(world) not in body(world, who, f"/cases/{world.case.pk}/episodes/")[1]
    case_access = access.case_for(world.people[who], world.case.pk)
    assert world.ids["episode_victim"] not in {e.pk for e in queries.episodes_for(case_access)}


@pytest.mark.parametrize("who", OTHER_SIDES)
def test_her_episodes_give_the_other_sides_no_alert(world, who):
    """No hints: the alerts another side reads are those of the episodes recorded by the
    sides it reads (his under his waiver for agencies); none for her episodes."""
    case_access = access.case_for(world.people[who], world.case.pk)
    alerts = access.entries_for(case_access).filter(kind=EntryKind.EPISODE_ALERT)
    titles = sorted(alert.title for alert in alerts)
    assert "Reported by the victim" not in titles
    assert "" not in titles
    assert "Reported by other agencies" in titles
    expected = case_access.may_read("joint", "perpetrator")
    assert ("Reported by the perpetrator" in titles) is expected


def test_the_victim_side_reads_every_alert(world):
    case_access = access.case_for(world.people["victim_side"], world.case.pk)
    alerts = access.entries_for(case_access).filter(kind=EntryKind.EPISODE_ALERT)
    assert sorted(alert.title for alert in alerts) == [
        "Reported by other agencies",
        "Reported by the perpetrator",
        "Reported by the victim",
        "Reported by the victim",
    ]


def test_sharing_her_episode_opens_it_to_the_programme_and_withdrawing_closes_it(world):
    vss, pp = world.client("victim_side"), world.client("perpetrator_side")
    pk, entry = world.case.pk, world.ids["episode_victim"]
    case_access = access.case_for(world.people["victim_side"], pk)
    entry_pk = queries.episode_for(case_access, entry).entry_id
    assert pp.get(her_episode_url(world)).status_code == 404

    response = vss.post(
        reverse("cases:share", args=[pk, entry_pk]),
        {"with_side": "perpetrator", "purpose": "Group work on the incident"},
    )
    assert response.status_code == 302
    status, page = body(world, "perpetrator_side", her_episode_url(world))
    assert (status, HER_EPISODE_NOTE in page) == (200, True)
    assert her_episode_url(world) in body(world, "perpetrator_side", f"/cases/{pk}/episodes/")[1]
    assert body(world, "other_agency", her_episode_url(world))[0] == 404

    share = access.shares_in_force(case_access).get(entry_id=entry_pk)
    assert vss.post(reverse("cases:withdraw_share", args=[pk, share.pk])).status_code == 302
    assert pp.get(her_episode_url(world)).status_code == 404
    assert seen_by(world, "perpetrator_side", HER_EPISODE_NOTE) == []


def test_the_programme_reads_the_episode_shared_with_it_but_the_police_do_not(world):
    assert seen_by(world, "perpetrator_side", SHARED_EPISODE_NOTE) != []
    assert seen_by(world, "other_agency", SHARED_EPISODE_NOTE) == []


def session_pages(world) -> list[str]:
    pk = world.case.pk
    return [
        f"/cases/{pk}/",
        f"/cases/{pk}/timeline/",
        reverse("episodes:sessions", args=[pk]),
        *(
            reverse("episodes:session", args=[pk, world.ids[name]])
            for name in ["session_woman", "session_man", "session_agency"]
        ),
    ]


SESSION_CANARIES = ["session_end_signal", "session_contact"]


def test_the_victim_side_reads_the_protected_fields_of_her_session(world):
    url = reverse("episodes:session", args=[world.case.pk, world.ids["session_woman"]])
    page = body(world, "victim_side", url)[1]
    assert [name for name in SESSION_CANARIES if world.canaries[name] not in page] == []


@pytest.mark.parametrize("who", [*OTHER_SIDES, "coordinator"])
def test_the_protected_fields_of_her_session_never_reach_another_side(world, who):
    found = []
    for url in session_pages(world):
        _status, page = body(world, who, url)
        found += [(url, n) for n in SESSION_CANARIES if world.canaries[n] in page]
    assert found == []


def test_his_session_is_the_programmes_own(world):
    url = reverse("episodes:session", args=[world.case.pk, world.ids["session_man"]])
    assert HIS_SESSION_SIGNAL in body(world, "perpetrator_side", url)[1]
    for who in ["victim_side", "other_agency"]:
        assert body(world, who, url)[0] == 404


def test_the_end_signal_is_protected_only_in_a_session_with_her_or_a_child(world):
    from asap.episodes.compartments import compartment_of
    from asap.episodes.models import RemoteSession

    with named_scope("test"):
        session = RemoteSession.objects.get(pk=world.ids["session_woman"])
    assert compartment_of(session, "end_signal") == "protected"
    assert compartment_of(session, "summary") == "victim"
    with named_scope("test"):
        agency = RemoteSession.objects.get(pk=world.ids["session_agency"])
    assert compartment_of(agency, "end_signal") == "joint"
