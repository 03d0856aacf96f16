"""Upgrading the previous state of the platform: its demo database, `asap migrate`, the pages.

The fixtures are the demo database as the code of commit d8779fe (the last state of `main`
before release 0.1.0) built it, made by `scripts/release_fixture.sh` (docs/releases.md): an
SQLite file and a plain `pg_dump` of the same demo on PostgreSQL. The suite's engine decides
which one is loaded, into a fresh database; `asap migrate` brings it to today's schema; then
each of its demo personas signs in and opens the home page, the case list and, for each case
the list links to, the case page, the timeline, the assessments and each instrument
administered, the plan and the meetings.
"""

import gzip
import json
import shutil
import subprocess
from pathlib import Path

from tests.upgrade.databases import ROOT, fresh_database, on_postgresql, run_script

FIXTURE = ROOT / "tests/upgrade/fixtures/demo-d8779fe"
# The demo's personas in the fixture and the cases each one's case list links to.
CASES = {
    "admin@demo.asap": [],
    "agency.worker@demo.asap": [],
    "child.lead@demo.asap": ["JC-DEMO-0001"],
    "coordinator@demo.asap": ["JC-DEMO-0001", "JC-DEMO-0002"],
    "dpo@demo.asap": [],
    "new.worker@demo.asap": [],
    "operator@demo.asap": [],
    "partner.contact@demo.asap": ["JC-DEMO-0001"],
    "pp.worker@demo.asap": ["JC-DEMO-0001", "JC-DEMO-0002"],
    "trainee@demo.asap": [],
    "trainer@demo.asap": [],
    "vss.coordinator@demo.asap": ["JC-DEMO-0001"],
    "vss.worker@demo.asap": ["JC-DEMO-0001"],
}
# Refused by design: the case list without a casework role; a coordinator reads the case
# page (the overview) but not a case's records.
NO_CASE_LIST = {"admin@demo.asap", "dpo@demo.asap", "operator@demo.asap", "trainee@demo.asap"}
NO_CASE_LIST |= {"trainer@demo.asap"}
COORDINATORS = {"coordinator@demo.asap", "vss.coordinator@demo.asap"}


def expected_status(email: str, url: str) -> int:
    if url == "/cases/" and email in NO_CASE_LIST:
        return 403
    if email in COORDINATORS and url.count("/") > 3:  # /cases/<pk>/<page>/
        return 403
    return 200


def load_fixture(url: str) -> None:
    """The fixture's database at `url` (an empty one, of the suite's engine)."""
    if url.startswith("sqlite:"):
        with (
            gzip.open(f"{FIXTURE}.sqlite3.gz") as packed,
            open(url[len("sqlite:///") :], "wb") as db,
        ):
            shutil.copyfileobj(packed, db)
        return
    loaded = subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
        input=gzip.decompress(Path(f"{FIXTURE}.postgresql.sql.gz").read_bytes()),
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr.decode()[-2000:]


def test_the_previous_demo_database_upgrades_and_every_persona_opens_the_main_pages(tmp_path):
    with fresh_database(tmp_path) as url:
        load_fixture(url)
        result = json.loads(
            run_script("from tests.upgrade.crawl import main; main()", url, tmp_path)
        )
    engine = "PostgreSQL" if on_postgresql() else "SQLite"
    print(
        f"{engine}: migrate {result['migrate_seconds']} s; crawl {result['crawl_seconds']} s "
        f"({len(result['personas'])} sign-ins, {result['sign_in_seconds']} s; "
        f"{result['pages']} pages)"
    )
    personas = result["personas"]
    assert {email: persona["cases"] for email, persona in personas.items()} == CASES
    unexpected = {
        (email, url): status
        for email, persona in personas.items()
        for url, status in persona["pages"].items()
        if status != expected_status(email, url)
    }
    assert unexpected == {}
    # The crawl reached every kind of page: the instruments administered in the first case.
    assert {"/cases/1/assessments/1/", "/cases/1/plan/", "/cases/2/meetings/"} <= set(
        personas["pp.worker@demo.asap"]["pages"]
    )
    assert all(persona["sign_in"] == [302, 302] for persona in personas.values())
