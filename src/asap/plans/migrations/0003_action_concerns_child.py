import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_casework_closure_children_name_parts"),
        ("plans", "0002_action_recorded_side"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="child",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cases.person",
                verbose_name="concerns the child",
            ),
        ),
    ]
