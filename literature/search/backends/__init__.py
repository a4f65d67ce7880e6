"""The search engine behind the database: PostgreSQL full-text search or SQLite FTS5, chosen by vendor."""

from django.db import DEFAULT_DB_ALIAS, connections

from literature.search.backends.base import Candidate, Compiled, DateRange, SearchBackend, Window


def get_backend(using: str = DEFAULT_DB_ALIAS) -> SearchBackend:
    connection = connections[using]
    if connection.vendor == "postgresql":
        from literature.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        from literature.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend(connection)
    raise NotImplementedError(f"No search backend for the {connection.vendor} database.")


__all__ = ["get_backend", "Candidate", "Compiled", "DateRange", "SearchBackend", "Window"]
