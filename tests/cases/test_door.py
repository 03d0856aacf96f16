"""The access door is the only reader of case data, and every field has a compartment."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

import asap
from asap.cases.compartments import COMPARTMENTS
from asap.dataprotection.casedata import CASE_DATA_APPS

SRC = Path(asap.__file__).parent
# Every app that holds case data: its models are read through the door, never by a view.
CASE_MODELS = {
    model.__name__ for label in CASE_DATA_APPS for model in apps.get_app_config(label).get_models()
}


def view_modules() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if path.name == "views.py" or (path.parent.name == "views" and path.name != "__init__.py")
    )


def direct_case_queries(path: Path) -> list[str]:
    """`<CaseModel>.objects…` and imports of case models or their module in a view module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in {
            f"asap.{label}.models" for label in CASE_DATA_APPS
        }:
            found.append(f"line {node.lineno}: imports {node.module}")
        if isinstance(node, ast.ImportFrom) and node.module == "asap.cases":
            found += [
                f"line {node.lineno}: imports models"
                for alias in node.names
                if alias.name == "models"
            ]
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in CASE_MODELS
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_there_are_view_modules_to_check():
    names = {str(path.relative_to(SRC)) for path in view_modules()}
    assert {"cases/views/cases.py", "cases/views/records.py", "core/views.py"} <= names


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_view_module_queries_case_models_directly(path):
    assert direct_case_queries(path) == []


def test_the_check_catches_a_direct_query(tmp_path):
    planted = tmp_path / "views.py"
    planted.write_text(
        "from asap.cases.models import JointCase\n\ndef v(request):\n"
        "    return JointCase.objects.all()\n"
    )
    assert direct_case_queries(planted) == [
        "line 1: imports asap.cases.models",
        "line 4: JointCase.objects",
    ]


def test_every_field_of_every_case_model_has_a_compartment():
    unclassified = []
    for model in apps.get_app_config("cases").get_models():
        declared = COMPARTMENTS.get(model, {})
        unclassified += [
            f"{model.__name__}.{field.name}"
            for field in model._meta.concrete_fields
            if field.name not in declared
        ]
    assert unclassified == []
