"""The action plan's PDF laid out once and kept (asap.core.rendered) while its rows, their
overdue marks and the day are unchanged: a repeat download is the same bytes, through the door
and audited; a change of a row lays it out again; each side keeps its own."""

import datetime

import pytest
from django.urls import reverse

from asap.cases.enums import Compartment
from asap.core.models import AuditEvent, RenderedDocument
from asap.plans import services
from tests.conftest import sign_in
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

HERS = "KEPT-PLAN-PDF-HER-ROW-7c1a"
JOINT = "KEPT-PLAN-PDF-JOINT-ROW-2b9f"


def add(couple, text, compartment):
    return services.add_action(
        actor=couple.vss,
        access=couple.access(couple.vss),
        need=text,
        action=text,
        term=datetime.date.today() + datetime.timedelta(days=10),
        responsible="Centre",
        compartment=compartment,
    )


def test_the_plans_pdf_is_kept_per_side_and_laid_out_again_after_a_change(couple, client, renders):
    add(couple, HERS, Compartment.VICTIM)
    joint = add(couple, JOINT, Compartment.JOINT)
    url = reverse("plans:pdf", args=[couple.case.pk])
    sign_in(client, couple.vss)
    reads = AuditEvent.objects.filter(action="action_plan_export.read")

    first = client.get(url).content
    second = client.get(url).content
    assert first.startswith(b"%PDF")
    assert second == first
    assert len(renders) == 1
    assert reads.count() == 2
    assert HERS in pdf_text(first, squeeze=True)

    # The other side gets its own layout, without her row, and never her side's kept bytes.
    programme = type(client)()
    sign_in(programme, couple.pp)
    theirs = programme.get(url).content
    assert len(renders) == 2
    assert HERS not in pdf_text(theirs, squeeze=True)
    assert JOINT in pdf_text(theirs, squeeze=True)
    assert RenderedDocument.objects.filter(kind="action_plan").count() == 2

    # A row changed: laid out again, and the new text is in it.
    services.update_action(
        actor=couple.vss,
        access=couple.access(couple.vss),
        item=joint,
        expected_version=joint.version,
        action=JOINT + "-CHANGED",
    )
    changed = client.get(url).content
    assert len(renders) == 3
    assert JOINT + "-CHANGED" in pdf_text(changed, squeeze=True)
