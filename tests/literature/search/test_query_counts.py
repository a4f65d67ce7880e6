"""Pinned query counts: the search page, feed, export and site search do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.literature.search.conftest import abstract, index

pytestmark = pytest.mark.django_db

# The most queries a request may make, whatever the data: the drug-name lookup, (PostgreSQL: the
# words normalized, the planner's estimate), the window (one fetch, or the month histogram and at most
# five slices; on PostgreSQL each fetch sets its guards first, and in a test transaction a savepoint
# wraps it), the page's rows and their types, snippets and facet labels.
PG = connection.vendor == "postgresql"
PAGE_MAX = 22 if PG else 14
FEED_MAX = 14 if PG else 10
SITE_MAX = 22 if PG else 14


def make(n, start=0):
    drugs = [factories.DrugFactory() for _ in range(3)]
    types = [factories.PublicationTypeFactory(name=f"Type {i}") for i in range(4)]
    pubs = []
    for i in range(start, start + n):
        p = factories.PublicationFactory(
            title=f"Leukemia trial {i}",
            abstract=abstract(f"Leukemia outcomes, cohort {i}."),
            journal=factories.JournalFactory(),
            pub_year=1980 + i % 40,
            authors=[f"Author{i} A", "Second B"],
        )
        p.publication_types.set(types[: 1 + i % 4])
        factories.PublicationDrugFactory(publication=p, drug=drugs[i % 3])
        pubs.append(p)
    index(*pubs)
    return pubs


def count(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


CASES = [
    ("literature:search", {"q": "leukemia"}, PAGE_MAX),
    (
        "literature:search",
        {"q": "leukemia", "sort": "journal", "type": "Type 0", "year_min": "1990"},
        PAGE_MAX,
    ),
    ("literature:search", {"q": "leukemia", "sort": "oldest", "page": "2", "per_page": "50"}, PAGE_MAX),
    ("literature:search", {}, PAGE_MAX),
    ("literature:search_feed", {"q": "leukemia outcomes"}, FEED_MAX),
    ("site_search", {"q": "leukemia"}, SITE_MAX),
]


@pytest.mark.parametrize(("name", "params", "most"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_query_count_is_pinned_and_does_not_grow_with_the_data(client, name, params, most):
    url = reverse(name)
    make(60)
    few = count(client, url, params)
    make(300, start=60)
    many = count(client, url, params)
    make(300, start=360)
    more = count(client, url, params)
    assert max(few, many, more) <= most, (few, many, more)
    assert many == more  # 300 more rows, not one more query


def test_an_export_reads_its_rows_in_batches_of_a_fixed_number_of_queries(client):
    make(300)
    url = reverse("literature:export")
    many = count(client, url, {"q": "leukemia", "format": "ris"})
    small = count(client, url, {"q": "leukemia trial 7", "format": "ris"})
    # 300 rows are one batch of 500: no more queries than a handful of rows.
    assert many <= PAGE_MAX and small <= PAGE_MAX
