"""Fast bulk inserts for seeding: rows as tuples, explicit ids, no model instances.

On PostgreSQL the rows go through COPY (psycopg's `cursor.copy`); on SQLite through
`executemany`. Values are written as the database stores them: dates and datetimes adapted
by the backend, JSON dumped to text, booleans as booleans. Encrypted fields get values the
caller already sealed (`asap.bench.sealing`): the field's own `pre_save` is never run.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if internal == "DateField":
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    if internal == "JSONField":
        return lambda v: None if v is None else json.dumps(v)
    return None


class Table:
    """One table being filled: its columns, its next id, and the rows waiting to be written."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.columns = ["id", *columns]
        self.db_columns = [fields[c].column for c in self.columns]
        self.adapters = [(i, a) for i, c in enumerate(self.columns) if (a := _adapter(fields[c]))]
        top = model.objects.aggregate(top=Max("pk"))["top"] or 0
        self.next_id = top + 1
        self.rows: list[list[Any]] = []
        self.written = 0

    def add(self, *values: Any) -> int:
        """Queue one row (values in the order of `columns`); return its id."""
        pk = self.next_id
        self.next_id += 1
        self.rows.append([pk, *values])
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        rows = self.rows
        for row in rows:
            for index, adapt in self.adapters:
                row[index] = adapt(row[index])
        write(self.table, self.db_columns, rows)
        self.written += len(rows)
        self.rows = []


def write(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` into `table` in the current transaction, as fast as the backend allows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        # Table and column names come from our models, quoted; the values are parameters.
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608
        cursor.executemany(sql, rows)


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After inserts with explicit ids, make the next automatic id follow the largest one."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
