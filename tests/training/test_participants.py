"""Participants: registration (by the trainer, through the link), the CSV import (all or
nothing), attendance, certificates for modules attended in full, and verification."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from asap.core.models import AuditEvent
from asap.training import csv_import, queries, services
from asap.training.enums import RegisteredBy
from asap.training.models import Certificate, Participant
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "name,email,profile,agency_kind,country\n"
    "Maria Rossi (test),maria@example.org,psychologist,victim_support_service,IT\n"
    "Ivan Petrov (test),,Social worker,Perpetrator programme,BG\n"
)
BAD_CSV = (
    "name,email,profile,agency_kind,country\n"
    "Maria Rossi (test),maria@example.org,psychologist,victim_support_service,IT\n"
    "Ivan Petrov (test),,astronaut,perpetrator_programme,BG\n"
    '=HYPERLINK("http://x"),,psychologist,police,GR\n'
    ",,psychologist,police,GR\n"
)


def upload(client, event, text):
    return client.post(
        reverse("training:participant_import", args=[event.pk]),
        {"file": SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")},
    )


def register(event, name="Elena Dimitrova (test)", **extra):
    person = {
        "name": name,
        "email": "",
        "profile": "social_worker",
        "agency_kind": "victim_support_service",
        "country": "GR",
        **extra,
    }
    return services.register_participant(actor=None, event=event, by=RegisteredBy.SELF, **person)


def test_a_csv_with_a_bad_row_imports_nothing_and_names_each_row_and_reason(
    event, trainer, signed_in_client
):
    response = upload(signed_in_client(trainer), event, BAD_CSV)
    body = response.content.decode()
    assert response.status_code == 400
    assert Participant.objects.count() == 0
    assert "Row 3: profile astronaut is not one of:" in body
    assert "Row 4: name starts with a formula character." in body
    assert "Row 5: name is empty." in body
    assert "Row 2" not in body


def test_a_good_csv_imports_every_row(event, trainer, signed_in_client):
    response = upload(signed_in_client(trainer), event, GOOD_CSV)
    assert response.status_code == 302
    people = list(event.participants.order_by("pk"))
    assert [(p.name, p.profile, p.agency_kind, p.country) for p in people] == [
        ("Maria Rossi (test)", "psychologist", "victim_support_service", "IT"),
        ("Ivan Petrov (test)", "social_worker", "perpetrator_programme", "BG"),
    ]
    assert {p.registered_by for p in people} == {"import"}
    assert AuditEvent.objects.filter(action="training.participant.import").count() == 2


def test_an_import_beyond_the_capacity_imports_nothing(make_event, trainer, signed_in_client):
    event = make_event(capacity=1)
    response = upload(signed_in_client(trainer), event, GOOD_CSV)
    assert response.status_code == 409
    assert "The event is full" in response.content.decode()
    assert Participant.objects.count() == 0


def test_a_participant_registers_through_the_link_without_an_account(event):
    client = Client()
    url = reverse("training:register", args=[event.registration_token])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Giorgos Papadopoulos (test)",
            "email": "g@example.org",
            "profile": "it_professional",
            "agency_kind": "police",
            "country": "GR",
        },
    )
    participant = Participant.objects.get()
    assert response["Location"] == reverse("training:personal", args=[participant.token])
    assert participant.registered_by == "self"
    assert len(participant.token) >= 32
    page = client.get(response["Location"]).content.decode()
    assert "Giorgos Papadopoulos (test)" in page


def test_a_wrong_registration_link_is_not_found(event):
    assert Client().get(reverse("training:register", args=["nope"])).status_code == 404
    assert Client().get(reverse("training:personal", args=["nope"])).status_code == 404


def test_the_trainer_records_attendance_per_session(event, trainer, signed_in_client):
    one, two = register(event, "One (test)"), register(event, "Two (test)")
    first, second = event.sessions.all()
    client = signed_in_client(trainer)
    response = client.post(
        reverse("training:attendance", args=[event.pk]),
        {f"present_{one.pk}_{first.pk}": "on", f"present_{two.pk}_{second.pk}": "on"},
    )
    assert response.status_code == 302
    assert queries.attendance_of(event) == {(one.pk, first.pk), (two.pk, second.pk)}
    # Unticking removes; a pair of another event is ignored.
    client.post(
        reverse("training:attendance", args=[event.pk]),
        {f"present_{one.pk}_{first.pk}": "on", "present_999_999": "on"},
    )
    assert queries.attendance_of(event) == {(one.pk, first.pk)}


def test_a_certificate_names_only_the_modules_attended_in_full(
    make_event, trainer, signed_in_client
):
    event = make_event(modules=["gender-based-violence", "child-protection", "digital-violence"])
    sessions = {s.module_key: s for s in event.sessions.all()}
    # A second session of module 2: attending one of its two sessions is not "in full".
    extra = event.sessions.create(
        module_key="child-protection", starts_at=sessions["digital-violence"].starts_at
    )
    full, partial, absent = (
        register(event, "Full (test)"),
        register(event, "Partial (test)"),
        register(event, "Absent (test)"),
    )
    services.set_attendance(
        actor=trainer,
        event=event,
        present={
            (full.pk, sessions["gender-based-violence"].pk),
            (full.pk, sessions["child-protection"].pk),
            (full.pk, extra.pk),
            (partial.pk, sessions["child-protection"].pk),
        },
    )
    client = signed_in_client(trainer)
    client.post(reverse("training:issue_certificates", args=[event.pk]))
    certificate = Certificate.objects.get(participant=full)
    assert certificate.modules == ["1. GENDER-BASED VIOLENCE", "2. CHILD PROTECTION"]
    assert not Certificate.objects.filter(participant__in=[partial, absent]).exists()
    pdf = client.get(reverse("training:certificate_pdf", args=[event.pk, full.pk]))
    text = " ".join(pdf_text(pdf.content).split())
    assert "Full (test)" in text
    assert "1. GENDER-BASED VIOLENCE" in text
    assert "DIGITAL VIOLENCE" not in text
    assert certificate.code in text
    missing = client.get(reverse("training:certificate_pdf", args=[event.pk, partial.pk]))
    assert missing.status_code == 404


def test_the_verify_page_shows_what_the_certificate_states_and_nothing_else(event, trainer):
    person = register(
        event, "Verified Person (test)", email="secret-mail@example.org", country="BG"
    )
    services.set_attendance(
        actor=trainer, event=event, present={(person.pk, event.sessions.first().pk)}
    )
    services.issue_certificates(actor=trainer, event=event)
    certificate = Certificate.objects.get()
    client = Client()
    response = client.get(reverse("training:verify"), {"code": certificate.code.lower()})
    assert response["Location"] == reverse("training:verify_code", args=[certificate.code])
    page = client.get(response["Location"]).content.decode()
    assert "Valid certificate" in page
    assert "Verified Person (test)" in page
    assert "1. GENDER-BASED VIOLENCE" in page
    assert event.title in page
    for hidden in (
        "secret-mail@example.org",
        "Bulgaria",
        "Social worker",
        event.organisation.name,
        event.trainers,
        event.link,
        person.token,
        "CHILD PROTECTION",
    ):
        assert hidden not in page, hidden


def test_a_certificate_is_withdrawn_when_its_attendance_is_unticked(
    event, trainer, signed_in_client
):
    kept, unticked = register(event, "Kept (test)"), register(event, "Unticked (test)")
    first = event.sessions.first()
    services.set_attendance(
        actor=trainer, event=event, present={(kept.pk, first.pk), (unticked.pk, first.pk)}
    )
    assert services.issue_certificates(actor=trainer, event=event) == 2
    code = Certificate.objects.get(participant=unticked).code
    kept_code = Certificate.objects.get(participant=kept).code
    verify = reverse("training:verify_code", args=[code])
    assert Client().get(verify).status_code == 200

    services.set_attendance(actor=trainer, event=event, present={(kept.pk, first.pk)})
    response = signed_in_client(trainer).post(
        reverse("training:issue_certificates", args=[event.pk]), follow=True
    )
    assert "1 participant holds a certificate." in response.content.decode()
    assert Client().get(verify).status_code == 404
    assert not Certificate.objects.filter(participant=unticked).exists()
    assert Certificate.objects.get(participant=kept).code == kept_code  # kept, same code
    withdrawn = AuditEvent.objects.filter(action="training.certificate.withdraw")
    assert [(row.object_type, row.actor) for row in withdrawn] == [
        ("training.certificate", trainer)
    ]


def test_english_labels_are_accepted_when_the_interface_is_italian():
    with translation.override("it"):
        result = csv_import.read(GOOD_CSV.encode())
        italian = csv_import.read(
            b"name,profile,agency_kind,country\n"
            b"Anna Bianchi (test),Assistente sociale,Servizi sociali,Italia\n"
        )
    assert result.errors == []
    assert [(p["profile"], p["agency_kind"], p["country"]) for p in result.people] == [
        ("psychologist", "victim_support_service", "IT"),
        ("social_worker", "perpetrator_programme", "BG"),
    ]
    assert italian.errors == []
    assert italian.people[0]["profile"] == "social_worker"


def test_an_unknown_code_is_invalid(event):
    page = Client().get(reverse("training:verify_code", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert page.status_code == 404
    assert "Invalid code" in page.content.decode()


def test_certificate_codes_are_long_and_distinct():
    codes = {services.new_certificate_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code.replace("-", "")) == 16 for code in codes)


def test_a_closed_registration_link_registers_nobody(make_event):
    event = make_event(registration_open=False)
    response = Client().post(
        reverse("training:register", args=[event.registration_token]),
        {
            "name": "Late (test)",
            "profile": "psychologist",
            "agency_kind": "police",
            "country": "IT",
        },
    )
    assert response.status_code == 400
    assert "Registration for this event is closed." in response.content.decode()
    assert Participant.objects.count() == 0


def test_a_full_event_refuses_self_registration(make_event):
    event = make_event(capacity=1)
    register(event, "First (test)")
    response = Client().post(
        reverse("training:register", args=[event.registration_token]),
        {
            "name": "Second (test)",
            "profile": "psychologist",
            "agency_kind": "police",
            "country": "IT",
        },
    )
    assert response.status_code == 409
    assert "The event is full." in response.content.decode()
    assert event.participants.count() == 1
