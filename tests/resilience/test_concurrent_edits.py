"""Two people save the same action item at the same moment: one edit is saved, the other is
refused with the message and its input kept — never a lost update.

Each pair runs as two threads, each with its own signed-in client and its own database
connection, posting the same version of the row through the edit view (the path of the UI:
`EditActionView` → `services.update_action` → `save_versioned`). A barrier releases both
posts together. On PostgreSQL the two transactions really overlap (READ COMMITTED: the
second UPDATE waits for the first row lock, then re-checks `version` and matches nothing).
SQLite admits one writer at a time (`BEGIN IMMEDIATE`, a 20 s busy timeout): with a
database file the second writer waits. The suite's SQLite database is in memory in shared-
cache mode, where a locked table fails at once instead of waiting ("database table is
locked"), so on SQLite the test holds a lock around each request: the two posts of a pair
still carry the same version and race to the lock, and the outcome asserted is the same.
"""

import contextlib
import datetime
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.core.scopes import named_scope
from asap.plans import services as plan_services
from asap.plans.models import ActionItem
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, agreement_between, persona
from tests.resilience.scale import count, on_postgresql

pytestmark = [
    pytest.mark.resilience,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_head"),
]

PAIRS = count(50, 1000)
SQLITE_WRITER = threading.Lock()
REFUSED = "Someone else changed this record after you opened it"


def joint_case():
    vss_org = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp_org = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    agreement_between(vss_org, pp_org)
    vss, pp = persona(Role.CASE_WORKER, vss_org), persona(Role.CASE_WORKER, pp_org)
    case = services.open_case(
        actor=vss, organisation=vss_org, perpetrator_name="Marco (test)", victim_name="Anna"
    )
    services.invite_agency(actor=vss, access=access.case_for(vss, case.pk), organisation=pp_org)
    invitation = access.invitations_for(pp).get(organisation=pp_org)
    services.accept_invitation(actor=pp, invitation=invitation, member=pp)
    # Her consent for the programme: it reads (and edits) the joint row she contributes.
    services.record_consent(
        actor=vss,
        access=access.case_for(vss, case.pk),
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 5),
    )
    item = plan_services.add_action(
        actor=vss,
        access=access.case_for(vss, case.pk),
        need="Need 0",
        action="Action 0",
        term=datetime.date(2026, 3, 1),
        responsible="Both agencies",
        responsible_user=None,
        compartment="joint",
    )
    return case, vss, pp, item


def post_pair(clients: list[Client], url: str, version: int, pair: int) -> list[tuple]:
    """Both clients post version `version` at once; [(who, status, body)] in client order."""
    barrier = threading.Barrier(len(clients))
    gate = contextlib.nullcontext() if on_postgresql() else SQLITE_WRITER
    results: list[tuple] = [None] * len(clients)

    def edit(index: int) -> None:
        try:
            data = {
                "need": f"pair {pair} by {index}",
                "action": "Meet weekly",
                "term": "2026-04-01",
                "responsible": "Both agencies",
                "status": "in_progress",
                "version": str(version),
            }
            barrier.wait(timeout=30)
            with gate:
                response = clients[index].post(url, data)
            results[index] = (index, response.status_code, response.content.decode())
        except Exception as error:  # reported by the assertion below, not lost in a thread
            results[index] = (index, "error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_concurrent_pairs_of_edits_lose_no_update(capsys):
    case, vss, pp, item = joint_case()
    clients = [Client(), Client()]
    sign_in(clients[0], vss)
    sign_in(clients[1], pp)
    url = reverse("plans:edit", args=[case.pk, item.pk])

    problems, saved, refused = [], 0, 0
    for pair in range(PAIRS):
        with named_scope("test"):
            version = ActionItem.objects.get(pk=item.pk).version
        results = post_pair(clients, url, version, pair)
        statuses = sorted(str(r[1]) for r in results)
        with named_scope("test"):
            row = ActionItem.objects.get(pk=item.pk)
        winners = [r for r in results if r[1] == 302]
        losers = [r for r in results if r[1] == 409]
        if statuses != ["302", "409"]:
            problems.append(f"pair {pair}: {[(r[0], r[1], r[2][:200]) for r in results]}")
            continue
        loser_text = f"pair {pair} by {losers[0][0]}"
        if REFUSED not in losers[0][2] or loser_text not in losers[0][2]:
            problems.append(f"pair {pair}: the refusal lacks the message or the input")
        # The winner's text is stored, and exactly one write happened (no lost update).
        if row.need != f"pair {pair} by {winners[0][0]}" or row.version != version + 1:
            problems.append(f"pair {pair}: stored {row.need!r} v{row.version}, from v{version}")
        saved += 1
        refused += 1
    with capsys.disabled():
        print(f"\nConcurrent edit pairs: {PAIRS}; saved {saved}, refused {refused}, ", end="")
        print(f"problems {len(problems)}")
    assert problems == []
    with named_scope("test"):
        assert ActionItem.objects.get(pk=item.pk).version == 1 + PAIRS
