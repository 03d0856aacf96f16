"""The work folder of backups: no readable copy of the database outlives a run.

`asap backup` runs as a subprocess against a SQLite file holding a canary in clear (an
organisation's name), paused after its snapshot by the test-only hook
ASAP_BACKUP_TEST_PAUSE_AFTER_SNAPSHOT. Killed with SIGKILL, it leaves the snapshot readable
in its work folder (shown, so the test can fail); the next run removes it and says so, and
no file under the data folder or the system's temporary folder holds the canary in clear.
Stopped with SIGTERM, SIGINT or SIGHUP, it removes the folder itself and exits non-zero.
"""

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from asap.core import backup_work
from tests.core.test_backup import ROOT, _env, asap, script

SEED = """
import django; django.setup()
import sys
from django.core.management import call_command
from asap.accounts import services
call_command("migrate", verbosity=0)
call_command("createcachetable")
services.create_organisation(actor=None, name=sys.argv[1], kind="other", country="IT",
                             language="it")
"""
STALE = "Removed a stale backup work folder left by an interrupted run: "


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A migrated SQLite database holding a canary unique to this run (so that no other
    test's files can match it), made once: (file, canary)."""
    canary = f"WORK-CANARY-{uuid.uuid4().hex}"
    base = tmp_path_factory.mktemp("seeded")
    script(f"sqlite:///{base / 'source.sqlite3'}", base / "data", SEED, canary)
    return base / "source.sqlite3", canary


@pytest.fixture
def live(seeded, tmp_path):
    """A copy of the seeded database outside the data folder: (URL, data folder, canary,
    the live database's folder)."""
    template, canary = seeded
    folder = tmp_path / "live"
    folder.mkdir()
    shutil.copyfile(template, folder / "source.sqlite3")
    return f"sqlite:///{folder / 'source.sqlite3'}", tmp_path / "data", canary, folder


def _start_paused_backup(url: str, data: Path, archive: Path) -> subprocess.Popen:
    env = _env(url, data, None) | {backup_work.TEST_PAUSE_ENV: "120"}
    return subprocess.Popen(
        [sys.executable, "-m", "asap.cli", "backup", str(archive)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _snapshot_holding(data: Path, canary: str, process: subprocess.Popen) -> Path:
    """Wait until the paused backup's snapshot is in its work folder and holds the canary."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for snapshot in data.glob("backup-work-*/db.sqlite3"):
            if canary.encode() in snapshot.read_bytes():
                return snapshot
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the backup's snapshot never appeared in the data folder")


def _files_holding(root: Path, needle: bytes, skip: Path | None = None) -> list[Path]:
    """Every readable regular file under `root` (not under `skip`) that contains `needle`."""
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if (skip and path.is_relative_to(skip)) or path.is_symlink():
                continue
            try:
                with path.open("rb") as handle:
                    tail = b""
                    for block in iter(lambda h=handle: h.read(1 << 20), b""):
                        if needle in tail + block:
                            found.append(path)
                            break
                        tail = block[-len(needle) :]
            except OSError:
                continue
    return found


def test_sigkill_during_backup_leaves_no_readable_copy_after_the_next_run(live, seeded, tmp_path):
    url, data, canary, live_folder = live
    process = _start_paused_backup(url, data, tmp_path / "killed.backup")
    snapshot = _snapshot_holding(data, canary, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    # What SIGKILL leaves: the whole database, readable, in the work folder.
    work = snapshot.parent
    assert canary.encode() in snapshot.read_bytes()
    assert work.parent == data
    assert work.stat().st_mode & 0o777 == 0o700
    assert not list(tmp_path.glob("killed.backup*"))

    done = asap(url, data, "backup", str(tmp_path / "next.backup"))

    assert done.returncode == 0, done.stderr
    assert f"{STALE}{work}\n" in done.stdout
    assert done.stdout.count(STALE) == 1
    assert not work.exists()
    assert not list(data.glob("*backup-work-*"))
    # The canary is in clear nowhere but in the live database (and the seeded original).
    assert _files_holding(live_folder, canary.encode()) != []
    assert _files_holding(data, canary.encode()) == []
    everywhere = _files_holding(Path(tempfile.gettempdir()), canary.encode(), skip=live_folder)
    assert everywhere == [seeded[0]]


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda signum: signum.name
)
def test_a_stopped_backup_removes_its_work_folder_and_fails(live, tmp_path, signum):
    url, data, canary, _live_folder = live
    process = _start_paused_backup(url, data, tmp_path / "stopped.backup")
    work = _snapshot_holding(data, canary, process).parent
    process.send_signal(signum)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert f"Interrupted by {signum.name}: the work folder was removed" in err
    assert not work.exists()
    assert not list(data.glob("*backup-work-*"))
    assert not list(tmp_path.glob("stopped.backup*"))


def test_restore_removes_stale_folders_first_and_leaves_a_running_ones(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    stale = tmp_path / "backup-work-4000000-dead1234"
    stale.mkdir(mode=0o700)
    (stale / backup_work.LOCK).touch()  # its run is gone: nobody holds the lock
    (stale / "db.sqlite3").write_text("a killed run's snapshot")
    half_made = tmp_path / ".backup-work-4000000-dead5678"  # killed while being made
    half_made.mkdir(mode=0o700)
    out = io.StringIO()
    with backup_work.work_folder() as running:
        assert running.parent == tmp_path
        assert running.name.startswith(f"backup-work-{os.getpid()}-")
        assert running.stat().st_mode & 0o777 == 0o700
        with pytest.raises(CommandError, match="Cannot read"):
            call_command("restore", str(tmp_path / "missing.backup"), stdout=out)
        assert running.is_dir()
    assert out.getvalue().splitlines() == [f"{STALE}{stale}", f"{STALE}{half_made}"]
    assert not stale.exists()
    assert not half_made.exists()
    assert not running.exists()


def test_the_work_folder_is_removed_when_the_run_fails(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    made = []

    def run() -> None:
        with backup_work.work_folder() as work:
            (work / "db.sqlite3").write_text("plaintext")
            made.append(work)
            raise RuntimeError("the snapshot failed")

    with pytest.raises(RuntimeError, match="the snapshot failed"):
        run()
    assert made[0].parent == tmp_path / "data"
    assert not made[0].exists()
    assert list((tmp_path / "data").iterdir()) == []
