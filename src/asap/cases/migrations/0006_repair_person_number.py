"""Repair: the child's number, for databases made by the first version of `cases.0001`.

`cases.0001` was edited after it had landed: its first version gave a person a `label`
column (text such as "Child 2", in the language of whoever added the child), the edited one a
`number` column instead. A database created by the first version never received `number`
(every page that lists persons failed: `no such column: cases_person.number`) and keeps a
required `label` that the platform no longer writes. This migration changes nothing on a
database made by today's `cases.0001`; on an old one it adds `number`, numbers each case's
children in the order they were recorded (how the platform numbers them) and drops `label`.
Migrations that have landed are never edited again: see docs/releases.md.
"""

from django.db import migrations


def _columns(schema_editor, table: str) -> set[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def add_missing_number(apps, schema_editor):
    person_model = apps.get_model("cases", "Person")
    table = person_model._meta.db_table
    if "number" not in _columns(schema_editor, table):
        # On SQLite this rebuilds the table from today's model, which drops `label` as well.
        schema_editor.add_field(person_model, person_model._meta.get_field("number"))
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT id, case_id FROM cases_person WHERE role = 'child' ORDER BY id")
            counts: dict[int, int] = {}
            for pk, case_id in cursor.fetchall():
                counts[case_id] = counts.get(case_id, 0) + 1
                cursor.execute(
                    "UPDATE cases_person SET number = %s WHERE id = %s", [counts[case_id], pk]
                )
    if "label" in _columns(schema_editor, table):
        schema_editor.execute(
            schema_editor.sql_delete_column
            % {
                "table": schema_editor.quote_name(table),
                "column": schema_editor.quote_name("label"),
            }
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_person_name_index_support_person_encrypted"),
    ]

    operations = [
        migrations.RunPython(add_missing_number, migrations.RunPython.noop),
    ]
