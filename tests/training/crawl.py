"""The training pages for the canary crawl: the trainer's pages (refused to every crawl
persona, none of whom is a trainer), and the public ones reached through the world event's
registration link, its participant's personal link and the certificate's code."""

from django.urls import reverse

from asap.training.models import Participant, TrainingEvent


def seeds(world) -> list[str]:
    ids = world.ids
    event = TrainingEvent.objects.get(pk=ids["training_event"])
    participant = Participant.objects.get(pk=ids["training_participant"])
    pk, session = event.pk, ids["training_session"]
    return [
        reverse("training:events"),
        reverse("training:curriculum"),
        reverse("training:report"),
        reverse("training:report_csv"),
        reverse("training:event", args=[pk]),
        reverse("training:agenda_pdf", args=[pk]),
        reverse("training:session_ics", args=[pk, session]),
        reverse("training:attendance", args=[pk]),
        reverse("training:event_report", args=[pk]),
        reverse("training:register", args=[event.registration_token]),
        reverse("training:personal", args=[participant.token]),
        reverse("training:personal_certificate", args=[participant.token]),
        reverse("training:verify"),
        reverse("training:verify_code", args=[participant.certificate.code]),
        reverse("training:verify_code", args=["NOPE-NOPE-NOPE-NOPE"]),
    ]
