"""Refused requests leave an audit row `access.refused` (asap.core.refusals): pages, POSTs,
downloads and API calls, by personas of each side; the row names, never shows."""

import pytest
from django.urls import reverse

from asap.core.models import AuditEvent
from tests.api.conftest import api_client, issue

pytestmark = pytest.mark.django_db


def _rows_after(last: int | None):
    return AuditEvent.objects.filter(pk__gt=last or 0, action="access.refused").order_by("pk")


def _last() -> int | None:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()


def _organisation(person) -> int:
    return person.memberships.filter(is_active=True).values_list("organisation", flat=True)[0]


def _asked(world, who: str, method: str, url: str, status: int, data=None) -> AuditEvent:
    """`who` asks `url` and is refused with `status`: the one row it left."""
    last = _last()
    client = world.client(who)
    response = client.post(url, data or {}) if method == "POST" else client.get(url)
    assert response.status_code == status, (who, url)
    rows = list(_rows_after(last))
    assert len(rows) == 1, (who, url, rows)
    row = rows[0]
    person = world.people[who]
    assert (row.actor_id, row.organisation_id) == (person.pk, _organisation(person))
    assert row.fields == sorted([method, str(status)])  # the trail keeps fields sorted
    return row


def _holds_no_canary(world, row: AuditEvent) -> None:
    text = " ".join(
        str(v) for v in (row.object_type, row.object_id, row.actor_label, row.fields, row.case_id)
    )
    assert [name for name, value in world.canaries.items() if value in text] == []


def test_the_other_side_refused_a_victim_side_form_leaves_a_row_naming_the_case(world):
    """GET and POST of a victim-side form by the perpetrator side (403): the row names the
    address and the case, not what the form holds."""
    url = reverse("cases:add_protected", args=[world.case.pk])
    for method in ("GET", "POST"):
        data = {"kind": "address", "value": world.canaries["address"]}
        row = _asked(world, "perpetrator_side", method, url, 403, data)
        assert row.case_id == world.case.pk
        assert row.object_type == "url.cases:add_protected"
        assert row.object_id == f"pk={world.case.pk}"
        _holds_no_canary(world, row)


def test_a_refused_download_of_her_file_leaves_a_row(world):
    """Her file and her protected file, asked by the perpetrator side, another agency and the
    programme's child-protection lead (404: the policy hides them)."""
    for name in ("attachment_victim", "attachment_protected"):
        url = reverse("attachments:download", args=[world.case.pk, world.ids[name]])
        for who in ("perpetrator_side", "other_agency", "child_protection_lead"):
            row = _asked(world, who, "GET", url, 404)
            assert row.case_id == world.case.pk
            assert row.object_type == "url.attachments:download"
            assert f"attachment_pk={world.ids[name]}" in row.object_id
            _holds_no_canary(world, row)


def test_a_worker_outside_the_case_is_told_nothing_and_the_row_names_the_case_asked(world):
    row = _asked(world, "unrelated", "GET", f"/cases/{world.case.pk}/", 404)
    assert row.case_id == world.case.pk
    row = _asked(world, "unrelated", "GET", "/cases/987654321/", 404)
    assert row.case_id == 987654321  # a case that does not exist: asked all the same


@pytest.mark.parametrize("who", ["dpo_pp", "administrator_pp", "coordinator"])
def test_an_officer_administrator_or_coordinator_of_the_programme_refused_leaves_a_row(world, who):
    """The officer and the administrator have no case role (refused before the door: no
    case named, the address's ids kept); the coordinator reaches the door (the case named)."""
    url = reverse("cases:add_protected", args=[world.case.pk])
    row = _asked(world, who, "GET", url, 403)
    assert row.object_id == f"pk={world.case.pk}"
    assert row.case_id == (world.case.pk if who == "coordinator" else None)


def test_an_api_token_refused_leaves_a_row_under_its_organisation(world):
    person = world.people["unrelated"]
    organisation = person.memberships.filter(is_active=True)[0].organisation
    token, secret = issue(organisation, "case_worker", actor=person)
    last = _last()
    response = api_client(secret).get(f"/api/v1/cases/{world.case.pk}")
    assert response.status_code == 404
    rows = list(_rows_after(last))
    assert [(r.actor_id, r.organisation_id, r.case_id, r.fields) for r in rows] == [
        (token.user.pk, organisation.pk, world.case.pk, ["404", "GET"])
    ]


def test_no_row_for_a_page_read_an_unknown_address_or_someone_signed_out(world, client):
    last = _last()
    assert world.client("victim_side").get(f"/cases/{world.case.pk}/").status_code == 200
    assert world.client("perpetrator_side").get("/no-such-address/").status_code == 404
    assert client.get(f"/cases/{world.case.pk}/").status_code == 302
    assert list(_rows_after(last)) == []


def test_the_askers_own_officer_sees_the_refusal_and_the_other_sides_does_not(world):
    url = reverse("cases:add_protected", args=[world.case.pk])
    _asked(world, "perpetrator_side", "GET", url, 403)
    assert "access.refused" in world.client("dpo_pp").get("/audit/").content.decode()
    assert "access.refused" not in world.client("dpo").get("/audit/").content.decode()


def test_a_text_part_of_the_address_is_named_never_written(world):
    """A participant's personal link is a secret: a refused one is named by its part's name
    alone (a signed-in trainee asks a link that is not, or no longer, valid)."""
    secret = "PERSONAL-LINK-SECRET-5f0c"
    row = _asked(world, "trainee", "GET", reverse("training:personal", args=[secret]), 404)
    assert row.object_type == "url.training:personal"
    assert row.object_id == "token"
    assert secret not in " ".join([row.object_type, row.object_id, *row.fields])
