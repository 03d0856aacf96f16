"""The benchmark's smoke test: seed 50 cases, measure every page twice, check the JSON.

No timing is asserted: the figures depend on the machine. What is asserted is that every
page answered as expected (the run raises otherwise), the shape of the results, and that
the seed wrote what the pages need."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from asap.accounts.enums import Role
from asap.accounts.middleware import SEEN_KEY
from asap.bench import breakdown, run, seed, shape
from asap.cases.models import JointCase, Person
from asap.core import datakeys
from asap.core.audit import verify
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.evaluation import queries
from asap.evaluation.models import DashboardFigures, Network
from asap.evaluation.period import Period
from asap.instruments.models import Answer
from tests.conftest import sign_in
from tests.factories import persona

pytestmark = pytest.mark.django_db


def test_seed_and_run_write_the_documented_json(tmp_path, capsys):
    call_command("bench", "seed", "--cases", "50")
    path = tmp_path / "results.json"
    call_command("bench", "run", "--json", str(path), "--samples", "2", "--warmup", "0")

    results = json.loads(path.read_text())
    assert set(results) == {"cases", "database", "floor", "pages", "peak_rss_mb"}
    assert results["cases"] == 50
    assert results["database"] in {"sqlite", "postgresql"}
    assert set(results["floor"]) == {"p50_ms", "p95_ms"}
    expected = {
        "login",
        "dashboard_case_worker",
        "dashboard_coordinator",
        "case_list",
        "case_list_filtered",
        "case_list_search",
        "case_page",
        "risk_form_get",
        "risk_form_post",
        "action_update",
        "minutes_pdf",
        "work_inbox",
        "name_search",
        "name_search_coordinator",
        "attachment_download",
        "programme_page",
        "programme_page_victim_side",
        "subject_access_export",
        "evaluation_dashboard",
        "network_dashboard",
        "network_csv",
        "api_case_list",
        "api_case_detail",
    }
    assert expected <= set(results["pages"])
    for name, page in results["pages"].items():
        assert set(page) == {"p50_ms", "p95_ms", "queries"}, name
        assert 0 < page["p50_ms"] <= page["p95_ms"], name
    assert results["pages"]["case_page"]["queries"] > 0
    assert results["peak_rss_mb"] > 0
    assert "p95/floor" in capsys.readouterr().out
    # The POSTs were rolled back: the officer's request and the searches left no trace
    # (the GETs' read rows stay, as any reading does).
    from asap.dataprotection.models import SubjectRequest

    assert not SubjectRequest.objects.exists()
    rolled_back = ["person.subject_access", "case.name_search", "instrument.answer"]
    assert not AuditEvent.objects.filter(action__in=rolled_back).exists()
    assert AuditEvent.objects.filter(action="attachment.read").exists()

    # Where a page's time goes, on the same data: the floor first, then the pages asked for.
    rows = breakdown.breakdown(["case_page", "risk_form_post"], samples=2, warmup=0)
    assert [row["page"] for row in rows] == ["floor", "case_page", "risk_form_post"]
    for row in rows:
        assert row["queries"] > 0, row
        assert 0 < row["sql_ms"] < row["total_ms"], row
        assert 0 < row["compile_ms"] < row["total_ms"], row
    assert rows[1]["queries"] == results["pages"]["case_page"]["queries"]
    assert "| case_page |" in breakdown.table(rows)
    assert not AuditEvent.objects.filter(action="instrument.answer").exists()  # rolled back
    with pytest.raises(ValueError, match="No such page: nowhere"):
        breakdown.breakdown(["nowhere"], samples=1, warmup=0)


def test_seed_writes_encrypted_fictional_data_and_one_audit_row():
    counts = seed.seed(50)

    assert JointCase.objects.count() == 50 == counts["cases_jointcase"]
    children = sum(shape.CasePlan(index=i, regions=1).has_child for i in range(50))
    assert 0 < children < 50
    case = JointCase.objects.get(code=shape.case_code(shape.bench_case_index(50)))
    with named_scope("test"):
        assert Person.objects.count() == 2 * 50 + children
        assert Answer.objects.count() == 50 * 50
        woman = Person.objects.get(case=case, role="victim")
    assert woman.name in {f"{a} {b}" for a in shape_names("WOMEN") for b in shape_names("SURNAMES")}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM cases_person WHERE id = %s", [woman.pk])
        stored = cursor.fetchone()[0]
    assert woman.name not in stored
    assert datakeys.unseal(stored) == woman.name
    assert AuditEvent.objects.filter(action="bench.seeded").count() == 1
    assert AuditEvent.objects.count() == 1
    assert verify().ok
    # The dashboards' figures are counted once at the end: five organisations, one network.
    network = Network.objects.get()
    kept = DashboardFigures.objects.get(network=network)
    assert DashboardFigures.objects.count() == 6
    assert kept.counts == queries.counts_for(Period.current_year(), network=network)


def shape_names(name):
    from asap.bench import pools

    return getattr(pools, name)


def test_seed_refuses_a_database_that_holds_cases():
    seed.seed(5)

    with pytest.raises(CommandError, match="already holds cases"):
        call_command("bench", "seed", "--cases", "5")
    assert JointCase.objects.count() == 5


def test_run_refuses_a_database_that_was_not_seeded():
    with pytest.raises(CommandError, match="bench seed"):
        call_command("bench", "run")


def test_the_floor_is_for_signed_in_users_and_shows_only_their_own_row(vss):
    client = Client()
    assert client.get("/bench/floor/").status_code == 302

    user, other = persona(Role.CASE_WORKER, vss), persona(Role.CASE_WORKER, vss)
    sign_in(client, user)
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content.decode() == user.email
    assert other.email not in response.content.decode()


def test_percentiles():
    values = [float(n) for n in range(1, 101)]
    assert run.percentile(values, 0.5) == 50
    assert run.percentile(values, 0.95) == 95
    assert run.percentile([3.0], 0.95) == 3


def test_the_benchmark_sends_its_e_mails_nowhere(settings, capsys):
    """`bench run` signs in from new browsers; the notices must not fill the terminal (the
    development settings print e-mails to it)."""
    from django.core import mail

    from asap.bench.management.commands.bench import quiet_mail

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    mail.send_mail("Printed subject", "Printed body.", None, ["someone@example.org"])
    assert "Printed subject" in capsys.readouterr().out  # the control: the console prints it
    with quiet_mail():
        mail.send_mail("Quiet subject", "Quiet body.", None, ["someone@example.org"])
    assert "Quiet subject" not in capsys.readouterr().out


def test_a_once_a_minute_write_is_not_counted_as_the_page_s(vss):
    user = persona(Role.CASE_WORKER, vss)
    client = Client()
    sign_in(client, user)
    page = run.Page("floor", "worker", "/bench/floor/")
    within_the_minute = run.count_queries(page, client)
    # The session's write made due (its last write more than a minute ago): the next request
    # writes it; counted on its own, that request has more queries than the page's own.
    session = client.session
    session[SEEN_KEY] = session[SEEN_KEY] - 3600
    session.save()
    with CaptureQueriesContext(connection) as due:
        client.get("/bench/floor/")
    assert len(due) > within_the_minute
    session = client.session
    session[SEEN_KEY] = session[SEEN_KEY] - 3600
    session.save()
    assert run.count_queries(page, client) == within_the_minute


def test_a_post_rolled_back_does_not_carry_the_session_s_write_again_and_again(vss):
    user = persona(Role.CASE_WORKER, vss)
    client = Client()
    sign_in(client, user)
    page = run.Page("dismiss", "worker", "/work/dismiss/", {"key": "", "reason": ""}, 400)
    own = run.count_queries(page, client)

    def make_the_write_due() -> None:
        session = client.session
        session[SEEN_KEY] = session[SEEN_KEY] - 3600
        session.save()

    # Rolled back, the session's write is undone with the POST: every request does it again.
    make_the_write_due()
    for _ in range(2):
        with CaptureQueriesContext(connection) as posted:
            run._request(client, page)
        assert len(posted) > own
    # The run settles it first with a GET of its own, untimed and uncounted.
    make_the_write_due()
    assert run.count_queries(page, client) == own
