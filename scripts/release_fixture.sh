#!/usr/bin/env bash
# Make the upgrade fixtures of a release: the demo database as that release's own code builds
# it, on SQLite and on PostgreSQL, for tests/upgrade/test_upgrade.py (docs/releases.md).
#
#   bash scripts/release_fixture.sh v0.1.0      # or a commit: bash scripts/release_fixture.sh d8779fe
#
# Writes tests/upgrade/fixtures/demo-<name>.sqlite3.gz and demo-<name>.postgresql.sql.gz.
# Needs git, gzip, and PostgreSQL's createdb, dropdb and pg_dump for the server at
# PGHOST:PGPORT (default 127.0.0.1:5432, user postgres). Uses the repository's .venv when the
# release's pyproject.toml has the same dependencies, else a virtual environment of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: bash scripts/release_fixture.sh <tag or commit>" >&2; exit 2; }
rev="$1"
name="$(echo "$rev" | tr -c 'A-Za-z0-9.\n-' '_')"
commit="$(git rev-parse --verify "$rev^{commit}")"
repo="$(pwd)"
out="$repo/tests/upgrade/fixtures"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
work="$(mktemp -d /tmp/asap-release-fixture.XXXXXX)"
database="asap_fixture_$$"
cleanup() {
  dropdb --if-exists "$database" 2>/dev/null || true
  git -C "$repo" worktree remove --force "$work/tree" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git worktree add --detach --quiet "$work/tree" "$commit"
python="$repo/.venv/bin/python"
if ! git diff --quiet "$commit" HEAD -- pyproject.toml; then
  echo "The release's dependencies differ from today's: installing them into $work/venv …"
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q "$work/tree"
  python="$work/venv/bin/python"
fi

# The release's code, its own defaults (the demo's development keys), nothing of this shell's.
demo() {
  env -i PATH="$PATH" HOME="$work" LANG=C.UTF-8 PYTHONPATH="$work/tree/src" \
    DATABASE_URL="$1" ASAP_DATA_DIR="$work/data" \
    ASAP_AUDIT_ANCHOR_FILE="$work/audit-anchors.jsonl" \
    "$python" -c 'import sys, asap; assert asap.__file__.startswith(sys.argv[1]), asap.__file__
from asap.cli import main; sys.argv = ["asap", "demo", "--no-serve"]; main()' "$work/tree/src" \
    >/dev/null
}

mkdir -p "$out"
echo "SQLite: the demo of $rev ($commit) …"
demo "sqlite:///$work/demo.sqlite3"
[ ! -s "$work/demo.sqlite3-wal" ] || { echo "The SQLite file was not checkpointed." >&2; exit 1; }
gzip -9 -n -c "$work/demo.sqlite3" >"$out/demo-$name.sqlite3.gz"

echo "PostgreSQL: the demo of $rev in a fresh database $database …"
createdb "$database"
demo "postgres://$PGUSER@$PGHOST:$PGPORT/$database"
pg_dump --no-owner --no-privileges "$database" | gzip -9 -n >"$out/demo-$name.postgresql.sql.gz"

ls -l "$out/demo-$name".*
