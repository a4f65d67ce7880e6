"""The synthetic corpus: deterministic for a seed, and its denormalized columns agree with its rows."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from drugs.models import Drug
from literature.models import (
    Authorship,
    Comment,
    Post,
    Publication,
    PublicationDrug,
    compute_match_key,
    first_author_name,
)
from portal.corpus import CorpusGenerator


class Rollback(Exception):
    pass


def snapshot(seed):
    """Generate inside a savepoint, read what was written, and roll it back."""
    try:
        with transaction.atomic():
            CorpusGenerator(publications=120, drugs=8, seed=seed, chunk=50).generate()
            rows = list(
                Publication.objects.filter(source="generated")
                .order_by("pk")
                .values_list("title", "author_list", "pub_year", "journal__title", "abstract")
            )
            raise Rollback(rows)
    except Rollback as done:
        return done.args[0]


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_corpus_and_another_seed_another():
    first, again, other = snapshot(7), snapshot(7), snapshot(8)
    assert len(first) == 120
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_generated_rows_are_consistent_and_skewed(demo):
    call_command("generate_corpus", publications=600, drugs=10, seed=2, chunk=250, verbosity=0)
    pubs = Publication.objects.filter(source="generated")
    assert pubs.count() == 600
    # The mirrored author columns agree with the authorship rows.
    for pub in pubs.order_by("?")[:25]:
        names = [
            a.author.last_name for a in Authorship.objects.filter(publication=pub).select_related("author")
        ]
        assert [a["last_name"] for a in pub.author_list] == names
        assert pub.author_count == len(names)
        assert pub.match_key == compute_match_key(pub.title, pub.pub_year, first_author_name(pub.author_list))
        assert 1 <= pub.author_count <= 30
        assert 1950 <= pub.pub_year <= 2026
    # A few drugs own most of the literature, and each drug's name is in its publications' titles.
    counts = list(
        PublicationDrug.objects.filter(drug__in=Drug.objects.exclude(slug="imatinib"))
        .values("drug")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    assert counts[0] > 3 * counts[-1]
    top_link = PublicationDrug.objects.filter(publication__source="generated").select_related(
        "drug", "publication"
    )[0]
    assert (
        top_link.drug.name.lower()
        in (top_link.publication.title + top_link.publication.abstract_text).lower()
    )
    assert Post.objects.count() > 1 and Comment.objects.exists()
    # The demo data is untouched and a second run adds to the corpus without collisions.
    assert PublicationDrug.objects.filter(drug__slug="imatinib").count() == 62
    call_command("generate_corpus", publications=50, drugs=3, seed=2, verbosity=0)
    assert Publication.objects.filter(source="generated").count() == 650
