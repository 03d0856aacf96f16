"""The page of an instrument's definition names answer types, compartments and levels in
words, never by their codes."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_risk_checklist_page_shows_labels_not_codes(coordinator, signed_in_client):
    url = reverse("organisation_instruments:definition", args=["risk-checklist"])
    body = signed_in_client(coordinator).get(url).content.decode()
    assert "yes / no / unknown" in body
    assert "(yes_no_unknown" not in body
    assert "intermediate ←" not in body
    assert "Intermediate ←" in body
