"""Writing many checked rows at once, portably across SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Model

_BATCH = 5000


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return column


def rows_insert(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain rows into a model's table, as fast as each database takes them.

    A million figures through `bulk_create` spend most of their time building model instances;
    these rows are already checked, so they go to the database as they are: one prepared
    statement for many rows on SQLite, PostgreSQL's COPY (through psycopg, no SQL of its own) there,
    where a statement per row would be parsed a million times.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        # Table and column names come from the model, never from input; values travel as parameters.
        statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(statement, rows[start : start + _BATCH])
