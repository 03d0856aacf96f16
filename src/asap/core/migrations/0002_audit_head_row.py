"""The audit chain's head row, which every append locks."""

from django.db import migrations


def create_head(apps, schema_editor):
    AuditHead = apps.get_model("core", "AuditHead")
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_trail")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
