"""Events: creating one, its agenda (HTML, PDF) and calendar files, adapting a module for it,
and who may see it."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils.html import escape

from asap.accounts.enums import Role
from asap.core.models import AuditEvent
from asap.training import curriculum
from asap.training.models import Session, TrainingEvent
from tests.factories import OrganisationFactory, persona
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_a_trainer_creates_an_online_event_with_a_session_per_module(trainer, signed_in_client):
    client = signed_in_client(trainer)
    response = client.post(
        reverse("training:event_create"),
        {
            "title": "EU training event (test)",
            "level": "eu",
            "format": "online",
            "language": "en",
            "link": "https://meet.example.org/eu",
            "trainers": "A. Trainer",
            "modules": ["child-protection", "digital-violence"],
            "starts_at": "2026-10-05T10:00",
        },
    )
    event = TrainingEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:event", args=[event.pk])
    sessions = list(Session.objects.filter(event=event))
    assert [s.module_key for s in sessions] == ["child-protection", "digital-violence"]
    # 60 minutes online, then a 15-minute break.
    assert sessions[1].starts_at - sessions[0].starts_at == datetime.timedelta(minutes=75)
    assert event.organisation == trainer.active_memberships[0].organisation
    assert AuditEvent.objects.filter(action="training.event.create").count() == 1


def test_an_online_event_without_its_link_is_refused_with_the_input_kept(trainer, signed_in_client):
    client = signed_in_client(trainer)
    response = client.post(
        reverse("training:event_create"),
        {
            "title": "Kept title (test)",
            "level": "national",
            "format": "online",
            "language": "en",
            "trainers": "A. Trainer",
            "modules": ["child-protection"],
            "starts_at": "2026-10-05T10:00",
        },
    )
    assert response.status_code == 400
    assert "An online event needs its meeting link." in response.content.decode()
    assert 'value="Kept title (test)"' in response.content.decode()
    assert TrainingEvent.objects.count() == 0


def test_the_online_agenda_pdf_fits_each_module_in_60_minutes(event, trainer, signed_in_client):
    client = signed_in_client(trainer)
    response = client.get(reverse("training:agenda_pdf", args=[event.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert text.count("Total 60") == 2
    # Module 1 from 09:00: 13 + 27 + 20 minutes; module 2 after a 15-minute break.
    for times in ("09:00 09:13", "09:13 09:40", "09:40 10:00", "10:15 10:28", "10:55 11:15"):
        assert times in text, times


def test_an_in_person_agenda_keeps_the_source_minutes(make_event, trainer, signed_in_client):
    event = make_event(online=False, modules=["asap-protocol"])
    page = signed_in_client(trainer).get(reverse("training:agenda", args=[event.pk]))
    cells = re.findall(r"<td>(\d+)</td></tr>", page.content.decode())
    assert cells == ["20", "30", "40", "90"]


def test_each_session_has_a_calendar_file(event, trainer, signed_in_client):
    session = event.sessions.first()
    response = signed_in_client(trainer).get(
        reverse("training:session_ics", args=[event.pk, session.pk])
    )
    vevent = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == session.starts_at
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == datetime.timedelta(minutes=60)
    assert str(vevent["location"]) == "https://meet.example.org/asap-training"
    assert "1. GENDER-BASED VIOLENCE" in str(vevent["summary"])


def adapt_data(event, module_key, **changes):
    module = next(m for m in event.modules if m["key"] == module_key)
    data = {}
    for i, topic in enumerate(module["topics"], 1):
        for name in ("title", "method", "description", "minutes", "online_minutes"):
            data[f"{name}_{i}"] = topic[name]
    data.update(changes)
    return data


def test_trainer_set_online_times_that_do_not_add_up_are_refused_with_the_input_kept(
    event, trainer, signed_in_client
):
    url = reverse("training:adapt_module", args=[event.pk, "gender-based-violence"])
    data = adapt_data(event, "gender-based-violence", online_minutes_1=15, title_1="Kept (test)")
    response = signed_in_client(trainer).post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "The minutes online add up to 62; they must add up to 60." in body
    assert 'value="Kept (test)"' in body
    assert 'value="15"' in body
    event.refresh_from_db()
    assert [t["online_minutes"] for t in event.modules[0]["topics"]] == [13, 27, 20]


def test_in_person_times_must_add_up_to_90(event, trainer, signed_in_client):
    url = reverse("training:adapt_module", args=[event.pk, "gender-based-violence"])
    response = signed_in_client(trainer).post(
        url, adapt_data(event, "gender-based-violence", minutes_3=35)
    )
    assert response.status_code == 400
    assert (
        "The minutes in person add up to 95; they must add up to 90." in response.content.decode()
    )


def test_an_adapted_copy_changes_the_event_and_never_the_reference(
    event, trainer, signed_in_client
):
    url = reverse("training:adapt_module", args=[event.pk, "gender-based-violence"])
    data = adapt_data(
        event,
        "gender-based-violence",
        title_1="Concetto e quadro normativo",
        online_minutes_1=15,
        online_minutes_2=25,
    )
    client = signed_in_client(trainer)
    response = client.post(url, data)
    assert response.status_code == 302
    event.refresh_from_db()
    topics = event.modules[0]["topics"]
    assert (topics[0]["title"], topics[0]["online_minutes"]) == ("Concetto e quadro normativo", 15)
    assert [t["online_minutes"] for t in topics] == [15, 25, 20]
    reference = curriculum.reference().module("gender-based-violence")
    assert reference.topics[0].title == "Concept and legislative framework"
    reread = curriculum.parse((curriculum.FOLDER / curriculum.CURRENT).read_text())
    assert reread.module("gender-based-violence").topics[0].title == reference.topics[0].title
    agenda = client.get(reverse("training:agenda", args=[event.pk]))
    assert "Concetto e quadro normativo" in agenda.content.decode()


def test_a_trainer_of_another_organisation_cannot_see_or_change_the_event(event, signed_in_client):
    stranger = persona(Role.TRAINER, OrganisationFactory())
    client = signed_in_client(stranger)
    session = event.sessions.first()
    for url in [
        reverse("training:event", args=[event.pk]),
        reverse("training:event_edit", args=[event.pk]),
        reverse("training:agenda", args=[event.pk]),
        reverse("training:agenda_pdf", args=[event.pk]),
        reverse("training:attendance", args=[event.pk]),
        reverse("training:event_report", args=[event.pk]),
        reverse("training:session_ics", args=[event.pk, session.pk]),
        reverse("training:participant_import", args=[event.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("training:event_edit", args=[event.pk]),
        {
            "title": "Taken over",
            "level": "eu",
            "format": "online",
            "language": "en",
            "link": "https://x.example.org",
            "trainers": "X",
        },
    )
    assert response.status_code == 404
    event.refresh_from_db()
    assert event.title == "National training event, Rome (test)"
    listing = client.get(reverse("training:events")).content.decode()
    assert event.title not in listing


def test_only_trainers_reach_the_event_pages(event, signed_in_client, vss_worker):
    client = signed_in_client(vss_worker)
    assert client.get(reverse("training:events")).status_code == 403
    assert client.get(reverse("training:event", args=[event.pk])).status_code == 403


def test_the_event_list_shows_the_organisations_events(event, trainer, signed_in_client):
    page = signed_in_client(trainer).get(reverse("training:events"))
    assert event.title in page.content.decode()


def test_the_curriculum_page_shows_every_module_and_link(trainer, signed_in_client):
    body = signed_in_client(trainer).get(reverse("training:curriculum")).content.decode()
    shipped = curriculum.reference()
    for module in shipped.modules:
        assert module.title in body
        for topic in module.topics:
            for link in topic.materials:
                assert f'href="{link}"' in body
        for link in module.resources:
            assert f'<a href="{link}" rel="noopener noreferrer">{link}</a>' in body
    # The programme's goals and outcomes come before the first module.
    first_module = body.index('id="module-gender-based-violence"')
    for text in (*shipped.goals, *shipped.outcomes):
        assert 0 < body.index(escape(text)) < first_module
    assert '<a href="#module-child-protection">CHILD PROTECTION</a>' in body
    for text in (
        "World Café",  # Module 2's method
        "Brainstorming",  # Module 4's
        "Conditions for effective collaboration between PP and VSS",  # Module 3's list
        "Counseling at a distance for victims and perpetrators",  # Module 4's
        "Partnership - Collaboration between professionals",  # Module 2's principles
    ):
        assert text in body, text


def test_the_agenda_pdf_carries_each_modules_key_messages_methods_and_resources(
    event, trainer, signed_in_client
):
    response = signed_in_client(trainer).get(reverse("training:agenda_pdf", args=[event.pk]))
    text = pdf_text(response.content, squeeze=True)
    for words in (
        "To equip professionals with tools to build Multi-agency collaboration",  # programme
        "In leading perpetrators to acknowledge accountability",  # Module 1's key message
        "World Café",  # Module 2's method
        "Respect - All actions of professionals",  # Module 2's principles
        "https://www.naia-tg.com/?p=1809",  # Module 2's Resources
        "https://www.coe.int/en/web/gender-matters/about-gender-based-violence",
    ):
        assert "".join(words.split()) in text, words
    assert "Brainstorming" not in text  # Module 4 is not taught at this event


def test_an_events_older_copy_is_completed_from_its_curriculum_version(
    event, trainer, signed_in_client
):
    """A copy taken before the resources, parts and methods were in the data."""
    for module in event.modules:
        del module["resources"]
        for topic in module["topics"]:
            for name in ("parts", "methods", "key_messages_lead"):
                del topic[name]
            topic["key_messages"] = topic["key_messages"][:1]
    event.save(update_fields=["modules"])
    response = signed_in_client(trainer).get(reverse("training:agenda_pdf", args=[event.pk]))
    text = pdf_text(response.content, squeeze=True)
    for words in ("Partnership - Collaboration", "World Café", "https://www.naia-tg.com/?p=1809"):
        assert "".join(words.split()) in text, words


def test_the_event_list_and_page_do_not_grow_queries_with_more_items(
    make_event, trainer, signed_in_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from asap.training import services
    from asap.training.enums import RegisteredBy

    client = signed_in_client(trainer)
    first = make_event()

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as listing:
            client.get(reverse("training:events"))
        with CaptureQueriesContext(connection) as page:
            client.get(reverse("training:event", args=[first.pk]))
        return len(listing), len(page)

    def register(n: int) -> None:
        for i in range(n):
            services.register_participant(
                actor=trainer,
                event=first,
                by=RegisteredBy.TRAINER,
                name=f"P{i}",
                email="",
                profile="psychologist",
                agency_kind="police",
                country="IT",
            )

    register(1)
    one = counts()
    make_event()
    make_event()
    register(2)
    assert counts() == one
