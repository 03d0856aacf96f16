"""A blind index of each person's name (the officer's search by name); the child
preparation's support person (often the mother) encrypted like every other free text."""

from django.db import migrations

import asap.core.fields
from asap.core import crypto
from asap.core.scopes import named_scope


def index_names(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    with named_scope("migration"):
        for person in Person.objects.only("pk", "name"):
            if not person.name:
                continue
            person.name_index = crypto.blind_index(person.name)
            person.save(update_fields=["name_index"])


def encrypt_support_persons(apps, schema_editor):
    # Raw SQL: the stored values are still clear text, which the field would not decrypt.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, support_person FROM cases_childassessmentpreparation"
            " WHERE support_person <> ''"
        )
        rows = cursor.fetchall()
        for pk, value in rows:
            cursor.execute(
                "UPDATE cases_childassessmentpreparation SET support_person = %s WHERE id = %s",
                [crypto.encrypt(value), pk],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_timeline_waiver_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_index",
            field=asap.core.fields.BlindIndexField(
                blank=True, db_index=True, editable=False, max_length=64, source="name"
            ),
        ),
        migrations.RunPython(index_names, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="childassessmentpreparation",
            name="support_person",
            field=asap.core.fields.EncryptedCharField(blank=True, max_length=120),
        ),
        migrations.RunPython(encrypt_support_persons, migrations.RunPython.noop),
    ]
