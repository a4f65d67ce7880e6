"""A long import refreshes the planner's statistics itself (PostgreSQL).

A file is imported in one transaction, so autovacuum never sees its rows until it commits; the
planner then takes the growing tables for unanalyzed ones and, past ~20,000 records, picks a plan
for the search-document query that is ten times slower per record.
"""

import pytest
from django.db import connection

from bench.import_bench import generate
from literature.importers import service
from literature.models import MeshHeading, Publication
from tests.literature.importers.conftest import run_import


@pytest.mark.django_db
def test_a_long_import_analyzes_the_tables_it_grows_from_inside_its_transaction(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: set DATABASE_URL to a PostgreSQL server")
    monkeypatch.setattr(service, "ANALYZE_AFTER", 50)
    path = tmp_path / "pubmed.xml"
    generate(path, 120)

    report = run_import(path, batch_size=25)

    assert not report.files[0].error
    assert report.files[0].created == 120
    # Analyzed once, after the second batch (50 created; the next time would be at 200): the table's
    # row count as the planner knows it is exactly the headings of those first 50 records, which
    # only an ANALYZE inside the import's own transaction could have counted.
    first_50 = list(Publication.objects.order_by("pmid").values_list("pk", flat=True)[:50])
    expected = MeshHeading.objects.filter(publication__in=first_50).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [MeshHeading._meta.db_table])
        assert cursor.fetchone()[0] == expected
