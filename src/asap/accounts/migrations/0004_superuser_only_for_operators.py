"""No organisation role makes a superuser: only platform operators keep staff status."""

from django.db import migrations


def clear_flags(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_operator=False).update(is_staff=False, is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_operators_security_log_sessions_recovery")]

    operations = [migrations.RunPython(clear_flags, migrations.RunPython.noop)]
