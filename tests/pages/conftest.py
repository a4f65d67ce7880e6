"""Fixtures for the public pages: a clean cache (comment rate limits, cached sitemaps) and bulk data
builders that make a drug with hundreds of publications or a post with hundreds of comments cheaply."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from literature.models import Comment, Publication, PublicationDrug, PublicationType, Trial
from tests import factories


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


TYPE_CYCLE = ["Journal Article", "Review", "Randomized Controlled Trial", "Case Reports"]


def bulk_publications(n: int, *, title="Study", first_year=1995, journal=None) -> list[Publication]:
    """``n`` publications in one INSERT, spread over 30 years, each with one cached author."""
    journal = journal or factories.JournalFactory()
    rows = []
    for i in range(n):
        pub = Publication(
            title=f"{title} {i}",
            journal=journal,
            volume=str(i % 50 + 1),
            pages=f"{i + 1}-{i + 9}",
            pub_year=first_year + i % 30,
            pub_month=i % 12 + 1,
            author_list=[
                {"last_name": f"Writer{i}", "initials": "AB"},
                {"last_name": "Second", "initials": "C"},
            ],
            author_count=2,
            first_author_key=f"writer{i} ab",
        )
        pub.derive_fields()
        rows.append(pub)
    return Publication.objects.bulk_create(rows)


def drug_with_literature(n: int, *, top: int = 5, name: str | None = None):
    """A drug linked to ``n`` publications (``top`` of them ranked), typed, with trials and a co-mentioned drug."""
    drug = factories.DrugFactory(**({"name": name, "slug": name.lower()} if name else {}))
    other = factories.DrugFactory()
    pubs = bulk_publications(n, title=f"{drug.name} study")
    PublicationDrug.objects.bulk_create(
        PublicationDrug(publication=p, drug=drug, rank=i + 1 if i < top else None, excerpt=f"Excerpt {i}.")
        for i, p in enumerate(pubs)
    )
    # Every third publication also names the other drug.
    PublicationDrug.objects.bulk_create(PublicationDrug(publication=p, drug=other) for p in pubs[::3])
    types = [PublicationType.objects.get_or_create(name=t)[0] for t in TYPE_CYCLE]
    through = Publication.publication_types.through
    through.objects.bulk_create(
        through(publication_id=p.pk, publicationtype_id=types[i % len(types)].pk) for i, p in enumerate(pubs)
    )
    trials = Trial.objects.bulk_create(
        Trial(identifier=f"NCT9{drug.pk:03d}{i:04d}") for i in range(min(n, 40))
    )
    Publication.trials.through.objects.bulk_create(
        Publication.trials.through(publication_id=p.pk, trial_id=t.pk)
        for p, t in zip(pubs, trials, strict=False)
    )
    post = factories.PostFactory()
    post.drugs.add(drug)
    return drug, other, pubs


def post_with_comments(n: int, **post_kwargs):
    """A published post with ``n`` approved comments, plus a pending and a spam one."""
    post = factories.PostFactory(**post_kwargs)
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(post=post, name=f"Reader {i}", body=f"Comment number {i}", status=Comment.Status.APPROVED,
                created_at=now - dt.timedelta(minutes=n - i))
        for i in range(n)
    )  # fmt: skip
    Comment.objects.create(post=post, name="Waiting", body="Pending comment", status=Comment.Status.PENDING)
    Comment.objects.create(post=post, name="Spammer", body="Buy pills", status=Comment.Status.SPAM)
    return post
