"""Writing many checked rows at once, for any app: one prepared INSERT run through the cursor.

Django's `bulk_create` compiles every value of every row into SQL, which dominates an import of
600,000 people; here each field's conversion to the database's form is chosen once and the driver
does the rest: one prepared INSERT run many times on SQLite, COPY on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.db import connection, models

CHUNK = 2000

_PLAIN = (models.CharField, models.IntegerField, models.BooleanField, models.TextField, models.AutoField)


def _converter(field: Any) -> Callable[[Any], Any] | None:
    """None where the value goes to the driver as it is; the cheapest correct conversion otherwise."""
    target = field.target_field if field.is_relation else field
    operations = connection.ops
    if isinstance(target, models.UUIDField):
        # The same few identifiers (a batch's) on every row: converted once each.
        return lru_cache(maxsize=64)(lambda value: target.get_db_prep_value(value, connection))
    if isinstance(target, models.DateTimeField):
        return operations.adapt_datetimefield_value
    if isinstance(target, models.DateField):
        return operations.adapt_datefield_value
    if isinstance(target, models.JSONField):
        return json.dumps
    if isinstance(target, _PLAIN):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (values in the order of `fields`) into `model`'s table; returns how many."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(getattr(field, "column", ""))) for field in columns)
    # Table and column names come from the model and are quoted; every value is a parameter.
    statement = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    converters = [_converter(field) for field in columns]
    prepared = ([value if convert is None else convert(value) for value, convert in zip(row, converters, strict=True)]
                for row in rows)  # fmt: skip
    if connection.vendor == "postgresql":
        # PostgreSQL's own bulk path: executemany costs a round trip per row, COPY streams them.
        copy_statement = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(copy_statement) as copy:
            for values in prepared:
                copy.write_row(values)
                count += 1
        return count
    count = 0
    chunk: list[list[Any]] = []
    with connection.cursor() as cursor:
        for values in prepared:
            chunk.append(values)
            if len(chunk) >= CHUNK:
                cursor.executemany(statement, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(statement, chunk)
            count += len(chunk)
    return count
