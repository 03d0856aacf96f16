"""Retention: the dry run changes nothing; applying anonymises exactly the listed cases."""

import datetime
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from asap.accounts.enums import OrganisationKind
from asap.cases import services as case_services
from asap.cases.models import JointCase, Person, ProtectedDetail, TimelineEntry
from asap.core import audit
from asap.core.models import AuditEvent, DataKey
from asap.core.scopes import named_scope
from asap.dataprotection.casedata import all_case_models
from asap.dataprotection.enums import RecordKind
from asap.dataprotection.models import Anonymisation, RetentionReport
from asap.dataprotection.services import retention
from asap.dataprotection.tasks import prepare_retention_reports
from asap.instruments.models import Answer
from tests.dataprotection.conftest import close_case
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def checksum() -> str:
    """Every row of every case-data table, as stored (ciphertext included)."""
    digest = hashlib.sha256()
    models = [JointCase, *[m.model for m in all_case_models()]]
    with named_scope("test"):
        for model in models:
            for row in model._default_manager.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def second_case(world):
    """Another case of the same shelter, closed only a year ago: not due."""
    vss = world.people["victim_side"]
    case = case_services.open_case(
        actor=vss,
        organisation=vss.active_memberships[0].organisation,
        perpetrator_name="Recent man",
        victim_name="RECENT-WOMAN-NAME",
    )
    close_case(case, years_ago=1)
    return case


def test_the_dry_run_changes_nothing_and_lists_only_due_cases(world, second_case, dpo_client):
    close_case(world.case, years_ago=6)
    before = checksum()

    response = dpo_client.post(
        reverse("dataprotection:retention"), {"action": "dry_run"}, follow=True
    )

    assert checksum() == before
    report = RetentionReport.objects.get()
    assert report.case_codes == [world.case.code]
    assert {item["kind"] for item in report.items} == set(RecordKind.values)
    page = response.content.decode()
    assert world.case.code in page
    assert second_case.code not in page
    assert [n for n, v in world.canaries.items() if v in page] == []
    assert AuditEvent.objects.filter(action="retention.dry_run").count() == 1


def test_applying_anonymises_exactly_the_listed_cases(world, second_case, dpo_client):
    close_case(world.case, years_ago=6)
    dpo_client.post(reverse("dataprotection:retention"), {"action": "dry_run"})
    report = RetentionReport.objects.get()
    with named_scope("test"):
        untouched = [
            repr(list(m.rows(second_case).order_by("pk").values_list())) for m in all_case_models()
        ]

    response = dpo_client.post(reverse("dataprotection:apply", args=[report.pk]), {"confirm": "on"})

    assert response.status_code == 302
    case = JointCase.objects.get(pk=world.case.pk)
    assert case.code == world.case.code  # the code and figures remain
    assert case.programme_start == datetime.date(2026, 1, 1)  # rounded to the month
    with named_scope("test"):
        assert set(Person.objects.filter(case=case).values_list("name", flat=True)) == {""}
        assert not ProtectedDetail.objects.filter(case=case).exists()
        assert set(
            TimelineEntry.objects.filter(case=case, kind="note").values_list("body", flat=True)
        ) == {""}
        # A one-word text answer goes (the definition says it is text); a choice stays.
        answers = dict(
            Answer.objects.filter(administration_id=world.ids["safe_place"]).values_list(
                "item", "value"
            )
        )
        assert answers == {"where": '""', "fear": '"yes"'}
        assert "RECENT-WOMAN-NAME" in [p.name for p in Person.objects.filter(case=second_case)]
        assert untouched == [
            repr(list(m.rows(second_case).order_by("pk").values_list())) for m in all_case_models()
        ]
    assert set(Anonymisation.objects.values_list("case_id", flat=True)) == {world.case.pk}
    # The end of retention destroys every key of the case; the other case keeps its own.
    keys = DataKey.objects.filter(case_id__in=[case.pk, second_case.pk])
    assert keys.filter(case_id=case.pk).exists()
    assert not keys.filter(case_id=case.pk, destroyed_at__isnull=True).exists()
    assert keys.filter(case_id=second_case.pk, destroyed_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="case.anonymised", case_id=case.pk).count() == len(
        RecordKind
    )
    assert AuditEvent.objects.filter(action="retention.applied").count() == 1
    assert audit.verify().ok
    # Applied once: the next dry run lists nothing more.
    next_report = retention.prepare_report(actor=None, organisation=None)
    assert next_report.items == []


def test_apply_needs_the_confirmation_and_applies_once(world, dpo_client):
    close_case(world.case, years_ago=6)
    dpo_client.post(reverse("dataprotection:retention"), {"action": "dry_run"})
    report = RetentionReport.objects.get()
    dpo_client.post(reverse("dataprotection:apply", args=[report.pk]), {})
    assert not Anonymisation.objects.exists()
    dpo_client.post(reverse("dataprotection:apply", args=[report.pk]), {"confirm": "on"})
    response = dpo_client.post(
        reverse("dataprotection:apply", args=[report.pk]), {"confirm": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "This dry run was already applied or superseded." in response.content.decode()
    assert AuditEvent.objects.filter(action="retention.applied").count() == 1


def test_a_report_read_before_another_apply_is_not_applied_twice(world):
    close_case(world.case, years_ago=6)
    report = retention.prepare_report(actor=None, organisation=None)
    stale = RetentionReport.objects.get(pk=report.pk)  # read by a second request meanwhile
    with named_scope("test"):
        before = dict(Person.objects.filter(case=world.case).values_list("pk", "version"))
    retention.apply_report(actor=None, report=report)
    # Open edit forms of the anonymised people are now stale: they cannot save names back.
    with named_scope("test"):
        after = dict(Person.objects.filter(case=world.case).values_list("pk", "version"))
    assert all(after[pk] > version for pk, version in before.items())
    with pytest.raises(retention.ReportNotPending):
        retention.apply_report(actor=None, report=stale)
    assert AuditEvent.objects.filter(action="retention.applied").count() == 1
    assert Anonymisation.objects.count() == len(RecordKind)


def test_a_longer_rule_of_any_agency_in_the_case_wins(world, dpo_client):
    close_case(world.case, years_ago=6)
    response = dpo_client.post(
        reverse("dataprotection:retention"),
        {"action": "rules", **dict.fromkeys(RecordKind.values, 3)},
    )
    assert response.status_code == 302
    pp = world.people["perpetrator_side"].active_memberships[0].organisation
    retention.set_rules(actor=None, organisation=pp, years={RecordKind.EPISODES: 10})
    report = retention.prepare_report(actor=None, organisation=None)
    assert {item["kind"] for item in report.items} == set(RecordKind.values) - {"episodes"}
    assert AuditEvent.objects.filter(action="retention.rules_changed").count() == 2


def test_the_rules_form_keeps_the_input_on_a_bad_value(dpo_client):
    values = {"action": "rules", **dict.fromkeys(RecordKind.values, 3), "people": "0"}
    response = dpo_client.post(reverse("dataprotection:retention"), values)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_command_is_a_dry_run_unless_told_to_apply(world):
    close_case(world.case, years_ago=6)
    before = checksum()
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert world.case.code in out.getvalue()
    assert "Nothing was changed" in out.getvalue()
    assert checksum() == before
    call_command("retention", "--apply", stdout=io.StringIO())
    with named_scope("test"):
        assert not ProtectedDetail.objects.filter(case=world.case).exists()
    assert audit.verify().ok


def test_the_weekly_task_prepares_a_dry_run_per_officers_organisation(world):
    close_case(world.case, years_ago=6)
    OrganisationFactory(kind=OrganisationKind.POLICE)  # no officer: no report
    before = checksum()
    # One per organisation with an officer: the shelter, the programme and the police.
    assert prepare_retention_reports.call(requeue=False) == 3
    vss = world.people["dpo"].active_memberships[0].organisation
    report = RetentionReport.objects.get(organisation=vss)
    assert report.case_codes == [world.case.code]
    assert checksum() == before
    assert json.dumps(report.items).count(world.case.code) == len(RecordKind)
    # The programme's and the police's dry runs name the case, count nothing, apply nothing.
    for other in RetentionReport.objects.exclude(organisation=vss):
        assert other.case_codes == [world.case.code]
        assert {item["records"] for item in other.items} == {None}
        assert retention.case_counts(other) == []


def test_an_open_case_is_never_due(world):
    TimelineEntry.objects.filter(case=world.case).update(
        at=timezone.now() - datetime.timedelta(days=3650)
    )
    assert retention.due_items(None, timezone.localdate()) == []


def test_without_a_definition_only_numbers_and_yes_no_answers_are_kept():
    from asap.dataprotection.casedata import keeps_figure

    for kept in ["3", "2.5", "true", "false", "null"]:
        assert keeps_figure(kept), kept
    # A single word may be a name or a place: without the definition it goes.
    for cleared in ['"Maria"', '"high"', '["Rome", "Milan"]', '{"a": 1}', "not json"]:
        assert not keeps_figure(cleared), cleared


def _due_case(world, name):
    vss = world.people["victim_side"]
    case = case_services.open_case(
        actor=vss,
        organisation=vss.active_memberships[0].organisation,
        perpetrator_name=f"{name} man",
        victim_name=f"{name} woman",
    )
    close_case(case, years_ago=6)
    return case


def test_the_dry_run_counts_do_not_grow_queries_with_the_cases(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from asap.dataprotection.services.retention import models_of

    close_case(world.case, years_ago=6)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as one:
        items = retention.due_items(None, today)
    # The counts are those of each case's own rows.
    for item in items:
        case = JointCase.objects.get(pk=item["case_id"])
        with named_scope("test"):
            records = sum(m.rows(case).count() for m in models_of(item["kind"]))
        assert item["records"] == records
    assert sum(item["records"] for item in items) > 0
    _due_case(world, "Second")
    _due_case(world, "Third")
    with CaptureQueriesContext(connection) as three:
        items = retention.due_items(None, today)
    assert len({item["case_id"] for item in items}) == 3
    assert len(three) == len(one)
