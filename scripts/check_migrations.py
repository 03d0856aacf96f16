#!/usr/bin/env python3
"""Released migrations are history: check them against src/asap/migrations.lock.

The lock lists every migration file of each release with its SHA-256, under the release's
heading (`[0.1.0]`). A locked migration that changed or disappeared is a problem: one line
each, exit status 1 (add a new migration instead; see docs/releases.md). A migration not in
the lock is fine until the next release is cut and is reported as "not yet released", unless
its number comes before a released migration of its app (a release would have missed it).

    python3 scripts/check_migrations.py                 # check (CI runs this)
    python3 scripts/check_migrations.py --update 0.2.0  # lock the unlocked ones under 0.2.0

Standard library only: it runs before anything is installed.
"""

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

LOCK = Path("src/asap/migrations.lock")
MIGRATIONS = "src/asap/*/migrations/[0-9]*.py"
HEADER = """\
# The migration files of each release, with their SHA-256 (scripts/check_migrations.py).
# A migration listed here has been released: never edit it, add a new one (docs/releases.md).
"""
RELEASE = re.compile(r"^\[(?P<release>[^\]\s]+)\]$")
ENTRY = re.compile(r"^(?P<sha>[0-9a-f]{64})  (?P<path>\S+)$")


@dataclass
class Lock:
    releases: list[str]
    entries: dict[str, tuple[str, str]]  # path -> (sha256, release)
    problems: list[str]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_lock(lock_file: Path) -> Lock:
    lock = Lock([], {}, [])
    if not lock_file.exists():
        return lock
    for number, line in enumerate(lock_file.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if release := RELEASE.match(line):
            lock.releases.append(release["release"])
        elif (entry := ENTRY.match(line)) and lock.releases:
            if entry["path"] in lock.entries:
                lock.problems.append(f"{LOCK}:{number}: {entry['path']} is locked twice")
            lock.entries[entry["path"]] = (entry["sha"], lock.releases[-1])
        else:
            lock.problems.append(f"{LOCK}:{number}: neither a release heading nor a lock line")
    return lock


def _app_and_number(path: str) -> tuple[str, int]:
    parts = Path(path).parts
    return parts[-3], int(re.match(r"\d+", parts[-1])[0])


def check(root: Path, lock: Lock) -> tuple[list[str], list[str]]:
    """The problems (locked files changed or missing, unlocked files numbered before a
    released one) and the files not yet released."""
    problems = list(lock.problems)
    on_disk = sorted(path.relative_to(root).as_posix() for path in root.glob(MIGRATIONS))
    for path, (locked_sha, release) in lock.entries.items():
        if not (root / path).is_file():
            problems.append(f"{path}: released in {release}, now missing (restore it)")
        elif sha256(root / path) != locked_sha:
            problems.append(
                f"{path}: changed since release {release} "
                "(restore it and add a new migration instead)"
            )
    released: dict[str, int] = {}
    for path in lock.entries:
        app, number = _app_and_number(path)
        released[app] = max(released.get(app, 0), number)
    unreleased = [path for path in on_disk if path not in lock.entries]
    for path in unreleased:
        app, number = _app_and_number(path)
        if number <= released.get(app, 0):
            problems.append(
                f"{path}: not in the lock, but numbered before {app}'s last released migration"
            )
    return problems, unreleased


def update(lock_file: Path, lock: Lock, release: str, unreleased: list[str], root: Path) -> str:
    """Append the unlocked migrations under `release` (a new one, or the last one while it is
    still being cut); return what was done."""
    if release in lock.releases and release != lock.releases[-1]:
        return f"{release} is an earlier release: its migrations are closed"
    if not unreleased:
        return "Every migration is locked already."
    lines = [] if lock_file.exists() else [HEADER]
    if release not in lock.releases:
        lines.append(f"[{release}]\n")
    lines += [f"{sha256(root / path)}  {path}\n" for path in unreleased]
    with lock_file.open("a") as out:
        out.writelines(lines)
    return f"Locked {len(unreleased)} migration(s) under {release}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", metavar="RELEASE", help="lock the unlocked migrations")
    parser.add_argument(
        "--root", type=Path, default=Path(__file__).resolve().parents[1], help="the repository"
    )
    args = parser.parse_args(argv)
    lock_file = args.root / LOCK
    if not lock_file.exists() and not args.update:
        print(f"{LOCK}: missing (write it with --update RELEASE)")
        return 1
    lock = read_lock(lock_file)
    problems, unreleased = check(args.root, lock)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    if args.update:
        print(update(lock_file, lock, args.update, unreleased, args.root))
        return 0
    for path in unreleased:
        print(f"{path}: not yet released (locked when the next release is cut)")
    print(f"Migrations: {len(lock.entries)} locked ({', '.join(lock.releases) or 'none'}), ok.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
