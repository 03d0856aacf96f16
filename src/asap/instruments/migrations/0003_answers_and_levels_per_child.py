import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_casework_closure_children_name_parts"),
        ("instruments", "0002_level_confirmation"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="answer",
            name="answer_once_per_source",
        ),
        migrations.RemoveConstraint(
            model_name="sectionresult",
            name="section_result_once",
        ),
        migrations.AddField(
            model_name="answer",
            name="child",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.person",
            ),
        ),
        migrations.AddField(
            model_name="sectionresult",
            name="child",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.person",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("child__isnull", True)),
                fields=("administration", "item", "source"),
                name="answer_once_per_source",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("child__isnull", False)),
                fields=("administration", "item", "source", "child"),
                name="answer_once_per_source_and_child",
            ),
        ),
        migrations.AddConstraint(
            model_name="sectionresult",
            constraint=models.UniqueConstraint(
                condition=models.Q(("child__isnull", True)),
                fields=("administration", "section"),
                name="section_result_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="sectionresult",
            constraint=models.UniqueConstraint(
                condition=models.Q(("child__isnull", False)),
                fields=("administration", "section", "child"),
                name="section_result_once_per_child",
            ),
        ),
    ]
