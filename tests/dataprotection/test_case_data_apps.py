"""Every app whose models hold rows of a case is one of the case-data apps that erasure,
retention and subject access walk (`casedata.CASE_DATA_APPS`), or is named here with why."""

from django.apps import apps

from asap.dataprotection import casedata

# Apps with models that point at a case but hold nothing a person said or wrote.
NOT_CASE_DATA = {
    "agreements": "a case-level agreement between the organisations, signed by them",
    "evaluation": "a number per completed questionnaire (its total), deleted with it",
}


def test_every_app_holding_rows_of_a_case_is_walked_by_erasure_and_retention():
    holding = {
        model._meta.app_label
        for model in apps.get_models()
        if model.__module__.startswith("asap.") and casedata._case_path(model) is not None
    }
    assert holding - set(casedata.CASE_DATA_APPS) - set(NOT_CASE_DATA) == set()
    assert set(NOT_CASE_DATA) <= holding  # the exceptions are real, not stale
    assert {"programme", "work", "attachments", "justice"} <= set(casedata.CASE_DATA_APPS)
