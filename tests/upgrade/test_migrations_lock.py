"""The migration lock: a released migration that changes or disappears fails the check.

`scripts/check_migrations.py` (what CI runs) is tried on a copy of the repository's
migrations and lock in a temporary folder, and on the real tree.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = "src/asap/migrations.lock"
CASES = "src/asap/cases/migrations"


def checker(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-I", str(ROOT / "scripts/check_migrations.py"), "--root", root, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def locked(root: Path) -> list[str]:
    return [line.split("  ")[1] for line in (root / LOCK).read_text().splitlines() if "  " in line]


@pytest.fixture
def copy(tmp_path):
    """The repository's migrations and lock, copied into a temporary folder."""
    for migration in ROOT.glob("src/asap/*/migrations/[0-9]*.py"):
        target = tmp_path / migration.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(migration, target)
    shutil.copy2(ROOT / LOCK, tmp_path / LOCK)
    return tmp_path


def test_the_check_passes_on_the_repository():
    result = checker(ROOT)
    assert result.returncode == 0, result.stdout
    *unreleased, summary = result.stdout.splitlines()
    assert summary.endswith("ok.")
    # A migration on disk is locked, or newer than the last release and reported as such.
    on_disk = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("src/asap/*/migrations/0*.py")}
    assert sorted(line.split(":")[0] for line in unreleased) == sorted(on_disk - set(locked(ROOT)))
    assert all(
        line.endswith("not yet released (locked when the next release is cut)")
        for line in unreleased
    )


def test_the_lock_names_release_0_1_0_first_and_every_one_of_its_files_exists():
    lines = (ROOT / LOCK).read_text().splitlines()
    assert next(line for line in lines if line.startswith("[")) == "[0.1.0]"
    assert all((ROOT / path).is_file() for path in locked(ROOT))
    assert f"{CASES}/0001_joint_case.py" in locked(ROOT)


def test_an_edited_or_deleted_migration_fails_the_check_one_line_each(copy):
    assert checker(copy).returncode == 0
    with (copy / CASES / "0001_joint_case.py").open("a") as migration:
        migration.write("# edited in place\n")
    (copy / "src/asap/core/migrations/0002_audit_head_row.py").unlink()
    result = checker(copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{CASES}/0001_joint_case.py: changed since release 0.1.0 "
        "(restore it and add a new migration instead)",
        "src/asap/core/migrations/0002_audit_head_row.py: released in 0.1.0, now missing "
        "(restore it)",
    ]


def test_a_missing_lock_or_a_new_migration_numbered_before_a_released_one_fails(copy):
    (copy / CASES / "0002_late_arrival.py").write_text("# numbered among released ones\n")
    result = checker(copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{CASES}/0002_late_arrival.py: not in the lock, "
        "but numbered before cases's last released migration"
    ]
    (copy / LOCK).unlink()
    assert checker(copy).stdout == f"{LOCK}: missing (write it with --update RELEASE)\n"


def test_update_locks_new_migrations_under_the_next_release(copy):
    new = f"{CASES}/0099_after_the_release.py"
    (copy / new).write_text("# a migration of the next release\n")
    before = checker(copy)
    assert before.returncode == 0
    assert f"{new}: not yet released (locked when the next release is cut)" in before.stdout
    # The new one, and those the repository already holds since the last release.
    unreleased = before.stdout.count(": not yet released")
    assert unreleased >= 1
    assert (
        f"Locked {unreleased} migration(s) under 0.2.0."
        in checker(copy, "--update", "0.2.0").stdout
    )
    lines = (copy / LOCK).read_text().splitlines()
    assert len(lines) - lines.index("[0.2.0]") - 1 == unreleased  # last section: the new ones
    assert new in locked(copy)
    after = checker(copy)
    assert after.returncode == 0
    assert "not yet released" not in after.stdout
    assert "(0.1.0, 0.2.0), ok." in after.stdout
    (copy / f"{CASES}/0100_later.py").write_text("# later still\n")
    assert "0.1.0 is an earlier release" in checker(copy, "--update", "0.1.0").stdout
    (copy / new).write_text("# edited after 0.2.0\n")
    assert checker(copy).stdout.startswith(f"{new}: changed since release 0.2.0")


def test_the_version_in_pyproject_is_the_last_release_of_the_lock():
    releases = [line for line in (ROOT / LOCK).read_text().splitlines() if line.startswith("[")]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"[{version}]" == releases[-1]
