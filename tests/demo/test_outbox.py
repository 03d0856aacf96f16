"""The demo's outbox: e-mails become files under ASAP_DATA_DIR, read at /demo/outbox/, a page
that is not routed (404) unless ASAP_DEMO is on; ASAP_DEMO is refused in production and
flagged by the checks with DEBUG off or for a deployment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks, mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import Resolver404, resolve

import asap.urls  # noqa: F401 - imported now, with ASAP_DEMO off, as a deployment imports it
from asap.demo import outbox
from tests.once import one_database

SUBJECT = "Planted subject: the risk review is due"
BODY = "Planted body: JC-TEST-0042 has a review on Monday."


@pytest.fixture
def demo_outbox(settings, tmp_path):
    folder = tmp_path / "demo-outbox"
    settings.ASAP_DEMO = True
    settings.DEMO_OUTBOX_DIR = folder
    settings.MAILERS = {
        "default": {
            "BACKEND": "asap.demo.outbox.OutboxBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    settings.ROOT_URLCONF = "tests.demo.urlconf"
    return folder


def test_the_outbox_is_not_routed_with_the_normal_settings(client, settings):
    assert settings.ASAP_DEMO is False
    with pytest.raises(Resolver404):
        resolve("/demo/outbox/")
    assert client.get("/demo/outbox/").status_code == 404


def test_each_e_mail_is_one_file_read_back_newest_first(demo_outbox):
    mail.send_mail("First", "The first body.", None, ["one@example.org"])
    mail.send_mail(SUBJECT, BODY, None, ["two@example.org"])
    assert len(list(demo_outbox.glob("*.eml"))) == 2
    newest, oldest = outbox.messages()
    assert (newest.subject, newest.to, newest.body.strip()) == (SUBJECT, "two@example.org", BODY)
    assert oldest.subject == "First"
    assert newest.date is not None
    assert outbox.message(newest.name) == newest
    # Only the outbox's own file names: nothing else in or around the folder is read.
    assert outbox.message("../demo-outbox/" + newest.name) is None
    assert outbox.message("settings") is None


@pytest.mark.django_db
def test_the_outbox_pages_list_and_show_the_messages(client, demo_outbox):
    mail.send_mail(SUBJECT, BODY, None, ["vss.worker@demo.asap"])
    listing = client.get("/demo/outbox/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert SUBJECT in page
    assert "vss.worker@demo.asap" in page
    assert BODY not in page  # the body is on the message's own page
    (name,) = [m.name for m in outbox.messages()]
    assert f"/demo/outbox/{name}/" in page
    detail = client.get(f"/demo/outbox/{name}/")
    assert detail.status_code == 200
    assert BODY in detail.content.decode()
    assert client.get("/demo/outbox/20260101-000000-000000-00000000/").status_code == 404


@pytest.mark.django_db
def test_the_views_answer_404_when_the_demo_is_off_even_if_routed(client, demo_outbox, settings):
    mail.send_mail(SUBJECT, BODY, None, ["vss.worker@demo.asap"])
    (name,) = [m.name for m in outbox.messages()]
    assert client.get(f"/demo/outbox/{name}/").status_code == 200
    settings.ASAP_DEMO = False
    assert client.get("/demo/outbox/").status_code == 404
    assert client.get(f"/demo/outbox/{name}/").status_code == 404


def _errors(*, deploy: bool) -> set[str]:
    found = checks.run_checks(tags=[checks.Tags.security], include_deployment_checks=deploy)
    return {message.id for message in found if str(message.id).startswith("asap.E90")}


def test_the_checks_flag_the_demo_with_debug_off_and_for_a_deployment(settings):
    settings.ASAP_DEMO = False
    settings.DEBUG = False
    assert _errors(deploy=True) == set()
    settings.ASAP_DEMO = True
    assert _errors(deploy=False) == {"asap.E901"}
    assert _errors(deploy=True) == {"asap.E901", "asap.E902"}
    settings.DEBUG = True
    assert _errors(deploy=False) == set()
    assert _errors(deploy=True) == {"asap.E902"}


def test_production_refuses_the_demo(tmp_path: Path):
    script = "import django; django.setup()"
    env = {**os.environ, "ASAP_ENV": "production", "ASAP_DEMO": "true"}
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode != 0
    assert "ASAP_DEMO must be off in production" in run.stderr
    assert ImproperlyConfigured.__name__ in run.stderr


@one_database  # `asap demo` on a SQLite database of its own
def test_asap_demo_prints_the_accounts_and_not_the_e_mails(tmp_path: Path):
    """Through the `asap` command, as a newcomer runs it: the demo data's e-mails (the
    agreement's sign-off requests among them) are in the outbox folder, not in the output."""
    data = tmp_path / "data"
    env = {
        **os.environ,
        "ASAP_DATA_DIR": str(data),
        "ASAP_AUDIT_ANCHOR_FILE": str(tmp_path / "anchors.jsonl"),
        "ASAP_ERASURE_LEDGER_FILE": str(tmp_path / "erasure-ledger.jsonl"),
    }
    for name in ("DATABASE_URL", "ASAP_DEMO", "ASAP_EMAIL_URL"):
        env.pop(name, None)
    run = subprocess.run(
        [sys.executable, "-m", "asap.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    printed = run.stdout + run.stderr
    assert "pp.worker@demo.asap" in printed
    assert "asap-demo-2026" in printed
    assert "http://127.0.0.1:8000/demo/outbox/" in printed
    assert str(data / "demo-outbox") in printed
    files = list((data / "demo-outbox").glob("*.eml"))
    contents = "\n".join(path.read_text() for path in files)
    planted = "An agreement awaits your sign-off"
    assert planted in contents  # the demo data sent it ...
    assert planted not in printed  # ... and the terminal does not show it
    assert "Subject:" not in printed
    for path in files:
        assert outbox.read(path).body.strip().splitlines()[0] not in printed
