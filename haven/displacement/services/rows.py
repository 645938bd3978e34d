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
    """Insert plain rows into a model's table with one prepared statement per batch.

    A million figures through `bulk_create` spend most of their time building model instances;
    these rows are already checked, so they go to the database as they are (portable SQL only).
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, never from input; values travel as parameters.
    statement = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(statement, rows[start : start + _BATCH])
