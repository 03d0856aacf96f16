"""No protected value in shared text (issue 13, point 6): the validator, the forms it is
wired into, and the demo's joint text."""

import datetime
import html

import pytest

from asap.cases import access
from asap.cases import services as cases
from asap.cases.enums import Compartment, ConsentScope, PersonRole, Side
from asap.cases.forms import EditNoteForm, NoteForm, ShareForm
from asap.cases.validators import (
    NAMES_PROTECTED,
    SHARED_ITEM_NAMES_PROTECTED,
    check_shared_text,
    names_protected,
    protected_terms,
    terms_from_values,
)
from asap.core.scopes import named_scope

pytestmark = pytest.mark.django_db

WOMAN = "Matilde Rossi"
CHILD = "Léa D'Amico"
HIM = "Bruno D'Amico"
ADDRESS = "Via Roma 12, Roma"
PHONE = "+39 347 123 4567"
REFUSAL = str(NAMES_PROTECTED)


@pytest.fixture
def case(vss_worker, pp_worker, pp):
    """A case the women's centre opened (her name, her child, her address and phone) and the
    programme joined."""
    from tests.factories import agreement_between

    vss = vss_worker.active_memberships[0].organisation
    opened = cases.open_case(
        actor=vss_worker, organisation=vss, perpetrator_name=HIM, victim_name=WOMAN
    )
    vss_access = access.case_for(vss_worker, opened.pk)
    cases.add_person(
        actor=vss_worker,
        access=vss_access,
        role=PersonRole.CHILD,
        name=CHILD,
        year_of_birth=2018,
        gender="female",
    )
    woman = next(p for p in access.persons_for(vss_access) if p.role == PersonRole.VICTIM)
    for kind, value in [("address", ADDRESS), ("phone", PHONE)]:
        cases.record_protected_detail(
            actor=vss_worker,
            access=vss_access,
            person=access.person_for(vss_access, woman.pk),
            kind=kind,
            value=value,
        )
    cases.record_consent(
        actor=vss_worker,
        access=vss_access,
        scopes=[ConsentScope.PERPETRATOR_PROGRAMME],
        given_on=datetime.date(2026, 1, 5),
        note="",
    )
    agreement_between(vss, pp)
    cases.invite_agency(actor=vss_worker, access=vss_access, organisation=pp)
    invitation = access.invitations_for(pp_worker).get(organisation=pp)
    cases.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    return opened


@pytest.fixture
def vss_access(case, vss_worker):
    return access.case_for(vss_worker, case.pk)


@pytest.fixture
def pp_access(case, pp_worker):
    return access.case_for(pp_worker, case.pk)


# The validator


@pytest.mark.parametrize(
    "text",
    [
        "Matilde",
        "matilde",
        "MATILDE came alone",
        "Signora Rossi was there",
        "Via Roma",
        "she lives in via roma now",
        "Via Roma 12",
        "Via Roma n. 12, Roma",
        "Lea",  # accents do not matter: the child is Léa
        "call 347 1234567",
        "0039-347-123-45-67",
        "the child (Lea) was at school",
    ],
)
def test_the_validator_refuses_her_name_her_childs_and_her_details(case, text):
    errors = check_shared_text(case, {"body": text}, ["body"])
    assert list(errors) == ["body"]
    assert errors["body"].messages == [REFUSAL]


@pytest.mark.parametrize(
    "text",
    [
        "She attended the session; the plan is reviewed in June.",
        "Matildes",  # whole words only
        "Romano",
        "Rome and Roma are cities",  # the city alone is not her address
        "D'Amico attended the group",  # the man's surname is joint, even on the child
        "The meeting is at 10:30 on 12/05/2026, room 4",
        "",
    ],
)
def test_the_validator_accepts_ordinary_text(case, text):
    assert check_shared_text(case, {"body": text}, ["body"]) == {}


def test_the_refusal_names_the_field_and_never_the_value(case):
    data = {"title": "Plan", "body": "Visit Matilde at Via Roma 12", "version": 3}
    errors = check_shared_text(case, data, ["title", "body", "version"])
    assert list(errors) == ["body"]
    message = " ".join(errors["body"].messages)
    for value in ("Matilde", "Rossi", "Via Roma", "12", "347"):
        assert value not in message


def test_the_terms_hide_their_values_and_come_from_a_named_scope(case):
    terms = protected_terms(case)
    assert terms
    assert "matilde" not in repr(terms).lower()
    assert "roma" not in repr(terms).lower()


def test_bare_values_refuse_the_whole_value_and_the_street():
    terms = terms_from_values([ADDRESS, "Matilde Rossi"])
    assert names_protected("Meet at via roma", terms)
    assert names_protected("Matilde Rossi came", terms)
    assert not names_protected("Rossi came", terms)  # bare values: no kind, no name tokens


# The forms


def _note(**data):
    return {"title": "Progress", "body": "Ordinary text.", "compartment": "joint", **data}


def test_a_joint_note_naming_her_is_refused_and_re_rendered_with_the_input(vss_access):
    form = NoteForm(
        _note(body="Matilde moved to Via Roma."),
        compartments=vss_access.writable_compartments(),
        access=vss_access,
    )
    assert not form.is_valid()
    assert form.errors["body"] == [REFUSAL]
    rendered = html.unescape(str(form["body"]) + str(form["body"].errors))
    assert "Matilde moved to Via Roma." in rendered  # her own worker's input is kept
    assert REFUSAL in rendered
    assert form["body"].field.widget.attrs["aria-invalid"] == "true"


def test_a_victim_side_note_may_name_her(vss_access):
    form = NoteForm(
        _note(body="Matilde moved to Via Roma.", compartment="victim"),
        compartments=vss_access.writable_compartments(),
        access=vss_access,
    )
    assert form.is_valid(), form.errors


def test_another_side_is_never_told_that_a_guess_matches(pp_access):
    form = NoteForm(
        _note(body="Is she at Via Roma 12?"),
        compartments=pp_access.writable_compartments(),
        access=pp_access,
    )
    assert form.is_valid(), form.errors


def test_a_changed_note_is_checked_once_another_side_reads_it(vss_worker, vss_access):
    victim_note = cases.add_note(
        actor=vss_worker, access=vss_access, title="Hers", body="-", compartment="victim"
    )
    data = {"title": "Hers", "body": "Matilde said…", "version": victim_note.version}
    assert EditNoteForm(data, access=vss_access, entry=victim_note).is_valid()
    cases.share_entry(
        actor=vss_worker,
        access=vss_access,
        entry=victim_note,
        with_side=Side.PERPETRATOR,
        purpose="Group work.",
    )
    form = EditNoteForm(data, access=vss_access, entry=victim_note)
    assert not form.is_valid()
    assert form.errors["body"] == [REFUSAL]


def test_sharing_an_item_that_names_her_is_refused(vss_worker, vss_access):
    note = cases.add_note(
        actor=vss_worker,
        access=vss_access,
        title="Her account",
        body="Matilde says he waits outside.",
        compartment="victim",
    )
    data = {"with_side": Side.PERPETRATOR, "purpose": "For the group work."}
    form = ShareForm(data, own_side=Side.VICTIM, access=vss_access, entry=note)
    assert not form.is_valid()
    assert form.non_field_errors() == [str(SHARED_ITEM_NAMES_PROTECTED)]
    form = ShareForm(
        {**data, "purpose": "He knows Via Roma."}, own_side=Side.VICTIM, access=vss_access
    )
    assert form.errors["purpose"] == [REFUSAL]


def test_the_reason_for_raising_a_level_is_checked(vss_access):
    from asap.instruments import registry
    from asap.instruments.forms import CompleteForm

    definition = next(d for (key, _v), d in registry.shipped().items() if key == "risk-checklist")
    section = definition.sections[0].key
    low, higher = definition.levels[0], definition.levels[1]
    data = {
        "version": 1,
        f"final_{section}": higher,
        f"reason_{section}": "In front of matilde.",
    }
    form = CompleteForm(
        data,
        definition=definition,
        rule_levels={(section, None): low},
        level_labels={},
        unit_titles={(section, None): "Section A"},
        access=vss_access,
    )
    assert not form.is_valid()
    assert form.errors[f"reason_{section}"] == [REFUSAL]


def test_the_minutes_are_checked(vss_access):
    from asap.meetings.forms import MinutesForm

    data = {
        "version": 1,
        "decisions": "Agreed: nobody visits Via Roma.",
        "need_1": "Safety",
        "action_1": "Call Matilde weekly",
        "term_1": "2026-06-01",
        "responsible_1": "Centre",
    }
    form = MinutesForm(
        data, people=[], responsible_people=[], actions=[], protected=[], access=vss_access
    )
    assert not form.is_valid()
    assert form.errors["decisions"] == [REFUSAL]
    assert form.errors["action_1"] == [REFUSAL]
    assert "need_1" not in form.errors


def test_a_meetings_title_and_venue_are_checked(vss_access):
    from asap.meetings import timeline
    from asap.meetings.forms import MeetingForm

    current = timeline.current()
    data = {
        "title": "Review with Matilde",
        "starts_at": "2026-05-04T10:00",
        "ends_at": "2026-05-04T11:00",
        "mode": "in_person",
        "venue": "Via Roma 12",
    }
    form = MeetingForm(
        data,
        types=current.types_for("case")[:1],
        steps=current.steps,
        people=[],
        protected=[],
        access=vss_access,
    )
    assert not form.is_valid()
    assert (form.errors["title"], form.errors["venue"]) == ([REFUSAL], [REFUSAL])


def test_the_minutes_page_keeps_the_input_and_shows_the_error(case, vss_worker, signed_in_client):
    """Through the page as it is wired today (the view gives the form her bare values)."""
    from asap.meetings import services as meetings
    from asap.meetings.models import Meeting
    from tests.meetings.conftest import at

    meetings.schedule_meeting(
        actor=vss_worker,
        access=access.case_for(vss_worker, case.pk),
        type_key="periodic_review",
        title="Review",
        starts_at=at(4),
        ends_at=at(4, 11),
        mode="in_person",
        venue="Room 2",
        link="",
        invitees=[],
        steps_done=[],
    )
    with named_scope("test"):
        meeting = Meeting.objects.get(case=case)
    url = f"/cases/{case.pk}/meetings/{meeting.pk}/minutes/"
    response = signed_in_client(vss_worker).post(
        url, {"version": 1, "decisions": "Nobody goes to Via Roma."}
    )
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "Nobody goes to Via Roma." in body
    assert 'id="id_decisions_error"' in body
    assert REFUSAL in body


def test_a_joint_action_is_checked_and_a_victim_side_one_is_not(vss_access):
    from asap.plans import queries as plans
    from asap.plans.forms import ActionForm

    data = {
        "need": "Safety at home",
        "action": "Police patrol in Via Roma",
        "term": "2026-06-01",
        "responsible": "Police",
    }
    kwargs = {
        "workers": plans.reminded_choices(vss_access),
        "compartments": plans.filing_compartments(vss_access),
        "access": vss_access,
    }
    form = ActionForm({**data, "compartment": Compartment.JOINT}, **kwargs)
    assert not form.is_valid()
    assert form.errors["action"] == [REFUSAL]
    assert ActionForm({**data, "compartment": Compartment.VICTIM}, **kwargs).is_valid()


def test_an_episode_note_is_checked_when_another_side_reads_it(vss_worker, vss_access):
    from asap.episodes import services as episodes
    from asap.episodes.forms import EditEpisodeForm, EpisodeForm, episode_initial

    data = {
        "date_from": "2026-01-10",
        "forms_of_violence": ["psychological"],
        "severity": "low",
        "children_present": "no",
        "note": "He waited for Matilde outside Via Roma 12.",
    }
    # Her report stays on the victim side: it may name her.
    assert EpisodeForm(data, access=vss_access).is_valid()
    episode = episodes.record_episode(
        actor=vss_worker,
        access=vss_access,
        **{
            **data,
            "date_from": datetime.date(2026, 1, 10),
            "note": "Outside her home.",
        },
    )
    cases.share_entry(
        actor=vss_worker,
        access=vss_access,
        entry=episode.entry,
        with_side=Side.PERPETRATOR,
        purpose="Group work.",
    )
    initial = episode_initial(episode)
    edited = {**data, "version": initial["version"]}
    form = EditEpisodeForm(edited, access=vss_access, entry=episode.entry)
    assert not form.is_valid()
    assert form.errors["note"] == [REFUSAL]


def test_a_case_agreements_text_is_checked(vss_access, pp):
    from asap.accounts.models import Organisation
    from asap.agreements.enums import AgreementLevel
    from asap.agreements.forms import AgreementForm
    from asap.agreements.standard import SECTIONS

    sections = {name: "Ordinary text." for name, _label in SECTIONS}
    first = SECTIONS[0][0]
    data = {
        "title": "Case agreement",
        "parties": [pp.pk],
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        **sections,
        first: "Visits to Matilde are agreed.",
    }
    form = AgreementForm(
        data,
        level=AgreementLevel.CASE,
        partners=Organisation.objects.filter(pk=pp.pk),
        access=vss_access,
    )
    assert not form.is_valid()
    assert form.errors[first] == [REFUSAL]


def test_the_note_page_refuses_a_joint_note_naming_her(case, vss_worker, signed_in_client):
    response = signed_in_client(vss_worker).post(
        f"/cases/{case.pk}/notes/add/", _note(body="Matilde moved.")
    )
    assert response.status_code == 400
    assert REFUSAL in html.unescape(response.content.decode())


# The demo


def _joint_texts(case):
    """Every free text of `case` that a side other than the victim side may read."""
    from asap.agreements.models import Agreement
    from asap.agreements.standard import SECTIONS
    from asap.cases.models import CaseAgency, Share, TimelineEntry
    from asap.cases.validators import entry_texts
    from asap.episodes.models import Episode
    from asap.instruments.models import SectionResult
    from asap.meetings.models import Meeting, Minutes
    from asap.plans.models import ActionItem

    texts: list[tuple[str, str]] = []
    shared = set(Share.objects.filter(case=case).values_list("entry_id", flat=True))
    for entry in TimelineEntry.objects.filter(case=case):
        if entry.compartment == Compartment.JOINT or entry.pk in shared:
            texts += [(f"entry {entry.pk}", text) for text in entry_texts(entry)]
    texts += [("share purpose", s.purpose) for s in Share.objects.filter(case=case)]
    texts += [("invitation", a.message) for a in CaseAgency.objects.filter(case=case)]
    texts += [
        ("level reason", r.reason) for r in SectionResult.objects.filter(administration__case=case)
    ]
    for item in ActionItem.objects.filter(case=case, compartment=Compartment.JOINT):
        texts += [("action", item.need), ("action", item.action), ("action", item.responsible)]
    for meeting in Meeting.objects.filter(case=case):
        texts += [("meeting", meeting.title), ("meeting", meeting.venue)]
    texts += [("minutes", m.decisions) for m in Minutes.objects.filter(meeting__case=case)]
    texts += [("episode", e.note) for e in Episode.objects.filter(case=case, entry__in=shared)]
    for agreement in Agreement.objects.filter(case=case):
        texts += [("agreement", getattr(agreement, f)) for f in ("title", *dict(SECTIONS))]
    return texts


def test_no_joint_text_of_the_demo_names_a_protected_value():
    from asap.cases.models import JointCase
    from asap.demo import data

    # The loader's own reads are checked by tests/test_project.py; here only its text counts.
    with named_scope("test"):
        data.load()
        found = []
        for case in JointCase.objects.all():
            terms = protected_terms(case)
            assert terms or case.code == data.CASE_AT_REFERRAL
            found += [
                (case.code, where)
                for where, text in _joint_texts(case)
                if names_protected(text, terms)
            ]
    assert found == []
