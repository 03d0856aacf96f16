"""Case content is read through the access policy or inside a named scope: nothing else runs.

Every model that holds case content uses `CaseContentManager`. Its querysets carry a mark:
`visible_to(access)` (the access policy, `asap.cases.policy`) sets it; nothing else does. A
query without the mark is refused when it is compiled into SQL (a fetch, a count, an
`exists()`, a subquery inside another query, a related manager, a prefetch) unless it runs
inside one of the named scopes below, entered with `with named_scope("…")`. This is the
pattern of django-scopes (as pretalx uses it), in a few lines: the check sits on the query
itself, so a forgotten filter fails loudly instead of leaking quietly.

A query of any other model (a case, a user, an organisation) that joins a case-content table
(`JointCase.objects.filter(timeline__body__icontains=…)`, an annotation over content) is
refused the same way (`install_join_guard`, run when the core app starts): it could answer
from content through a filter or an aggregate.

Writes are not guarded here: services write only after the door (`case_for`) has decided.
Deleting through a queryset reads the rows first, so it needs the policy or a scope too.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models.sql import Query

# The only places that read whole tables of case content, one reason each.
NAMED_SCOPES: dict[str, str] = {
    "migration": "a data migration rewrites rows of every case",
    "audit-verify": "verifying the audit chain reads the audit rows and the objects they name",
    "backup": "backup and restore copy every table, whole",
    "retention": "the retention review and its apply run over every closed case",
    "erasure": "erasing a person replaces their values wherever they were copied",
    "bench-seed": "the benchmark writes and counts a fictional data set",
    "key-rotation": "`asap keys rotate` re-encrypts every encrypted value under the newest key",
    "data-protection-officer": (
        "an officer's search by name, subject-access export, erasure, letter of a decision and "
        "retention review, limited by `asap.dataprotection.sides` to the data their "
        "organisation controls"
    ),
    "shared-text-check": (
        "the validator of shared text compares it with the case's protected values; "
        "it answers only which field to correct, never the value"
    ),
    "reminders": (
        "the daily reminder tasks find due items across cases; their e-mails carry no content"
    ),
    "scoring": (
        "a joint checklist's level is computed from every side's answers; only the level "
        "leaves, and a level raised by what the reader cannot read says so without the items"
    ),
    "work-inbox": (
        "My work lists one person's items across their cases: each case's rows pass the one "
        "read policy (`policy.readable_q`) with that person's side and the consents in force "
        "there, fetched for all their cases at once; only kind, case code and date leave"
    ),
    "withdrawal": (
        "withdrawing an assessment started by mistake is refused once another side answered "
        "in it, also in items the withdrawer does not read; only yes or no leaves"
    ),
    "evaluation": (
        "the evaluation figures count cases and answers across an agency's cases; only "
        "suppressed aggregates leave (never a row, never a figure from fewer than five cases)"
    ),
}

_active: ContextVar[str | None] = ContextVar("asap_named_scope", default=None)


class UnscopedQueryError(RuntimeError):
    """Case content was queried outside the access policy and outside every named scope."""


def active_scope() -> str | None:
    return _active.get()


@contextmanager
def named_scope(name: str) -> Iterator[None]:
    """Read whole tables of case content for one named reason (see `NAMED_SCOPES`)."""
    if name not in NAMED_SCOPES:
        raise ValueError(f"Unknown scope {name!r}: add it to NAMED_SCOPES with its reason.")
    token = _active.set(name)
    try:
        yield
    finally:
        _active.reset(token)


class GuardedQuery(Query):
    """A query of case content: compiled only with the policy's mark or in a named scope."""

    through_policy = False

    def get_compiler(self, using: Any = None, connection: Any = None, elide_empty: bool = True):
        if not self.through_policy and _active.get() is None:
            raise UnscopedQueryError(
                f"{self.model._meta.label} was queried outside the access policy. Read case "
                "content with .visible_to(access), or inside a named scope "
                "(asap.core.scopes.NAMED_SCOPES)."
            )
        return super().get_compiler(using, connection, elide_empty)


class CaseContentQuerySet(models.QuerySet):
    """The queryset of a case-content model. Subclasses define `policy(access)`."""

    def __init__(self, model: Any = None, query: Any = None, using: Any = None, hints: Any = None):
        super().__init__(model, query or GuardedQuery(model), using, hints)

    def policy(self, access: Any) -> "CaseContentQuerySet":
        raise NotImplementedError

    def visible_to(self, access: Any) -> "CaseContentQuerySet":
        """The rows `access` may read under the one read policy (`asap.cases.policy`)."""
        queryset = self.policy(access)
        queryset.query.through_policy = True
        return queryset

    def delete(self) -> tuple[int, dict[str, int]]:
        if not self.query.through_policy and _active.get() is None:
            raise UnscopedQueryError(
                f"{self.model._meta.label}: delete outside the policy or a scope."
            )
        return super().delete()


class CaseContentManager(models.Manager.from_queryset(CaseContentQuerySet)):  # type: ignore[misc]
    """The default manager of every model that holds case content."""

    use_in_migrations = False

    def visible_to(self, access: Any) -> CaseContentQuerySet:
        """`Model.objects.visible_to(access)`, the policy's filter built once per access.

        A page asks for the same model's readable rows many times; building the policy's
        filter (and its subqueries) each time was most of the page's time in Python. The
        built queryset is kept in `access.policy_memo`, which lives and dies with that one
        access (one user, one case, one request) and is emptied when the consents in force
        are read again (`CaseAccess.forget_consents`); each caller gets its own copy. A
        related manager (`case.timeline`) or an object without a memo builds it every time.
        """
        memo = getattr(access, "policy_memo", None)
        if memo is None or not any(m is self for m in self.model._meta.managers):
            return self.get_queryset().visible_to(access)
        key = (self.model, self._queryset_class, self.db)
        if key not in memo:
            memo[key] = self.get_queryset().visible_to(access)
        return memo[key].all()


def is_case_content(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager, CaseContentManager)


_content_tables: frozenset[str] = frozenset()


def _joined_content(query: Query) -> list[str]:
    if not _content_tables or query.model is None or query.model._meta.db_table in _content_tables:
        return []  # a content model's own query is GuardedQuery's to check
    # A join Django trimmed (a filter on the foreign key's own column) stays in alias_map with
    # no reference: only the joins the SQL uses count.
    tables = {
        join.table_name
        for alias, join in query.alias_map.items()
        if query.alias_refcount.get(alias, 0) > 0
    }
    return sorted(tables & _content_tables)


def install_join_guard() -> None:
    """Refuse, at compile time, a query of a non-content model that joins a content table
    outside the policy and outside a named scope (called once, by the core app's ready())."""
    global _content_tables
    from django.apps import apps

    _content_tables = frozenset(m._meta.db_table for m in apps.get_models() if is_case_content(m))
    if getattr(Query.get_compiler, "asap_join_guard", False):
        return
    original = Query.get_compiler

    def get_compiler(self: Query, using: Any = None, connection: Any = None, elide_empty=True):
        if not getattr(self, "through_policy", False) and _active.get() is None:
            joined = _joined_content(self)
            if joined:
                raise UnscopedQueryError(
                    f"{self.model._meta.label} was queried joined with case content "
                    f"({', '.join(joined)}) outside the access policy. Read case content with "
                    ".visible_to(access), or inside a named scope (asap.core.scopes.NAMED_SCOPES)."
                )
        return original(self, using, connection, elide_empty)

    get_compiler.asap_join_guard = True  # type: ignore[attr-defined]
    Query.get_compiler = get_compiler  # type: ignore[method-assign]
