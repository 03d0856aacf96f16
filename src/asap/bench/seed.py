"""`asap bench seed --cases N`: a realistic fictional data set at scale, fast.

Rows are written in bulk with explicit ids (see `writer`), a chunk of cases per transaction,
each case's values sealed under its own data keys as the platform seals them (see
`sealing`). No audit row per record: the seed is not anyone's work on a case. One audit row
`bench.seeded` says it happened.
"""

import sys
import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from asap.accounts.enums import OrganisationKind
from asap.accounts.models import Membership, Organisation, User
from asap.bench import network, shape
from asap.bench.pools import Pools
from asap.bench.seed_cases import CaseWriter
from asap.bench.writer import Table, reset_sequences
from asap.cases.models import JointCase
from asap.core import audit, crypto
from asap.core.scopes import named_scope
from asap.evaluation import services as evaluation

CHUNK = 500  # cases per transaction


class NotEmptyError(Exception):
    """The database already holds cases: the seed refuses to mix its data with real data."""


def planned(cases: int) -> dict[str, int]:
    """Roughly how many rows of each kind N cases make (for the command's first line)."""
    regions = shape.regions_for(cases)
    return {
        "organisations": 5 * regions,
        "users": 5 * regions * shape.USERS_PER_ORGANISATION,
        "persons": cases * 5 // 2,
        "administrations": cases * 5,
        "answers": cases * 50,
        "actions": cases * 3,
        "episodes": cases * 2,
        "meetings": cases * 3 // 2,
        "programme sessions": cases * 8,
        "attachments": cases * 2,
    }


def seed(cases: int, *, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Fill an empty database with `cases` joint cases and everything around them; return
    the number of rows written per table. Raises NotEmptyError if any case exists."""
    with named_scope("bench-seed"):
        if JointCase.objects.exists():
            raise NotEmptyError(
                "This database already holds cases. Seed an empty database: make a new one "
                "(`asap migrate` on a new DATABASE_URL) and run the seed there."
            )
        say = progress or (lambda _line: None)
        if connection.vendor == "sqlite":
            # A larger page cache for this connection: index pages stay in memory while the
            # tables grow (the default 2 MB makes a 100,000-case seed wait on the disk).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        started = time.monotonic()
        pools = Pools()
        regions = shape.regions_for(cases)
        with transaction.atomic():
            users = _people(regions, pools)
        writer = CaseWriter(pools=pools, regions=regions, users=users, now=timezone.now())
        for start in range(0, cases, CHUNK):
            with transaction.atomic():
                for index in range(start, min(cases, start + CHUNK)):
                    writer.case(index)
                writer.flush()
            done = min(cases, start + CHUNK)
            say(_bar(done, cases, time.monotonic() - started))
        with transaction.atomic():
            reset_sequences(writer.models())
            network.ensure_network(cases)
            analyse()
            audit.record(
                actor=None,
                action="bench.seeded",
                object_type="bench",
                object_id=str(cases),
                fields=["cases"],
            )
        # The rows were written without the services: count the dashboards' figures once.
        evaluation.refresh_all_figures()
        counts = writer.counts()
        counts["organisations"] = 5 * regions
        counts["users"] = len(users)
        return counts


def analyse() -> None:
    """Give the query planner its statistics, as PostgreSQL's autovacuum soon would. SQLite
    keeps none until ANALYZE (or `PRAGMA optimize`) runs; without them it picks a wrong index
    for some queries at 100,000 cases (docs/performance.md)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")


def _bar(done: int, total: int, seconds: float) -> str:
    width = 30
    filled = width * done // total
    rate = done / seconds if seconds else 0
    left = (total - done) / rate if rate else 0
    return (
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} cases "
        f"{seconds:5.0f} s elapsed, ~{left:4.0f} s left"
    )


def _people(regions: int, pools: Pools) -> dict[int, int]:
    """The organisations, their users (one password hash, one TOTP secret for all), their
    roles. Returns user index → user id."""
    now = timezone.now()
    password = make_password(shape.BENCH_PASSWORD)
    secret = {"secret": crypto.encrypt(shape.BENCH_TOTP_SECRET)}
    organisations = Table(
        Organisation,
        [
            "name",
            "kind",
            "country",
            "language",
            "address",
            "contact_email",
            "contact_email_index",
            "is_active",
            "created_at",
            "absence_alert_threshold",
        ],
    )
    users = Table(
        User,
        [
            "password",
            "last_login",
            "is_superuser",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "full_name",
            "language",
            "is_operator",
            "work_digest",
        ],
    )
    memberships = Table(
        Membership, ["user_id", "organisation_id", "role", "is_active", "created_at"]
    )
    authenticators = Table(Authenticator, ["user_id", "type", "data", "created_at", "last_used_at"])
    address = pools.text("Via Roma 1 (fictional)")
    ids: dict[int, int] = {}
    for index in range(5 * regions):
        kind = shape.REGION_KINDS[index % 5]
        shelter = address if kind == OrganisationKind.VICTIM_SUPPORT_SERVICE else ""
        organisation_id = organisations.add(
            shape.organisation_name(index), kind, "IT", "it", shelter, "", "", True, now, 2
        )
        for position in range(shape.USERS_PER_ORGANISATION):
            user_index = index * shape.USERS_PER_ORGANISATION + position
            email = shape.email_of(user_index)
            user_id = users.add(
                password,
                None,
                False,
                False,
                True,
                now,
                email,
                f"Bench worker {user_index}",
                "",
                False,
                True,
            )
            ids[user_index] = user_id
            memberships.add(user_id, organisation_id, shape.role_of(kind, position), True, now)
            authenticators.add(user_id, Authenticator.Type.TOTP, secret, now, None)
    for table in (organisations, users, memberships, authenticators):
        table.flush()
    reset_sequences([Organisation, User, Membership, Authenticator])
    return ids


def stderr_progress(line: str) -> None:
    sys.stderr.write(line)
    sys.stderr.flush()


__all__ = ["NotEmptyError", "planned", "seed", "stderr_progress"]
