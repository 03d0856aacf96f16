"""The canary crawl from the officer's own pages (the full crawl in tests/security runs these
seeds too), and every data-protection form submitted by an officer of each organisation
taking part: the shelter's ("dpo", victim side), the programme's ("dpo_pp") and the
police's ("dpo_agency"), distinct persons. Every ZIP, PDF and page that comes back is read;
nothing of the woman or the children reaches anyone outside the victim side."""

import pytest
from django.urls import reverse

from tests.conftest import reauthenticate
from tests.dataprotection.crawl import seeds, submit_every_form
from tests.episodes.world import HER_EPISODE_NOTE, SHARED_EPISODE_NOTE
from tests.security.test_canary import MAX_PAGES, crawl, leaks

pytestmark = pytest.mark.django_db

OFFICERS = ["dpo", "dpo_pp", "dpo_agency"]
# Beside the canaries: what only the victim side holds (her notes, the note and the episode
# she shared with the programme under her consent, her unshared episode, her outcome answers).
HERS = {
    "victim_note": "VICTIM-NOTE-BODY-91c2",
    "shared_note": "SHARED-NOTE-BODY-aa01",
    "her_episode": HER_EPISODE_NOTE,
    "shared_episode": SHARED_EPISODE_NOTE,
    "her_outcome": "outcome-victim",
}
HIS_NAME = "Mario Esposito (world)"
HIS_NOTE = "PERPETRATOR-NOTE-BODY-33ab"
NOBODY_FOUND = "No data subject of your organisation has this name."
VICTIM_SIDE_ONLY = "Only a data-protection officer of a victim-side organisation of this case"


def seen(world, text: str) -> list[str]:
    squeezed = "".join(text.split())
    values = {**world.canaries, **HERS}
    return sorted(name for name, value in values.items() if value in text or value in squeezed)


@pytest.fixture
def officer(world):
    def make(persona):
        client = world.client(persona)
        reauthenticate(client)
        return client

    return make


@pytest.mark.parametrize(
    "persona", [*OFFICERS, "perpetrator_side", "administrator", "administrator_pp"]
)
def test_no_canary_on_the_officers_pages(world, officer, persona):
    pages = crawl(officer(persona), seeds(world))
    found = {url: leaks(world, body) for url, (_status, body) in pages.items()}
    assert {url: names for url, names in found.items() if names} == {}
    assert len(pages) < MAX_PAGES
    own = {url: status for url, (status, _body) in pages.items() if "/data-protection/" in url}
    expected = dict.fromkeys(own, 200 if persona in OFFICERS else 403)
    if persona in {"dpo_pp", "dpo_agency"}:  # the shelter's breach record is not theirs
        expected[reverse("dataprotection:breach_edit", args=[world.ids["breach"]])] = 404
    assert own == expected


@pytest.mark.parametrize("persona", ["dpo_pp", "dpo_agency"])
def test_no_form_brings_anything_of_hers_to_an_officer_outside_the_victim_side(
    world, officer, persona
):
    answers = submit_every_form(officer(persona), world)
    assert {
        form: seen(world, text) for form, (_s, text) in answers.items() if seen(world, text)
    } == {}
    statuses = {form: status for form, (status, _text) in answers.items()}
    # Her and the children's data: refused, with the reason, to every other side.
    her_forms = ["subject_access:victim", "subject_access:child:1", "erasure:victim"]
    for form in [*her_forms, "refused:victim", "restricted:child:1"]:
        assert statuses[form] == 403, form
        assert VICTIM_SIDE_ONLY in answers[form][1], form
    assert statuses["retention:dry_run"] == 200
    assert statuses["retention:apply"] == 403  # the case's retention is the victim side's
    assert VICTIM_SIDE_ONLY in answers["retention:apply"][1]
    # The man's own data: his record, as this side holds it.
    assert statuses["subject_access:perpetrator"] == 200
    # Found by name: the man, never her or a child (no sign of them).
    for person in ["victim", "child:1"]:
        assert NOBODY_FOUND in answers[f"find:{person}"][1], person
    assert "The man" in answers["find:perpetrator"][1]
    assert HIS_NAME in answers["subject_access:perpetrator"][1]


def test_the_programmes_officer_handles_the_mans_data(world, officer):
    answers = submit_every_form(officer("dpo_pp"), world)
    his = answers["subject_access:perpetrator"][1]
    assert HIS_NAME in his
    assert HIS_NOTE in his
    assert answers["erasure:perpetrator"][0] == 302
    refusal = answers["subject_access:victim"][1]
    assert "Your organisation takes part on the perpetrator side." in refusal


def test_the_agencys_officer_gets_what_the_agency_recorded_only(world, officer):
    answers = submit_every_form(officer("dpo_agency"), world)
    his = answers["subject_access:perpetrator"][1]
    assert HIS_NAME in his
    assert HIS_NOTE not in his  # the programme's note: not without his waiver
    assert answers["erasure:perpetrator"][0] == 403  # his erasure is the programme's
    assert "Your organisation takes part as another agency." in answers["erasure:perpetrator"][1]


def test_the_victim_sides_officer_gets_her_data_and_the_childs(world, officer):
    answers = submit_every_form(officer("dpo"), world)
    hers = answers["subject_access:victim"]
    child = answers["subject_access:child:1"]
    assert (hers[0], child[0]) == (200, 200)
    her_canaries = [
        "victim_name",
        "address",
        "shelter",
        "phone",
        "email",
        "safe_channel",
        "new_account",
        "workplace",
        "protected_note",
    ]
    assert [
        c
        for c in [*her_canaries, "victim_note", "her_episode", "her_outcome"]
        if c not in seen(world, hers[1])
    ] == []
    assert seen(world, child[1]) == ["child_name", "school"]
    assert answers["erasure:victim"][0] == answers["erasure:child:1"][0] == 302
    assert answers["retention:apply"][0] == 302
    # The man's data is the programme's officer's to handle.
    assert answers["subject_access:perpetrator"][0] == 403
    assert (
        "Your organisation takes part on the victim side."
        in answers["subject_access:perpetrator"][1]
    )
