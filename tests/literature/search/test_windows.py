"""Large result sets are read in slices of time; the slices must give exactly what a full sort gives.

The thresholds are lowered so that a few hundred rows take every path: the whole fetch, the
probe that finds an estimate wrong, and slices sized from a fresh, stale or empty histogram.
"""

import random

import pytest
from django.core.cache import cache

from literature.models import Publication
from literature.search.backends import DateRange, get_backend
from literature.search.backends import base as backend_base
from literature.search.expand import expand_drug_names
from literature.search.query import parse_query
from tests import factories
from tests.literature.search.conftest import index

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(db):
    rng = random.Random(7)
    journal = factories.JournalFactory()
    pubs = []
    for i in range(240):
        year = (
            None if i % 23 == 0 else rng.choice([1950, 1961, 1979, 1988, 1999, 2004, 2010, 2017, 2018, 2024])
        )
        words = ["alpha"] + (["beta"] if i % 3 == 0 else []) + (["gamma"] if i % 20 == 0 else [])
        pubs.append(
            factories.PublicationFactory(
                title=" ".join(words) + f" {i}",
                journal=journal,
                pub_year=year,
                pub_month=rng.choice([None, 1, 6, 12]) if year else None,
                abstract=[],
                authors=["Smith J"],
            )
        )
    index(*pubs)
    return pubs


def naive(q, dates, newest):
    words = q.split()
    rows = []
    for p in Publication.objects.all():
        title = p.title.split()
        include = [w for w in words if not w.startswith("-")]
        exclude = [w[1:] for w in words if w.startswith("-")]
        if not all(w in title for w in include) or any(w in title for w in exclude):
            continue
        if dates is not None:
            low, high = dates
            if p.pub_year is None or not low <= p.pub_year <= high:
                continue
        rows.append(p)
    if newest:
        rows.sort(key=lambda p: (-p.date_key, -p.pk))
    else:
        rows.sort(key=lambda p: (p.date_key == 0, p.date_key, p.pk))
    return [p.pk for p in rows]


@pytest.fixture(params=["fresh", "stale", "empty"])
def histogram(request, monkeypatch):
    monkeypatch.setattr(backend_base, "RARE", 3)
    monkeypatch.setattr(backend_base, "PROBE", 6)
    backend = get_backend()
    if request.param == "stale":  # everything in one old month: slices sized all wrong
        monkeypatch.setattr(type(backend), "month_counts", lambda self: [(195001, 5000)])
    elif request.param == "empty":
        monkeypatch.setattr(type(backend), "month_counts", lambda self: [])
    cache.clear()
    return request.param


@pytest.mark.parametrize("q", ["alpha", "beta", "gamma", "alpha -beta", ""])
@pytest.mark.parametrize("dates", [None, (1979, 2004)])
@pytest.mark.parametrize("newest", [True, False])
def test_slices_give_exactly_the_full_sort(spread, histogram, q, dates, newest):
    backend = get_backend()
    tree, _ = expand_drug_names(parse_query(q).tree)
    query = backend.compile(tree)
    date_range = DateRange.years(*dates) if dates else DateRange()
    truth = naive(q, dates, newest)
    for k in (1, 7, 50, len(truth), 500):
        window = backend.window(query, dates=date_range, k=k, newest=newest)
        assert [c.id for c in window.rows] == truth[:k], (k, histogram)
        assert window.complete == (len(truth) <= k)
        if window.complete:
            assert window.total == len(truth)
        else:
            assert window.estimate >= k


def test_counts_are_exact_on_sqlite_and_estimated_beyond_the_window_on_postgresql(spread, monkeypatch):
    monkeypatch.setattr(backend_base, "RARE", 3)
    monkeypatch.setattr(backend_base, "PROBE", 6)
    backend = get_backend()
    window = backend.window(backend.compile(parse_query("alpha").tree), k=10)
    assert not window.complete and len(window.rows) == 10
    if backend.vendor == "sqlite":
        assert window.total == 240
    else:
        assert window.total is None and window.estimate > 10
