"""The search index of an import: written batch by batch, beside the next batch, in the same transaction."""

import gc

import pytest
from django.db import connection

from literature.importers.collection import YOUNG_THRESHOLD
from literature.models import Publication
from literature.search.backends import get_backend
from tests.literature.importers.conftest import FIXTURES, run_import

pytestmark = pytest.mark.django_db

ARTICLES = FIXTURES / "pubmed_articles.xml"


def test_every_record_of_every_batch_is_indexed_when_the_import_ends():
    report = run_import(ARTICLES, batch_size=2).files[0]
    assert not report.error and report.created >= 4
    backend = get_backend()
    for pk, pmid in Publication.objects.values_list("pk", "pmid"):
        assert backend.document(pk)["publication_id"] == pk, pmid


def test_a_failure_while_indexing_a_batch_fails_the_file_and_writes_nothing(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: set DATABASE_URL to a PostgreSQL server (SQLite indexes in line)")
    from literature.search.backends.postgres import PostgresBackend

    # The statements run from a helper thread; what fails there must reach the import.
    monkeypatch.setattr(
        PostgresBackend, "_reindex_statements", staticmethod(lambda ids: [("SELECT 1/0", [])])
    )
    report = run_import(ARTICLES, batch_size=2).files[0]
    assert "division by zero" in report.error
    assert "nothing from this file was written" in report.error
    assert not Publication.objects.exists()


def test_the_garbage_collector_skips_long_lived_objects_during_an_import_and_only_then():
    before = gc.get_threshold()
    frozen_during, thresholds_during = [], set()

    def progress(*args):
        frozen_during.append(gc.get_freeze_count())
        thresholds_during.add(gc.get_threshold())

    run_import(ARTICLES, progress=progress)
    assert frozen_during and min(frozen_during) > 0
    assert thresholds_during == {(YOUNG_THRESHOLD, *before[1:])}
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_a_batch_the_database_refuses_does_not_lose_the_index_of_the_batch_before():
    """Half of batch 1's index is written inside batch 2's savepoint: batch 2 rolled back must not undo it."""
    refused = 90000004  # the fourth record: in the second batch of two
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"ALTER TABLE literature_publication ADD CONSTRAINT test_refused CHECK (pmid <> {refused})"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER test_refused BEFORE INSERT ON literature_publication WHEN NEW.pmid = {refused} "
                "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"
            )
    report = run_import(ARTICLES, batch_size=2).files[0]
    assert not report.error
    assert [p.position for p in report.failed] == [4]
    assert "refused by the database" in report.failed[0].reason
    assert report.created == 3
    backend = get_backend()
    for pk, pmid in Publication.objects.values_list("pk", "pmid"):
        assert backend.document(pk).get("publication_id") == pk, pmid


def test_two_imports_at_once_leave_the_collector_as_it_was_only_when_both_end():
    from literature.importers.collection import import_collection

    before = gc.get_threshold()
    first, second = import_collection(), import_collection()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD and gc.get_freeze_count() > 0
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_each_new_publication_is_indexed_once(monkeypatch):
    from literature.importers import service

    indexed = []
    real = service.start_reindex

    def recording(ids, **kwargs):
        indexed.extend(ids)
        return real(ids, **kwargs)

    monkeypatch.setattr(service, "start_reindex", recording)
    report = run_import(ARTICLES, batch_size=2).files[0]
    assert not report.error and report.created == 4
    assert sorted(indexed) == sorted(Publication.objects.values_list("pk", flat=True))
