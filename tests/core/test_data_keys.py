"""Per-case data keys: every free text of a case encrypted, each under the key of the side
that recorded it; rotation re-wraps the keys and the values read back with the new master
key alone."""

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.test import override_settings

from asap.cases.models import Person, TimelineEntry
from asap.cases.querysets import CaseContentManager
from asap.core import datakeys
from asap.core.fields import BlindIndexField, EncryptedTextField
from asap.core.models import DataKey
from asap.core.scopes import named_scope

# Text and char fields of case content that stay in clear: codes and choices that name no
# one, one reason each.
CLEAR_CODES = {
    "instruments.Administration.definition_key": "the questionnaire's key (a code)",
    "instruments.Administration.respondent": "who answers: a role code",
    "instruments.Administration.compartment": "a compartment code",
    "instruments.Answer.item": "the item's key in the questionnaire (a code)",
    "instruments.Answer.respondent": "a role code",
    "instruments.Answer.compartment": "a compartment code",
    "instruments.SectionResult.section": "the section's key (a code)",
    "instruments.SectionResult.rule_level": "low / intermediate / high",
    "instruments.SectionResult.final_level": "low / intermediate / high",
    "instruments.LevelConfirmation.side": "a side code",
    "evaluation.OutcomeScore.respondent": "a role code",
    "work.Dismissal.key": "the dismissed item's key: a kind code and record ids",
    "work.TeamDone.key": "the item's key: a kind code and record ids",
    "evaluation.OutcomeScore.time_point": "T0 … T4",
    "meetings.Meeting.type_key": "the protocol's meeting type (a code)",
    "cases.Person.name_index": "an HMAC of the name for exact matches, not the name",
    "cases.PersonNamePart.digest": "an HMAC of one part of a name under its own key",
}


def _content_models():
    return [m for m in apps.get_models() if isinstance(m._default_manager, CaseContentManager)]


def test_every_free_text_of_case_content_is_encrypted():
    plain = []
    for model in _content_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if isinstance(field, EncryptedTextField) or field.choices:
                continue  # encrypted, or a choice (an enum's code)
            label = f"{model._meta.label}.{field.name}"
            if label not in CLEAR_CODES:
                plain.append(label)
    assert plain == []
    assert len(_content_models()) >= 15  # the check reads the real models
    known = {f"{m._meta.label}.{f.name}" for m in _content_models() for f in m._meta.fields}
    assert set(CLEAR_CODES) <= known  # no stale entry on the short list


def _stored_values():
    """(model, field, stored text) of every encrypted value of case content, as stored."""
    found = []
    with connection.cursor() as cursor:
        for model in _content_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, EncryptedTextField) and not isinstance(field, BlindIndexField):
                    table, column = model._meta.db_table, field.column
                    cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608
                    found += [(model, field.name, v) for (v,) in cursor.fetchall() if v]
    return found


@pytest.mark.django_db
def test_every_value_of_the_world_case_is_sealed_under_its_sides_key(world):
    stored = _stored_values()
    assert len(stored) > 30
    assert [(m._meta.label, f) for m, f, v in stored if not datakeys.is_sealed(v)] == []
    subjects = dict(DataKey.objects.values_list("pk", "subject"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, body, recorded_side FROM cases_timelineentry")
        for _pk, body, side in cursor.fetchall():
            if not body:
                continue
            assert subjects[datakeys.key_id_of(body)] == (side or datakeys.CASE)
        cursor.execute("SELECT name, role, number FROM cases_person WHERE name <> ''")
        for name, role, number in cursor.fetchall():
            assert subjects[datakeys.key_id_of(name)] == f"person:{role}:{number}"
    assert {"victim", "perpetrator"} <= set(subjects.values())


@pytest.mark.django_db
def test_rotation_rewraps_the_keys_and_the_values_read_with_the_new_key_alone(world, capsys):
    new_key = Fernet.generate_key().decode()
    with named_scope("test"):
        names = sorted(Person.objects.filter(case=world.case).values_list("name", flat=True))
        bodies = sorted(
            TimelineEntry.objects.filter(case=world.case).values_list("body", flat=True)
        )
    before = dict(DataKey.objects.values_list("pk", "wrapped"))
    with override_settings(ASAP_FIELD_KEYS=[new_key, *settings.ASAP_FIELD_KEYS]):
        call_command("keys", "rotate")
    assert "Data keys: " in capsys.readouterr().out
    after = dict(DataKey.objects.values_list("pk", "wrapped"))
    assert after.keys() == before.keys()
    assert all(after[pk] != before[pk] for pk in before)
    datakeys.clear_cache()
    with override_settings(ASAP_FIELD_KEYS=[new_key]), named_scope("test"):
        assert (
            sorted(Person.objects.filter(case=world.case).values_list("name", flat=True)) == names
        )
        assert (
            sorted(TimelineEntry.objects.filter(case=world.case).values_list("body", flat=True))
            == bodies
        )
    datakeys.clear_cache()


@pytest.mark.django_db
def test_a_wrong_master_key_says_so_in_one_line(world):
    datakeys.clear_cache()
    with (
        override_settings(ASAP_FIELD_KEYS=[Fernet.generate_key().decode()]),
        pytest.raises(datakeys.KeysDoNotOpenError) as raised,
        named_scope("test"),
    ):
        list(Person.objects.filter(case=world.case).values_list("name", flat=True))
    assert "\n" not in str(raised.value)
    assert "ASAP_FIELD_KEYS" in str(raised.value)
    datakeys.clear_cache()


@pytest.mark.django_db
def test_a_destroyed_key_leaves_its_values_erased_and_is_in_the_ledger(world):
    entries = datakeys.destroy(world.case.pk, [datakeys.VICTIM], "test")
    assert [e["subject"] for e in entries] == ["victim"]
    with named_scope("test"):
        hers = TimelineEntry.objects.get(pk=world.notes["victim"].pk)
        his = TimelineEntry.objects.get(pk=world.notes["perpetrator"].pk)
    assert hers.body == "[erased]"
    assert his.body == "PERPETRATOR-NOTE-BODY-33ab"
    ledger = settings.ASAP_ERASURE_LEDGER_FILE.read_text()
    assert entries[0]["fingerprint"] in ledger
    assert "VICTIM-NOTE" not in ledger
