"""The guard that cannot be forgotten: case content is read through the policy or a named
scope, and a module that queries it any other way fails the suite.

Two layers: at run time, the guarded manager refuses to compile a query of case content
without the policy's mark or a named scope; before run time, `content_queries_outside_policy`
reads every module under `src/asap` and names each place that reaches for a case-content
model's manager outside the policy, a named scope or the short allow-list below.
"""

import ast
import pathlib
import textwrap

import pytest
from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch

from asap.cases.models import JointCase, Person, TimelineEntry
from asap.core.scopes import (
    NAMED_SCOPES,
    CaseContentManager,
    UnscopedQueryError,
    is_case_content,
    named_scope,
)

SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "asap"
DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "security-model.md"

# Methods of the policy that mark a queryset as read through it, and writes (not reads).
POLICY_METHODS = {
    "visible_to",
    "of_member",
    "joint_to_keep",
    "of_organisation",
    "of_organisations",
    "withheld_from",
    "named_for",
    "scopes_in_force",
    "read_for_policy",
    "search_for",
    "matching_in_organisation",
}
WRITE_METHODS = {"create", "bulk_create", "bulk_update", "update"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}

# Modules allowed to reach for a case-content manager directly, one reason a line.
ALLOWED_MODULES = {
    "cases/querysets.py": "the policy's own querysets: where visible_to is built",
    "core/scopes.py": "the guard itself",
}

# Models that hang on a case but hold no case content, one reason a line.
NOT_CONTENT = {
    "cases.JointCase": "the case's metadata: code, phase, status, dates (every member and "
    "coordinator sees it; no text about anyone)",
    "cases.CaseAgency": "which agency takes part, and its invitation (metadata)",
    "cases.CaseMember": "which worker is on the case, on which side (metadata)",
    "plans.ActionReminder": "the date a reminder was sent for an action (no content)",
    "instruments.OutcomeReminder": "the date a reminder was sent for a questionnaire",
    "agreements.Agreement": "an agreement between agencies (a case-level one too): read by its "
    "parties through asap.agreements.queries; its texts pass the shared-text validator",
}


def content_model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models() if is_case_content(m)}


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _in_named_scope(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.With):
            for item in node.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "named_scope":
                    return True
    return False


def _chain_methods(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> list[str]:
    """The methods called on `Model.objects`, in order: X.objects.filter().visible_to()."""
    methods = []
    while node in parents:
        parent = parents[node]
        if isinstance(parent, ast.Attribute) and parent.value is node:
            methods.append(parent.attr)
        elif not (isinstance(parent, ast.Call) and parent.func is node):
            break
        node = parent
    return methods


def content_queries_outside_policy(source: str, filename: str, models: set[str]) -> list[str]:
    """Each place in `source` that reaches for a case-content model's manager outside the
    policy and outside a named scope, as `file:line Model.manager.method…`."""
    tree = ast.parse(source)
    parents = _parents(tree)
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id in models
        ):
            continue
        methods = _chain_methods(node, parents)
        through_policy = any(m in POLICY_METHODS for m in methods)
        writes_only = bool(methods) and methods[-1] in WRITE_METHODS and node.attr == "objects"
        if (through_policy or writes_only) and node.attr != "_base_manager":
            continue
        if _in_named_scope(node, parents):
            continue
        chain = ".".join([node.value.id, node.attr, *methods])
        found.append(f"{filename}:{node.lineno} {chain}")
    return found


def test_no_module_queries_case_content_outside_the_policy():
    models = content_model_names()
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in ALLOWED_MODULES:
            continue
        found += content_queries_outside_policy(path.read_text(), relative, models)
    assert found == []


def test_the_guard_catches_a_module_that_queries_case_content_directly():
    wrong = textwrap.dedent(
        """
        from asap.cases.models import TimelineEntry
        from asap.core.scopes import named_scope

        def notes_of(case):
            return TimelineEntry.objects.filter(case=case)  # no policy: caught

        def count_everything():
            return TimelineEntry._base_manager.count()  # around the guard: caught

        def through_the_policy(access):
            return TimelineEntry.objects.visible_to(access).filter(kind="note")

        def in_a_scope(case):
            with named_scope("retention"):
                return list(TimelineEntry.objects.filter(case=case))

        def a_write(case, entry_id):
            TimelineEntry.objects.filter(pk=entry_id).update(title="")
        """
    )
    found = content_queries_outside_policy(wrong, "wrong.py", content_model_names())
    assert found == [
        "wrong.py:6 TimelineEntry.objects.filter",
        "wrong.py:9 TimelineEntry._base_manager.count",
    ]


def test_every_model_on_a_case_is_case_content_or_named_metadata():
    """A new model that hangs on a case (or on case content) must take the guarded manager,
    or be named here as metadata with its reason."""
    content = {m for m in apps.get_models() if is_case_content(m)}
    unguarded = []
    for model in apps.get_models():
        label = model._meta.label
        if model in content or label in NOT_CONTENT:
            continue
        targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        if JointCase in targets or targets & content:
            unguarded.append(label)
    assert unguarded == []
    for model in content:
        assert isinstance(model._default_manager, CaseContentManager)
        assert hasattr(model._default_manager, "visible_to"), model


@pytest.mark.django_db
def test_an_unscoped_read_raises_in_every_form(django_assert_num_queries):
    case = JointCase.objects.create(phase="referral")
    entry = TimelineEntry.objects.create(case=case, at=case.opened_at, kind="note")
    attempts = {
        "all": lambda: list(TimelineEntry.objects.all()),
        "count": lambda: TimelineEntry.objects.filter(case=case).count(),
        "exists": lambda: TimelineEntry.objects.exists(),
        "get": lambda: TimelineEntry.objects.get(pk=entry.pk),
        "values": lambda: list(TimelineEntry.objects.values_list("body", flat=True)),
        "related manager": lambda: list(case.timeline.all()),
        "subquery": lambda: list(
            JointCase.objects.filter(
                Exists(TimelineEntry.objects.filter(case=OuterRef("pk"), kind="note"))
            )
        ),
        "prefetch": lambda: list(JointCase.objects.prefetch_related("persons")),
        "prefetch with a queryset": lambda: list(
            JointCase.objects.prefetch_related(
                Prefetch("timeline", queryset=TimelineEntry.objects.filter(kind="note"))
            )
        ),
        "delete": lambda: TimelineEntry.objects.filter(pk=entry.pk).delete(),
        "in": lambda: list(JointCase.objects.filter(pk__in=Person.objects.values("case"))),
    }
    for name, attempt in attempts.items():
        # Refused before any case content is read (a prefetch first reads the cases).
        queries = 1 if name.startswith("prefetch") else 0
        with django_assert_num_queries(queries), pytest.raises(UnscopedQueryError):
            attempt()
    with named_scope("test"):
        assert TimelineEntry.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_a_query_of_another_model_joining_case_content_raises(django_assert_num_queries):
    """A case, a user or an organisation filtered or annotated through a content table would
    answer from content (whether an unshared episode exists, when she last spoke): refused."""
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    case = JointCase.objects.create(phase="referral")
    TimelineEntry.objects.create(case=case, at=case.opened_at, kind="episode")
    attempts = {
        "filter through a relation": lambda: JointCase.objects.filter(
            timeline__kind="episode"
        ).exists(),
        "annotation": lambda: list(JointCase.objects.annotate(last=Max("timeline__at"))),
        "two relations away": lambda: (
            get_user_model().objects.filter(case_memberships__case__persons__role="victim").exists()
        ),
    }
    for attempt in attempts.values():
        with django_assert_num_queries(0), pytest.raises(UnscopedQueryError):
            attempt()
    with named_scope("test"):
        assert JointCase.objects.filter(timeline__kind="episode").exists()
    assert JointCase.objects.filter(pk=case.pk).exists()  # the case's own metadata stays open


def test_an_unknown_scope_is_refused():
    with pytest.raises(ValueError, match="Unknown scope"), named_scope("because I say so"):
        pass  # pragma: no cover


def test_the_named_scopes_are_printed_in_the_security_model():
    text = DOCS.read_text()
    for name in NAMED_SCOPES:
        assert f"`{name}`" in text, name
    assert text.count("| `") >= len(NAMED_SCOPES)
