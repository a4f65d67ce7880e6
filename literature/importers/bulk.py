"""Bulk lookups and inserts for the importer, without a model instance per row.

An import writes a publication and some twenty rows around it per record (authorships,
MeSH headings, type and trial links, relations); at thousands of records a second the
cost of building model instances and preparing every value through the ORM is larger
than the database's own work. These helpers keep the ORM's table and column names and its
JSON and datetime adaptation, and talk to the database directly:

- PostgreSQL: ``COPY`` for plain inserts, ``INSERT ... SELECT FROM unnest(arrays) ON
  CONFLICT DO NOTHING`` where duplicates are skipped, ``= ANY(array)`` for lookups: one
  parameter per column, not per value;
- SQLite: ``executemany`` and chunked ``IN (...)`` lookups.

Everything runs on Django's cursor, inside the caller's transaction (``COPY`` is the one
statement Django's query log does not see).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from django.db import connection

SQLITE_MAX_VARIABLES = 30_000  # SQLite >= 3.32 allows 32766 bound variables per statement


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _converters(model, fields: Sequence[str]):
    """One function per column turning a Python value into what the driver takes."""
    out = []
    for name in fields:
        field = model._meta.get_field(name)
        kind = field.get_internal_type()
        if kind == "JSONField":
            out.append(lambda v: None if v is None else json.dumps(v))
        elif kind == "DateTimeField" and connection.vendor == "sqlite":
            out.append(connection.ops.adapt_datetimefield_value)
        else:
            out.append(None)
    return out


def _adapt(rows: Iterable[tuple], converters) -> list[tuple]:
    if not any(converters):
        return list(rows)
    return [tuple(c(v) if c else v for c, v in zip(converters, row, strict=True)) for row in rows]


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        value = value.replace("\x00", "")
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    return _copy_text(str(value))


def _copy_data(rows: Iterable[tuple]) -> str:
    """Rows in COPY's text format."""
    return "".join(["\t".join([_copy_text(v) for v in row]) + "\n" for row in rows])


def _copy(cursor, table: str, columns: str, data: str) -> None:
    """COPY rows already in text format, written in one piece (psycopg's per-row writer costs more)."""
    # psycopg's own cursor: Django's error translation is applied here (a refused row is an IntegrityError).
    with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        copy.write(data)


def _columns(model, fields: Sequence[str]) -> str:
    return ", ".join(_quote(model._meta.get_field(f).column) for f in fields)


def lookup(model, key: str, values: Iterable, fields: Sequence[str] = ("id",)) -> list[tuple]:
    """Rows ``(key, *fields)`` of ``model`` whose ``key`` column is one of ``values``."""
    values = list(dict.fromkeys(v for v in values if v is not None))
    if not values:
        return []
    table = _quote(model._meta.db_table)
    key_column = _quote(model._meta.get_field(key).column)
    # Table and column names come from the model's metadata, quoted; values are always parameters.
    select = f"SELECT {key_column}, {_columns(model, fields)} FROM {table}"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cast = model._meta.get_field(key).db_type(connection)
            cursor.execute(f"{select} WHERE {key_column} = ANY(%s::{cast}[])", [values])
            return cursor.fetchall()
        rows = []
        for start in range(0, len(values), SQLITE_MAX_VARIABLES):
            chunk = values[start : start + SQLITE_MAX_VARIABLES]
            cursor.execute(f"{select} WHERE {key_column} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            rows += cursor.fetchall()
        return rows


class Prepared:
    """Rows ready to insert: on PostgreSQL already in COPY's text format.

    An import prepares a batch's rows while the database is still busy with the last batch's
    search index, and only sends them once it is free.
    """

    def __init__(self, model, fields: Sequence[str], rows: Iterable[tuple]):
        self.model, self.fields = model, list(fields)
        adapted = _adapt(rows, _converters(model, fields))
        self.count = len(adapted)
        self.data = _copy_data(adapted) if connection.vendor == "postgresql" else adapted


def prepared_with_ids(model, fields: Sequence[str], rows: Iterable[tuple], ids: Sequence[int]) -> Prepared:
    """``Prepared`` rows with their primary keys first (ids from ``reserve_ids``)."""
    return Prepared(
        model, [model._meta.pk.name, *fields], [(i, *row) for i, row in zip(ids, rows, strict=True)]
    )


def insert_prepared(prepared: Prepared) -> None:
    """Insert ``Prepared`` rows (a plain insert: no conflicts skipped, nothing returned)."""
    if not prepared.count:
        return
    model = prepared.model
    table = _quote(model._meta.db_table)
    columns = _columns(model, prepared.fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, table, columns, prepared.data)
        else:
            placeholders = ", ".join(["%s"] * len(prepared.fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared.data)  # noqa: S608


def reserve_ids(model, count: int) -> list[int] | None:
    """``count`` new primary keys drawn from the table's sequence (PostgreSQL); None elsewhere.

    Rows inserted later with these ids (``prepared_with_ids``) can be prepared in full, their
    children included, before anything is written.
    """
    if connection.vendor != "postgresql":
        return None
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [r[0] for r in cursor.fetchall()]


def insert(
    model, fields: Sequence[str], rows: Iterable[tuple], ignore_conflicts: bool = False, returning: str = ""
) -> list[tuple] | None:
    """Insert rows (tuples in ``fields`` order); with ``ignore_conflicts`` a duplicate is skipped.

    With ``returning`` (a field name) on PostgreSQL, returns ``(that field, id)`` for the rows
    actually inserted; elsewhere returns None and the caller looks the ids up.
    """
    if not ignore_conflicts and not returning:
        insert_prepared(Prepared(model, fields, rows))
        return None
    rows = _adapt(rows, _converters(model, fields))
    if not rows:
        return [] if returning else None
    table = _quote(model._meta.db_table)
    columns = _columns(model, fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            casts = [model._meta.get_field(f).db_type(connection) for f in fields]
            arrays = ", ".join(f"%s::{cast}[]" for cast in casts)
            conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
            back = (
                f" RETURNING {_columns(model, [returning])}, {_quote(model._meta.pk.column)}"
                if returning
                else ""
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}){conflict}{back}",  # noqa: S608
                [list(column) for column in zip(*rows, strict=True)],
            )
            return cursor.fetchall() if returning else None
        verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
        cursor.executemany(
            f"{verb} INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows
        )


def insert_with_ids(model, fields: Sequence[str], rows: Sequence[tuple]) -> list[int]:
    """Insert rows and return their new primary keys, in order.

    PostgreSQL: the ids are drawn from the table's sequence first (``reserve_ids``), then the
    rows are copied with them. SQLite: one ``INSERT`` per row on the raw cursor (microseconds
    each), reading ``lastrowid``.
    """
    if not rows:
        return []
    if connection.vendor == "postgresql":
        ids = reserve_ids(model, len(rows))
        insert_prepared(prepared_with_ids(model, fields, rows, ids))
        return ids
    adapted = _adapt(rows, _converters(model, fields))
    table = model._meta.db_table
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {_quote(table)} ({_columns(model, fields)}) VALUES ({placeholders})"  # noqa: S608
        # One INSERT per row on the sqlite3 cursor itself (no per-call query rewriting), reading lastrowid.
        raw, sql = cursor.cursor, sql.replace("%s", "?")
        ids = []
        # Django's wrapper is bypassed: its error translation is not (a refused row is an IntegrityError).
        with connection.wrap_database_errors:
            for row in adapted:
                sqlite3.Cursor.execute(raw, sql, row)
                ids.append(raw.lastrowid)
        return ids
