"""The seed writes what the platform writes: every encrypted value of a case sealed under
the case's data key that its model's `encryption_owner` names, and the blind index of each
person's name."""

import json

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.db import connection

from asap.bench import seed, shape
from asap.cases.models import JointCase, Person
from asap.core import crypto, datakeys
from asap.core.fields import EncryptedTextField
from asap.core.models import DataKey
from asap.core.scopes import named_scope
from asap.instruments.models import Answer

pytestmark = pytest.mark.django_db

CASES = 4  # a case with a child and one without, a partner contact, a review meeting


def stored(model, pk, field):
    """The column as it lies in the table, not through the field."""
    column = model._meta.get_field(field).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def opened_by_hand(token):
    """Open a sealed value without `datakeys`: the key row unwrapped with the master keys."""
    prefix, key_id, fingerprint, body = token.split("$", 3)
    row = DataKey.objects.get(pk=int(key_id))
    raw = crypto.multifernet().decrypt(row.wrapped.encode())
    assert (prefix + "$", row.fingerprint) == (datakeys.PREFIX, fingerprint)
    return row, Fernet(raw).decrypt(body.encode()).decode()


def test_a_persons_name_and_an_answer_are_sealed_under_the_case_keys():
    seed.seed(CASES)
    case = JointCase.objects.get(code=shape.case_code(0))

    with named_scope("bench-seed"):
        woman = Person.objects.get(case=case, role="victim")
        answer = Answer.objects.filter(
            administration__case=case, source="victim_support_service"
        ).first()
        name_column = stored(Person, woman.pk, "name")
        answer_column = stored(Answer, answer.pk, "value")

    women = [f"{a} {b}" for a in pools_names("WOMEN") for b in pools_names("SURNAMES")]
    assert woman.name in women
    assert name_column.startswith("k2$")
    assert woman.name not in name_column
    assert datakeys.unseal(name_column) == woman.name
    key, clear = opened_by_hand(name_column)
    assert (key.case_id, key.subject, clear) == (case.pk, "person:victim:1", woman.name)
    assert woman.name_index == crypto.blind_index(woman.name)

    json.loads(answer.value)  # the JSON text the answer field holds
    assert answer_column.startswith("k2$")
    assert datakeys.unseal(answer_column) == answer.value
    key, clear = opened_by_hand(answer_column)
    assert (key.case_id, key.subject, clear) == (case.pk, "victim", answer.value)


def test_every_encrypted_value_of_a_case_is_under_the_key_its_model_names():
    seed.seed(CASES)
    owners = {
        (row.case_id, row.subject): row.pk
        for row in DataKey.objects.filter(case_id__isnull=False, destroyed_at__isnull=True)
    }
    checked: dict[str, int] = {}

    with named_scope("bench-seed"):
        for model in apps.get_models():
            if not hasattr(model, "encryption_owner"):
                continue
            fields = [
                f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
            ]
            for instance in model.objects.all():
                for field in fields:
                    column = stored(model, instance.pk, field)
                    if not column:
                        continue
                    owner = instance.encryption_owner(field)
                    label = f"{model._meta.label}.{field}"
                    assert column.startswith("k2$"), label
                    assert datakeys.key_id_of(column) == owners[owner.case_id, owner.subject], label
                    assert opened_by_hand(column)[1] == getattr(instance, field), label
                    checked[label] = checked.get(label, 0) + 1

    assert set(checked) == {
        "cases.Person.name",
        "cases.ProtectedDetail.value",
        "cases.TimelineEntry.title",
        "cases.TimelineEntry.body",
        "cases.Consent.note",
        "instruments.Answer.value",
        "plans.ActionItem.need",
        "plans.ActionItem.action",
        "plans.ActionItem.responsible",
        "episodes.Episode.note",
        "meetings.Meeting.title",
        "meetings.Meeting.venue",
        "meetings.Minutes.decisions",
        "programme.StatusChange.reason",
        "programme.ProgrammeSession.note",
        "attachments.Attachment.title",
        "attachments.Attachment.file_name",
    }
    assert checked["instruments.Answer.value"] == 50 * CASES


def test_each_attached_file_is_sealed_under_the_key_of_the_side_that_attached_it():
    from asap.attachments.models import Attachment

    seed.seed(CASES)
    keys = {(row.case_id, row.subject): row.pk for row in DataKey.objects.all()}

    with named_scope("bench-seed"):
        attachments = list(Attachment.objects.select_related("entry"))
    assert len(attachments) == 2 * CASES
    assert {a.entry.recorded_side for a in attachments} == {"perpetrator", "victim"}
    for attachment in attachments:
        content = bytes(attachment.content)
        assert content.startswith(b"k2$")
        assert b"%PDF-" not in content
        key_id = int(content.split(b"$")[1])
        assert key_id == keys[attachment.case_id, attachment.entry.recorded_side]
        clear = datakeys.unseal_bytes(content)
        assert clear.startswith(b"%PDF-")
        assert len(clear) == attachment.size
        assert attachment.entry.kind == "attachment"
        assert attachment.entry.compartment == attachment.entry.recorded_side


def test_each_persons_name_is_found_by_its_blind_index():
    seed.seed(CASES)

    with named_scope("bench-seed"):
        persons = list(Person.objects.all())
        for person in persons:
            assert person.name_index == crypto.blind_index(person.name) != ""
            same_name = Person.objects.filter(
                name_index__in=crypto.blind_indexes(person.name)
            ).values_list("pk", flat=True)
            assert person.pk in same_name
    assert len(persons) > 2 * CASES


def pools_names(name):
    from asap.bench import pools

    return getattr(pools, name)
