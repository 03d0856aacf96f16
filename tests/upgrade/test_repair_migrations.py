"""Repair migrations: a database made by the first version of an edited migration upgrades.

`cases.0001` was edited after it had landed (a person's `label` became `number`); a database
made by its first version lacked `number` and broke after `asap migrate`. The test builds
such a database (today's schema up to `cases.0005`, with the person table as the first version
made it: a required `label`, no `number`), migrates it and finds the children numbered.
"""

import json

from tests.upgrade.databases import fresh_database, run_script

OLD_PERSON_TABLE = """
import json
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

call_command("migrate", "cases", "0005", verbosity=0)
state = MigrationExecutor(connection).loader.project_state(
    ("cases", "0005_person_name_index_support_person_encrypted")
)
case_model = state.apps.get_model("cases", "JointCase")
person = state.apps.get_model("cases", "Person")
# The first version's column: CharField(max_length=40), required, no default.
label = models.CharField(max_length=40)
label.contribute_to_class(person, "label")
with connection.schema_editor() as editor:
    editor.add_field(person, label)
cases = [case_model.objects.create(phase="referral") for _ in range(2)]
rows = [(cases[0], "perpetrator", "The man"), (cases[0], "child", "Bambino 1"),
        (cases[1], "child", "Child 1"), (cases[0], "child", "Bambino 2")]
for case, role, text in rows:
    person.objects.create(case=case, role=role, label=text, name="")
with connection.schema_editor() as editor:
    editor.remove_field(person, person._meta.get_field("number"))
"""

COLUMNS = """
with connection.cursor() as cursor:
    table = connection.introspection.get_table_description(cursor, "cases_person")
print(json.dumps(sorted(column.name for column in table)))
"""

MIGRATE_AND_READ = """
call_command("migrate", "cases", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("SELECT role, number FROM cases_person ORDER BY id")
    before = [list(row) for row in cursor.fetchall()]
# The platform writes a person again (it failed on the old table: `label` was required).
person = MigrationExecutor(connection).loader.project_state().apps.get_model("cases", "Person")
person.objects.create(case_id=cases[1].pk, role="child", number=2, name="")
print(json.dumps(before))
"""


def test_a_database_made_by_the_first_version_of_cases_0001_gets_the_childs_number(tmp_path):
    with fresh_database(tmp_path) as url:
        out = run_script(OLD_PERSON_TABLE + COLUMNS + MIGRATE_AND_READ + COLUMNS, url, tmp_path)
    old_columns, numbers, new_columns = (json.loads(line) for line in out.splitlines())
    assert "label" in old_columns
    assert "number" not in old_columns
    assert numbers == [["perpetrator", 1], ["child", 1], ["child", 1], ["child", 2]]
    assert "label" not in new_columns
    assert "number" in new_columns
    assert sorted({*old_columns, "number"} - {"label"}) == new_columns
