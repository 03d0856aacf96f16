"""Encrypted backups: `asap backup PATH` and `asap restore PATH`.

An archive is a gzipped tar (the database snapshot, the uploaded files under MEDIA_ROOT and a
manifest of per-table row counts and checksums taken from the snapshot) sealed with AES-256-GCM
in 1 MiB chunks under a key derived from ASAP_BACKUP_KEY (the format: backup_archive.py). A
restore authenticates and unpacks the whole archive before it touches the target, so a
modified byte or a wrong key changes nothing. Databases: SQLite through the online backup API,
PostgreSQL through `pg_dump --format=custom` inside an exported snapshot (checksums are taken
in that same snapshot). No command line carries the password: it goes in PGPASSWORD.

The snapshot and the unpacked archive lie only in a work folder of the data directory, removed
on every way out, signals included (backup_work.py); each archive carries a copy of the
erasure ledger, whose keys a restore destroys again (backup_ledger.py).
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection
from django.utils import timezone

from asap.core import ledger
from asap.core.backup_archive import (
    CHUNK,
    DEVELOPMENT_BACKUP_KEY,
    FORMAT,
    KEY_ENV,
    MAGIC,
    BackupError,
    OpeningReader,
    SealingWriter,
    backup_key,
    generate_key,
    open_chunks,
    read_header,
)
from asap.core.backup_db import (
    postgres_dump,
    postgres_restore,
    sqlite_checksums,
    sqlite_restore,
    sqlite_snapshot,
    target_tables,
)
from asap.core.backup_ledger import MEMBER as LEDGER_MEMBER
from asap.core.backup_ledger import Reapplied, archive_copy, reapply
from asap.core.backup_work import pause_for_tests, remove_stale, work_folder

__all__ = [
    "DEVELOPMENT_BACKUP_KEY",
    "KEY_ENV",
    "MAGIC",
    "BackupError",
    "backup_key",
    "check",
    "create",
    "generate_key",
    "remove_stale",
    "restore",
]

VENDORS = ("sqlite", "postgresql")
DB_FILES = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.dump"}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def app_version() -> str:
    try:
        return metadata.version("asap-platform")
    except metadata.PackageNotFoundError:
        return "unknown"


def vendor() -> str:
    if connection.vendor not in VENDORS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


@dataclass
class Summary:
    vendor: str
    tables: int
    rows: int
    files: int
    created_at: str = ""
    app_version: str = ""
    table_rows: dict[str, int] | None = None
    ledger_entries: int = 0
    reapplied: Reapplied | None = None


def create(path: Path) -> Summary:
    """Write an encrypted archive of the database and MEDIA_ROOT to `path` (must not exist).
    The archive appears only once complete. Side effect: audit row `backup.create`."""
    key, kind = backup_key(), vendor()
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name.")
    partial = path.with_name(path.name + ".partial")
    if partial.exists():
        raise BackupError(f"{partial} exists (an interrupted backup?); remove it first.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    with work_folder() as work:
        dump = work / Path(DB_FILES[kind]).name
        created = timezone.now().isoformat()  # just before the snapshot
        if kind == "sqlite":
            sqlite_snapshot(Path(settings.DATABASES["default"]["NAME"]), dump)
            tables = sqlite_checksums(dump)
        else:
            tables = postgres_dump(settings.DATABASES["default"], dump)
        pause_for_tests()
        erasure_ledger = archive_copy()  # after the snapshot: every key it may still hold
        media = {str(p.relative_to(settings.MEDIA_ROOT)): p for p in _media_files()}
        manifest = {
            "format": FORMAT,
            "vendor": kind,
            "created_at": created,
            "app_version": app_version(),
            "database": {"file": DB_FILES[kind], "sha256": sha256_file(dump)},
            "tables": tables,
            "media": {name: sha256_file(file) for name, file in media.items()},
            "erasure_ledger": {
                "file": LEDGER_MEMBER,
                "sha256": hashlib.sha256(erasure_ledger).hexdigest(),
                "entries": len(ledger.parse(erasure_ledger.decode())),
            },
        }
        header = {
            "format": FORMAT,
            "vendor": kind,
            "created_at": created,
            "app_version": app_version(),
            "django": django.get_version(),
            "cipher": "AES-256-GCM, HKDF-SHA256, 1 MiB chunks, gzip tar",
        }
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                writer = SealingWriter(out, key, header)
                with tarfile.open(fileobj=writer, mode="w|gz") as tar:
                    tar.add(dump, arcname=DB_FILES[kind])
                    for name, file in media.items():
                        tar.add(file, arcname=f"media/{name}")
                    _add_bytes(tar, LEDGER_MEMBER, erasure_ledger)
                    _add_bytes(
                        tar,
                        "manifest.json",
                        json.dumps(manifest, indent=1, sort_keys=True).encode(),
                    )
                writer.finish()
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, path)
        except OSError as error:
            raise BackupError(f"Cannot write {path}: {error.strerror or error}.") from None
        finally:
            partial.unlink(missing_ok=True)
    rows = sum(table["rows"] for table in tables.values())
    _audit("backup.create", tables=len(tables), rows=rows, files=len(media))
    return Summary(
        kind,
        len(tables),
        rows,
        len(media),
        created,
        manifest["app_version"],
        ledger_entries=manifest["erasure_ledger"]["entries"],
    )


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(content))


def _audit(action: str, **counts: int) -> None:
    from django.db import transaction

    from asap.core import audit

    with transaction.atomic():
        audit.record(
            actor=None,
            action=action,
            object_type="backup",
            fields=[f"{name}:{value}" for name, value in counts.items()],
        )


def open_archive(path: Path, work: Path) -> dict[str, Any]:
    """Authenticate and unpack the whole archive into `work`; check every file against the
    manifest. Returns the manifest. Raises BackupError before anything else is touched."""
    key = backup_key()
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    with stream:
        reader = OpeningReader(open_chunks(stream, key))
        try:
            with tarfile.open(fileobj=reader, mode="r|gz") as tar:
                tar.extractall(work, filter="data")
            reader.drain()
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"The archive's content is damaged ({error}).") from None
    try:
        manifest = json.loads((work / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError("The archive has no readable manifest; nothing was restored.") from None
    database = work / manifest["database"]["file"]
    if not database.is_file() or sha256_file(database) != manifest["database"]["sha256"]:
        raise BackupError("The database file in the archive does not match its manifest.")
    for name, digest in manifest["media"].items():
        file = work / "media" / name
        if not file.is_file() or sha256_file(file) != digest:
            raise BackupError(f"The uploaded file {name} does not match the manifest.")
    copy = manifest.get("erasure_ledger")  # archives made before the ledger have none
    ledger_copy = work / str((copy or {}).get("file", LEDGER_MEMBER))
    if copy and (not ledger_copy.is_file() or sha256_file(ledger_copy) != copy["sha256"]):
        raise BackupError("The erasure ledger in the archive does not match its manifest.")
    return manifest


def check(path: Path) -> Summary:
    """Authenticate and unpack the archive into a work folder; restore nothing."""
    with work_folder() as work:
        manifest = open_archive(Path(path), work)
    return _summary(manifest)


def _summary(manifest: dict[str, Any]) -> Summary:
    tables = manifest["tables"]
    return Summary(
        manifest["vendor"],
        len(tables),
        sum(t["rows"] for t in tables.values()),
        len(manifest["media"]),
        manifest["created_at"],
        manifest["app_version"],
        {name: table["rows"] for name, table in sorted(tables.items())},
        (manifest.get("erasure_ledger") or {}).get("entries", 0),
    )


def refuse_unless_empty() -> None:
    tables = target_tables()
    if tables:
        raise BackupError(
            f"The target database is not empty ({len(tables)} tables, e.g. "
            f"{', '.join(tables[:3])}). Restore only into a new, empty database; "
            "nothing was changed."
        )
    files = _media_files()
    if files:
        raise BackupError(
            f"MEDIA_ROOT ({settings.MEDIA_ROOT}) already holds {len(files)} files; restore "
            "into an empty folder. Nothing was changed."
        )


def restore(path: Path) -> Summary:
    """Restore an archive into the configured, EMPTY database and MEDIA_ROOT, check every
    table's row count and checksum against the manifest, and destroy again every key of the
    erasure ledger (the archive's copy and the ledger file, merged and written back) before
    returning. Side effect: audit row `backup.restore` in the restored database (when its
    schema is current)."""
    kind = vendor()
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    with stream:
        header, _ = read_header(stream)
    if header.get("vendor") != kind:
        raise BackupError(
            f"This archive holds a {header.get('vendor')} database; the target is {kind}."
        )
    refuse_unless_empty()
    with work_folder() as work:
        manifest = open_archive(Path(path), work)
        database = work / manifest["database"]["file"]
        connection.close()
        if kind == "sqlite":
            target = Path(settings.DATABASES["default"]["NAME"])
            sqlite_restore(database, target)
            restored = sqlite_checksums(target)
        else:
            restored = postgres_restore(settings.DATABASES["default"], database)
        media_root = Path(settings.MEDIA_ROOT)
        for name in manifest["media"]:
            (media_root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "media" / name, media_root / name)
        # Before anything else, even a failed comparison: an erased key must not come back.
        reapplied = reapply(work / LEDGER_MEMBER)
    differ = sorted(
        name
        for name in set(manifest["tables"]) | set(restored)
        if manifest["tables"].get(name) != restored.get(name)
    )
    if differ:
        raise BackupError(
            f"The restored database differs from the archive in {len(differ)} tables "
            f"({', '.join(differ[:5])}); do not use it."
        )
    summary = _summary(manifest)
    summary.reapplied = reapplied
    if not pending_migrations():
        _audit(
            "backup.restore",
            tables=summary.tables,
            rows=summary.rows,
            files=summary.files,
            keys_destroyed_again=reapplied.destroyed,
        )
    return summary


def pending_migrations() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
