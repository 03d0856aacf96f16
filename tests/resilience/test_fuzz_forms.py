"""Property-based fuzzing of every form view: generated submissions never answer 5xx.

Every URL whose view handles POST (found by walking the resolver, see forms.py) gets
generated submissions from a persona allowed to use it: the form's own fields filled with
unicode text (control characters and NUL included), huge strings, numbers, dates, the values
its selects offer, or left out, plus extra fields. Each submission runs in a transaction that
is rolled back, so one that succeeds does not change what the next one meets.
Counts: ~300 submissions in the suite, 10,000 with ASAP_RESILIENCE_SCALE=full.
"""

import datetime
import math

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asap.cases import access, services
from tests.factories import agreement_between
from tests.resilience import forms
from tests.resilience.scale import count
from tests.security.test_matrix import MATRIX

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]

SUBMISSIONS = count(300, 10_000)

TEXT = st.text(max_size=40)
CONTROL = st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=8)
HUGE = st.sampled_from(["A" * 100_000, "é" * 20_000, "\u202e" * 5_000, "0" * 4_000])
NUMBER = st.integers(min_value=-(10**20), max_value=10**20).map(str)
FLOAT = st.floats(allow_nan=True, allow_infinity=True).map(str)
DATE = st.dates().map(lambda d: d.isoformat())
ODD_DATE = st.sampled_from(["2026-02-30", "0000-00-00", "9999-12-31", "31/12/2026", "now"])


def value_for(options: list[str]) -> st.SearchStrategy:
    choices = [TEXT, CONTROL, HUGE, NUMBER, FLOAT, DATE, ODD_DATE, st.just("")]
    if options:
        choices = [st.sampled_from(options)] * 4 + choices
    return st.one_of(choices)


def submission(fields: dict[str, list[str]]) -> st.SearchStrategy:
    """Each field left out, given one value or several; and up to three extra fields."""
    parts = {
        name: st.one_of(
            st.none(), value_for(options), st.lists(value_for(options), min_size=2, max_size=3)
        )
        for name, options in fields.items()
    }
    extra = st.dictionaries(st.text(min_size=1, max_size=12), TEXT, max_size=3)
    return st.tuples(st.fixed_dictionaries(parts), extra).map(
        lambda pair: {
            **{k: v for k, v in pair[1].items() if k not in fields},
            **{k: v for k, v in pair[0].items() if v is not None},
        }
    )


def post(client, url: str, data: dict):
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


def fuzz(target: forms.Target, client, examples: int) -> int:
    sent = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(submission(target.fields))
    def one(data: dict) -> None:
        nonlocal sent
        sent += 1
        response = post(client, target.url, data)
        assert response.status_code < 500, f"{response.status_code} for {data!r:.300}"

    one()
    return sent


def test_no_form_view_answers_5xx_to_generated_submissions(world, capsys):
    # As in the matrix: the unrelated worker's agency holds an open invitation to the case.
    # It must be bound by an agreement with every organisation taking part (the gate).
    victim_side = world.people["victim_side"]
    unrelated_org = world.people["unrelated"].active_memberships[0].organisation
    for agency in world.case.agencies.select_related("organisation"):
        agreement_between(agency.organisation, unrelated_org)
    pp = world.people["perpetrator_side"]
    waiver = services.record_waiver(
        actor=pp, access=access.case_for(pp, world.case.pk), given_on=datetime.date(2026, 1, 20)
    )
    invitation = services.invite_agency(
        actor=victim_side,
        access=access.case_for(victim_side, world.case.pk),
        organisation=unrelated_org,
    )
    ids = {**world.ids, "invitation": invitation.pk, "waiver": waiver.pk}
    clients = {p: forms.signed_in(world, p) for p in forms.CANDIDATES}
    candidates = forms.case_targets(MATRIX, ids)
    others, skipped = forms.other_targets(ids)
    candidates += [(name, url, forms.CANDIDATES) for name, url in others]

    targets: list[forms.Target] = []
    failures: list[str] = []
    for name, url, personas in candidates:
        with transaction.atomic():
            target = forms.choose(clients, url, personas, failures)
            transaction.set_rollback(True)
        for persona in forms.CANDIDATES:  # a probe may have signed someone out
            if not forms.still_signed_in(clients[persona], persona):
                clients[persona] = forms.signed_in(world, persona)
        if target is None:
            skipped.append(f"{url} (nobody may post)")
            continue
        target.name = name
        targets.append(target)

    per_target = max(1, math.ceil(SUBMISSIONS / len(targets)))
    sent = 0
    for target in targets:
        client = clients[target.persona]
        try:
            sent += fuzz(target, client, per_target)
        except Exception as error:  # every failing view is reported, not just the first
            failures.append(f"{target.name} {target.url} as {target.persona}: {error!s:.600}")
        if not forms.still_signed_in(client, target.persona):
            clients[target.persona] = forms.signed_in(world, target.persona)
    with capsys.disabled():
        print(
            f"\nForm fuzzing: {sent} submissions to {len(targets)} form views "
            f"({per_target} each), {len(failures)} failing; skipped: {skipped}"
        )
    assert failures == [], "\n".join(failures)
    assert sent >= SUBMISSIONS * 0.9
