"""The authorisation matrix: every case URL x persona x method, with the exact status.

Every URL under /cases/ must appear in MATRIX; a new one fails the test until someone
decides who may use it. Each request runs in a transaction that is rolled back, so a POST
that succeeds (leaving, withdrawing a share) does not change what the next check sees.
"""

import datetime
import importlib

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from asap.cases import access, services
from asap.core.permissions import iter_patterns
from tests.cases.world import LATER_APPS
from tests.factories import agreement_between

pytestmark = pytest.mark.django_db

PERSONAS = [
    "victim_side",
    "partner_contact",
    "perpetrator_side",
    "child_protection_lead",
    "other_agency",
    "coordinator",
    "coordinator_vss",
    "coordinator_agency",
    "unrelated",
    "dpo",
    "dpo_pp",
    "dpo_agency",
    "administrator",
    "administrator_pp",
    "administrator_agency",
    "trainee",
    "anonymous",
]
# A coordinator, a data-protection officer and an administrator of each organisation taking
# part (victim support service, perpetrator programme, other agency): distinct persons.
COORDINATORS = ["coordinator", "coordinator_vss", "coordinator_agency"]
OFFICERS = ["dpo", "dpo_pp", "dpo_agency"]
ADMINISTRATORS = ["administrator", "administrator_pp", "administrator_agency"]
VICTIM = ["victim_side", "partner_contact"]
PERPETRATOR = ["perpetrator_side", "child_protection_lead"]
MEMBERS = [*VICTIM, *PERPETRATOR, "other_agency"]
CASE_ROLES = [*MEMBERS, *COORDINATORS, "unrelated"]


def expect(**groups: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """(GET, POST) status per persona. Groups name personas; the rest follow the rules that
    hold for every case URL: no case role → 403 (DPO, administrator); anonymous → 302."""
    table: dict[str, tuple[int, int]] = dict.fromkeys([*OFFICERS, *ADMINISTRATORS], (403, 403))
    table["trainee"] = (403, 403)  # a trainee in practice mode reaches no real case
    table["anonymous"] = (302, 302)
    named = {
        "victim": VICTIM,
        "perpetrator": PERPETRATOR,
        "agency": ["other_agency"],
        "members": MEMBERS,
        "coordinator": COORDINATORS,
        "unrelated": ["unrelated"],
        "case_roles": CASE_ROLES,
    }
    for group, statuses in groups.items():
        for persona in named[group]:
            table[persona] = statuses
    missing = [p for p in PERSONAS if p not in table]
    assert missing == [], f"no expectation for {missing}"
    return table


# Member-only forms: members GET 200 and an empty POST is refused with 400; a coordinator
# who is not a member is refused (403); someone unrelated is told nothing exists (404).
MEMBER_FORM = expect(members=(200, 400), coordinator=(403, 403), unrelated=(404, 404))
VICTIM_FORM = expect(
    victim=(200, 400),
    perpetrator=(403, 403),
    agency=(403, 403),
    coordinator=(403, 403),
    unrelated=(404, 404),
)
PERPETRATOR_FORM = expect(
    victim=(403, 403),
    perpetrator=(200, 400),
    agency=(403, 403),
    coordinator=(403, 403),
    unrelated=(404, 404),
)

MATRIX = {
    # POST is the search by a name: an empty one is refused with the form (400).
    ("cases:list", ()): expect(case_roles=(200, 400)),
    ("cases:open", ()): expect(case_roles=(200, 400)),
    ("cases:invitation", ("invitation",)): expect(
        members=(404, 404), coordinator=(404, 404), unrelated=(200, 400)
    ),
    ("cases:decline", ("invitation",)): expect(
        members=(405, 404), coordinator=(405, 404), unrelated=(405, 302)
    ),
    ("cases:detail", ("case",)): expect(
        members=(200, 405), coordinator=(200, 405), unrelated=(404, 404)
    ),
    ("cases:timeline", ("case",)): expect(
        members=(200, 405), coordinator=(403, 403), unrelated=(404, 404)
    ),
    ("cases:edit", ("case",)): MEMBER_FORM,
    # Moving to the next phase: a POST of members only (an empty one is refused with 400).
    ("cases:move_phase", ("case",)): expect(
        members=(405, 400), coordinator=(403, 403), unrelated=(404, 404)
    ),
    ("cases:invite", ("case",)): MEMBER_FORM,
    ("cases:add_member", ("case",)): MEMBER_FORM,
    # A coordinator of an agency taking part, member or not; an empty POST names no one.
    ("cases:put_back", ("case",)): expect(
        members=(403, 403), coordinator=(200, 400), unrelated=(404, 404)
    ),
    ("cases:leave", ("case",)): expect(
        members=(200, 302), coordinator=(403, 403), unrelated=(404, 404)
    ),
    ("cases:add_child", ("case",)): MEMBER_FORM,
    ("cases:edit_person", ("case", "man")): MEMBER_FORM,
    ("cases:edit_person", ("case", "woman")): VICTIM_FORM,
    ("cases:edit_person", ("case", "child")): VICTIM_FORM,
    ("cases:child_preparation", ("case", "child")): expect(
        members=(200, 302), coordinator=(403, 403), unrelated=(404, 404)
    ),
    ("cases:add_protected", ("case",)): VICTIM_FORM,
    ("cases:edit_protected", ("case", "detail")): VICTIM_FORM,
    ("cases:add_note", ("case",)): MEMBER_FORM,
    # A joint note the victim side recorded: the programme reads it under her consent (in
    # force in the world), the other agency only under her consent for other agencies (not
    # given): to the agency it does not exist.
    ("cases:edit_note", ("case", "note_joint")): expect(
        victim=(200, 400),
        perpetrator=(200, 400),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:edit_note", ("case", "note_victim")): expect(
        victim=(200, 400),
        perpetrator=(404, 404),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:edit_note", ("case", "note_shared")): expect(
        victim=(200, 400),
        perpetrator=(403, 403),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:edit_note", ("case", "note_perpetrator")): expect(
        victim=(404, 404),
        perpetrator=(200, 400),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:edit_note", ("case", "note_protected")): expect(
        victim=(200, 400),
        perpetrator=(404, 404),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:share", ("case", "note_victim")): expect(
        victim=(200, 400),
        perpetrator=(404, 404),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:share", ("case", "note_shared")): expect(
        victim=(200, 400),
        perpetrator=(403, 403),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:share", ("case", "note_joint")): expect(
        victim=(403, 403),
        perpetrator=(403, 403),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:share", ("case", "note_protected")): expect(
        victim=(403, 403),
        perpetrator=(404, 404),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:withdraw_share", ("case", "share")): expect(
        victim=(405, 302),
        perpetrator=(405, 404),
        agency=(405, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:consent", ("case",)): VICTIM_FORM,
    ("instruments:list", ("case",)): expect(
        members=(200, 405), coordinator=(403, 403), unrelated=(404, 404)
    ),
    # An empty POST names no instrument: nobody may start "nothing".
    ("instruments:start", ("case",)): expect(
        members=(405, 403), coordinator=(403, 403), unrelated=(404, 404)
    ),
    ("instruments:answer", ("case", "risk")): MEMBER_FORM,
    ("instruments:answer", ("case", "outcome_victim")): expect(
        victim=(200, 400),
        perpetrator=(404, 404),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("instruments:complete", ("case", "risk")): MEMBER_FORM,
    # Withdrawing one started by mistake: a confirmation page; a POST without the
    # confirmation is refused with it (400).
    ("instruments:withdraw", ("case", "risk")): MEMBER_FORM,
    ("instruments:withdraw", ("case", "outcome_victim")): expect(
        victim=(200, 400),
        perpetrator=(404, 404),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("instruments:confirm", ("case", "risk")): expect(
        members=(405, 403), coordinator=(403, 403), unrelated=(404, 404)
    ),
    ("instruments:complete", ("case", "outcome_victim")): expect(
        victim=(403, 403),
        perpetrator=(404, 404),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    ),
    ("cases:withdraw_consent", ("case", "consent")): VICTIM_FORM,
    # His waiver: the perpetrator side records it; nobody else sees that it exists.
    ("cases:waiver", ("case",)): PERPETRATOR_FORM,
    ("cases:withdraw_waiver", ("case", "waiver")): PERPETRATOR_FORM,
}


# Importing a caseload (asap.cases.views.imports): a coordinator of a perpetrator programme
# or a victim support service, for their own organisation; nobody else (the police's
# coordinator neither).
CASELOAD_IMPORT = {
    **expect(case_roles=(403, 403)),
    "coordinator": (200, 400),
    "coordinator_vss": (200, 400),
}
MATRIX[("cases:import", ())] = CASELOAD_IMPORT
for _template in ["cases:import_template_csv", "cases:import_template_xlsx"]:
    MATRIX[(_template, ())] = {
        **CASELOAD_IMPORT,
        "coordinator": (200, 405),
        "coordinator_vss": (200, 405),
        "coordinator_agency": (403, 405),  # refused on GET; no POST to refuse
    }

# Closing, reopening and transferring (asap.cases.views.closure): the lead workers of the
# victim and perpetrator sides; the lead is handed over by any lead worker (the other
# agency's too); a part is transferred by its lead worker or a coordinator of the
# organisation (of the victim or perpetrator side: the police's coordinator has none).
LEADS_FORM = {
    **expect(members=(403, 403), coordinator=(403, 403), unrelated=(404, 404)),
    "victim_side": (200, 400),
    "perpetrator_side": (200, 400),
}
MATRIX[("cases:close", ("case",))] = LEADS_FORM
MATRIX[("cases:reopen", ("case",))] = LEADS_FORM
MATRIX[("cases:lead", ("case",))] = {**LEADS_FORM, "other_agency": (200, 400)}
MATRIX[("cases:transfer", ("case",))] = {
    **LEADS_FORM,
    "coordinator": (200, 400),
    "coordinator_vss": (200, 400),
}


# Each app that adds case URLs keeps its rows in tests/<app>/matrix.py:
# `def rows(expect, member_form, victim_form) -> dict` with the same shape as MATRIX.
for _app in LATER_APPS:
    try:
        _module = importlib.import_module(f"tests.{_app}.matrix")
    except ModuleNotFoundError:
        continue
    MATRIX.update(_module.rows(expect, MEMBER_FORM, VICTIM_FORM))


def case_url_names() -> set[str]:
    """Every named URL pattern served under /cases/."""
    names = set()
    for prefix in get_resolver().url_patterns:
        if str(prefix.pattern).startswith("cases/"):
            for pattern in iter_patterns([prefix]):
                assert pattern.name, f"unnamed pattern {pattern.pattern} under /cases/"
                names.add(f"{prefix.namespace}:{pattern.name}")
    return names


def test_every_case_url_is_in_the_matrix():
    assert case_url_names() == {name for name, _args in MATRIX}


def test_authorisation_matrix(world, capsys):
    # The unrelated worker's agency holds an open invitation: only its workers may answer.
    unrelated_org = world.people["unrelated"].active_memberships[0].organisation
    for agency in world.case.agencies.select_related("organisation"):
        agreement_between(agency.organisation, unrelated_org)
    pp = world.people["perpetrator_side"]
    waiver = services.record_waiver(
        actor=pp, access=access.case_for(pp, world.case.pk), given_on=datetime.date(2026, 1, 20)
    )
    invitation = services.invite_agency(
        actor=world.people["victim_side"],
        access=access.case_for(world.people["victim_side"], world.case.pk),
        organisation=unrelated_org,
    )
    ids = {**world.ids, "invitation": invitation.pk, "waiver": waiver.pk}
    clients = {p: (Client() if p == "anonymous" else world.client(p)) for p in PERSONAS}

    checks, unexpected = 0, []
    for (name, arg_names), table in MATRIX.items():
        url = reverse(name, args=[ids[arg] for arg in arg_names])
        for persona in PERSONAS:
            for method, expected in zip(("get", "post"), table[persona], strict=True):
                with transaction.atomic():
                    response = getattr(clients[persona], method)(url)
                    transaction.set_rollback(True)
                checks += 1
                if response.status_code != expected:
                    unexpected.append(
                        f"{method.upper()} {url} as {persona}: "
                        f"{response.status_code}, expected {expected}"
                    )
    with capsys.disabled():
        print(
            f"\nAuthorisation matrix: {checks} checks over {len(MATRIX)} case URLs "
            f"x {len(PERSONAS)} personas x 2 methods"
        )
    assert unexpected == [], "\n".join(unexpected)
    assert checks == len(MATRIX) * len(PERSONAS) * 2
