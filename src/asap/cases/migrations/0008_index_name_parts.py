"""The name parts of every person already recorded (finding a case by a name): each part of
each name as a keyed blind index under ASAP_NAME_INDEX_KEY (`asap.core.nameindex`)."""

from django.db import migrations

from asap.core.nameindex import rebuild_index
from asap.core.scopes import named_scope


def index_name_parts(apps, schema_editor):
    with named_scope("migration"):
        rebuild_index(apps.get_model("cases", "Person"), apps.get_model("cases", "PersonNamePart"))


def forget_name_parts(apps, schema_editor):
    with named_scope("migration"):
        apps.get_model("cases", "PersonNamePart").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_casework_closure_children_name_parts"),
    ]

    operations = [
        migrations.RunPython(index_name_parts, forget_name_parts),
    ]
