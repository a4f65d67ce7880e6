"""Full-text search over publications.

The code that writes publications (importers, the admin, the demo loader, the corpus
generator) calls ``reindex_publications`` with the ids it wrote, in the same transaction,
so the search index never lags the table.
"""

from collections.abc import Iterable


def reindex_publications(publication_ids: Iterable[int]) -> None:
    """Bring the search index in step with these publications (created, changed or deleted)."""
    # The search backends plug in here; until they exist there is no index to update.
    list(publication_ids)


def rebuild_index() -> None:
    """Rebuild the whole search index from the publications table, set-based."""
