"""Full-text search over publications, on PostgreSQL or SQLite FTS5 (see ``backends``).

The code that writes publications (importers, the admin, the demo loader, the corpus
generator) calls ``reindex_publications`` with the ids it wrote, in the same transaction,
so the search index never lags the table. ``rebuild_index`` rebuilds the whole index
set-based (one INSERT ... SELECT per id range); ``manage.py rebuild_search_index`` runs it.

Reading: ``literature.search.service`` turns a validated search (``SearchRequest``, from
``literature.filters``) into a page of results, a feed or an export.
"""

from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, transaction

from portal.caching import bump_content_version

# PostgreSQL takes an id list as one array parameter; this bounds one statement's size.
REINDEX_CHUNK = 10_000


def _chunks(publication_ids: Iterable[int]) -> list[list[int]]:
    """The ids once each, in statements of at most REINDEX_CHUNK."""
    from literature.search.backends.base import dedupe

    ids = dedupe(publication_ids)
    return [ids[start : start + REINDEX_CHUNK] for start in range(0, len(ids), REINDEX_CHUNK)]


def reindex_publications(publication_ids: Iterable[int], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Bring the search index in step with these publications (created, changed or deleted)."""
    from literature.search.backends import get_backend

    chunks = _chunks(publication_ids)
    if not chunks:
        return
    backend = get_backend(using)
    for ids in chunks:
        backend.reindex(ids)
    # Every writer of publications passes here (or through start_reindex), bulk ones (COPY,
    # executemany) included, which send no model signals: cached pages and fragments go stale
    # once this transaction commits.
    transaction.on_commit(bump_content_version, using=using)


def start_reindex(publication_ids: Iterable[int], *, using: str = DEFAULT_DB_ALIAS) -> Callable[[], None]:
    """``reindex_publications``, run while the caller goes on with work that needs no database.

    Returns the function that waits for it and raises what it raised; call it before the next
    statement on this connection (a savepoint included). Where the backend cannot run it aside
    (SQLite), the work is done before this returns. A bulk import uses this: building the next
    batch in Python costs about as much as indexing the last one in PostgreSQL.
    """
    from literature.search.backends import get_backend

    chunks = _chunks(publication_ids)
    if not chunks:
        return lambda: None
    transaction.on_commit(bump_content_version, using=using)
    return get_backend(using).start_reindex(chunks)


def refresh_statistics(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Tell the database's planner about rows a long transaction wrote (a bulk import calls this)."""
    from literature.search.backends import get_backend

    get_backend(using).refresh_statistics()


def rebuild_index(
    *, using: str = DEFAULT_DB_ALIAS, progress: Callable[[int, int], None] | None = None, jobs: int = 1
) -> int:
    """Rebuild the whole index from the publications table; returns the number of publications indexed.

    ``jobs`` > 1 fills the index over that many database connections at once (PostgreSQL; for bulk
    loads: the rebuild is then not one transaction).
    """
    from literature.search.backends import get_backend

    done = get_backend(using).rebuild(progress=progress, jobs=max(1, jobs))
    transaction.on_commit(bump_content_version, using=using)
    return done
