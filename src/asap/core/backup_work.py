"""The work folder of `asap backup` and `asap restore`, where plaintext may lie for a while.

The database snapshot (and, on restore, the decrypted archive) is written only into
`ASAP_DATA_DIR/backup-work-<pid>-<random>` (mode 0700), never into the system's temporary
folder. The folder is removed on every way out: a normal end, an exception, and SIGTERM,
SIGINT or SIGHUP (handlers installed for the run raise `BackupInterruptedError`, so the
same clean-up runs and the command exits non-zero). SIGKILL cannot be caught, so each run
first removes the folders of runs that are gone (`remove_stale`): a run holds an exclusive
lock (flock) on the `.lock` file of its folder while it lives, and the kernel releases it
when the process dies, however it dies. A folder becomes visible under its final name only
once it is locked (it is made as `.backup-work-…` and renamed), so a starting run is never
mistaken for a stale one.
"""

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from django.conf import settings

from asap.core.backup_archive import BackupError

PREFIX = "backup-work-"
LOCK = ".lock"
SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
# Test-only: seconds `asap backup` waits after the snapshot, so that a test can kill it
# while the snapshot lies in the work folder. Ignored in production.
TEST_PAUSE_ENV = "ASAP_BACKUP_TEST_PAUSE_AFTER_SNAPSHOT"


class BackupInterruptedError(BackupError):
    """A signal stopped the run; its work folder has been removed."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(
            f"Interrupted by {signal.Signals(signum).name}: the work folder was removed "
            "and nothing was written."
        )


def data_dir() -> Path:
    path = Path(settings.DATA_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _held(lock: Path) -> bool:
    """Whether a living process holds the lock (a missing lock file is not held)."""
    try:
        descriptor = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing releases a lock just taken
    return False


def _stale(folder: Path) -> bool:
    if folder.name.startswith(PREFIX):
        return not _held(folder / LOCK)
    # A folder still being made (".backup-work-<pid>-…"): it never holds plaintext.
    pid = folder.name.removeprefix("." + PREFIX).split("-", 1)[0]
    return pid.isdigit() and not _alive(int(pid))


def remove_stale() -> list[Path]:
    """Remove the work folders of runs no longer alive (killed with SIGKILL, the machine
    lost power); the folders removed."""
    root = Path(settings.DATA_DIR)
    if not root.is_dir():
        return []
    removed = []
    for folder in sorted(root.glob(f"{PREFIX}*")) + sorted(root.glob(f".{PREFIX}*")):
        if folder.is_dir() and not folder.is_symlink() and _stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _create() -> tuple[Path, int]:
    """A new folder (mode 0700) and the descriptor that holds its lock."""
    staging = Path(tempfile.mkdtemp(prefix=f".{PREFIX}{os.getpid()}-", dir=data_dir()))
    lock = os.open(staging / LOCK, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    folder = staging.with_name(staging.name[1:])
    staging.rename(folder)
    return folder, lock


class _Signals:
    """While installed, SIGTERM, SIGINT and SIGHUP raise `BackupInterruptedError`; during
    the clean-up a signal is only noted, and raised once the folder is gone."""

    def __init__(self) -> None:
        self.previous: dict[int, object] = {}
        self.cleaning = False
        self.pending: int | None = None

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.cleaning:
            self.pending = self.pending or signum
            return
        raise BackupInterruptedError(signum)

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may set handlers; the finally still cleans up
        for signum in SIGNALS:
            self.previous[signum] = signal.signal(signum, self.handle)

    def uninstall(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]


@contextlib.contextmanager
def work_folder() -> Iterator[Path]:
    """A private folder in the data directory, removed however the run ends."""
    signals = _Signals()
    signals.install()
    folder: Path | None = None
    lock = -1
    try:
        folder, lock = _create()
        yield folder
    finally:
        signals.cleaning = True
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if lock >= 0:
            os.close(lock)
        signals.uninstall()
        if signals.pending:
            raise BackupInterruptedError(signals.pending)


def pause_for_tests() -> None:
    """Test-only hook (ASAP_BACKUP_TEST_PAUSE_AFTER_SNAPSHOT=seconds, never in production):
    wait after the snapshot so that a test can kill the run while the snapshot is there."""
    seconds = os.environ.get(TEST_PAUSE_ENV, "")
    if seconds and not settings.PRODUCTION:
        time.sleep(float(seconds))
