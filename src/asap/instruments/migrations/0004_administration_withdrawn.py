from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0003_answers_and_levels_per_child"),
    ]

    operations = [
        migrations.AlterField(
            model_name="administration",
            name="status",
            field=models.CharField(
                choices=[
                    ("open", "In progress"),
                    ("completed", "Completed"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="open",
                max_length=16,
                verbose_name="status",
            ),
        ),
    ]
