"""The world's training event is reachable by the crawl: its public pages answer, and a
trainer of its organisation reaches every trainer page the crawl lists."""

import pytest
from django.test import Client
from django.urls import reverse

from asap.training.models import TrainingEvent
from tests.training.crawl import seeds

pytestmark = pytest.mark.django_db


def test_the_public_seeds_answer_and_the_trainer_pages_are_refused_to_others(world):
    anonymous, worker = Client(), world.client("victim_side")
    # The reference curriculum is every signed-in worker's reading (the protocol tools link to it).
    curriculum = reverse("training:curriculum")
    for url in seeds(world):
        trainer_page = not url.startswith(
            ("/training/register/", "/training/me/", "/training/verify/")
        )
        status = anonymous.get(url).status_code
        if url == curriculum:
            assert status == 302, url  # to sign in
            assert worker.get(url).status_code == 200, url
        elif trainer_page:
            assert status == 302, url  # to sign in
            assert worker.get(url).status_code == 403, url
        elif "NOPE" in url:
            assert status == 404
        else:
            assert status == 200, url


def test_a_trainer_of_the_world_event_reaches_every_trainer_seed(world, signed_in_client):
    event = TrainingEvent.objects.get(pk=world.ids["training_event"])
    trainer = event.created_by
    client = signed_in_client(trainer)
    for url in seeds(world):
        if "NOPE" not in url:
            assert client.get(url).status_code == 200, url
