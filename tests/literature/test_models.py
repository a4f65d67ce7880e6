"""Invariants the database keeps for publications, links and commentary."""

import pytest
from django.db import IntegrityError, transaction

from literature.models import Publication, PublicationDrug
from literature.services import pin_publication
from tests import factories

pytestmark = pytest.mark.django_db


def test_duplicate_pmid_is_rejected_by_the_database():
    factories.PublicationFactory(pmid=12345)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PublicationFactory(pmid=12345)


def test_duplicate_doi_is_rejected_whatever_its_case():
    factories.PublicationFactory(doi="10.1056/NEJMoa1609324")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PublicationFactory(doi="10.1056/nejmoa1609324")


def test_duplicate_pmcid_is_rejected():
    factories.PublicationFactory(pmcid="PMC4349266")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PublicationFactory(pmcid="PMC4349266")


def test_many_publications_may_lack_identifiers():
    factories.PublicationFactory(pmid=None, doi=None)
    factories.PublicationFactory(pmid=None, doi="")  # blank is stored as NULL, not as a duplicate ""
    assert Publication.objects.filter(pmid__isnull=True, doi__isnull=True).count() == 2


@pytest.mark.parametrize("month,day", [(13, None), (0, None), (None, 5), (2, 32)])
def test_impossible_partial_dates_are_rejected(month, day):
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(title="t", pub_year=2017, pub_month=month, pub_day=day)


def test_partial_date_sorts_and_displays_like_pubmed():
    day = factories.PublicationFactory(pub_year=2017, pub_month=10, pub_day=19)
    month = factories.PublicationFactory(pub_year=2017, pub_month=10)
    medline = factories.PublicationFactory(pub_year=2015, pub_date_text="2015 Oct-Dec")
    assert (day.date_display, month.date_display, medline.date_display) == (
        "2017 Oct 19",
        "2017 Oct",
        "2015 Oct-Dec",
    )
    assert list(Publication.objects.filter(pk__in=[day.pk, month.pk, medline.pk])) == [day, month, medline]


def test_ordered_authors_are_mirrored_on_the_row():
    pub = factories.PublicationFactory(authors=["Dahlin J", "Ekoff M", "Löf L"])
    pub.refresh_from_db()
    assert pub.author_names == ["Dahlin J", "Ekoff M", "Löf L"]
    assert pub.author_count == 3
    assert [a.author.last_name for a in pub.authorships.order_by("position")] == ["Dahlin", "Ekoff", "Löf"]
    assert pub.first_author_key == "dahlin j"


def test_a_drug_rank_is_unique_and_positive():
    drug = factories.DrugFactory()
    factories.PublicationDrugFactory(drug=drug, rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PublicationDrugFactory(drug=drug, rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PublicationDrugFactory(drug=drug, rank=0)


def test_pinning_at_position_one_moves_the_others_down():
    drug = factories.DrugFactory()
    first = factories.PublicationDrugFactory(drug=drug, rank=1)
    second = factories.PublicationDrugFactory(drug=drug, rank=2)
    newcomer = factories.PublicationFactory()
    link = pin_publication(drug=drug, publication=newcomer, rank=1, excerpt="..key finding..")
    ranks = dict(PublicationDrug.objects.filter(drug=drug).values_list("pk", "rank"))
    assert ranks == {link.pk: 1, first.pk: 2, second.pk: 3}
    assert link.origin == PublicationDrug.Origin.CURATOR and link.excerpt == "..key finding.."


def test_deleting_a_publication_with_a_curated_drug_link_is_refused():
    link = factories.PublicationDrugFactory(rank=1, excerpt="curated")
    with pytest.raises(IntegrityError), transaction.atomic():
        link.publication.delete()


def test_a_published_post_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PostFactory(published_at=None)


def test_post_markdown_is_rendered_and_sanitized_on_save():
    post = factories.PostFactory(body="**bold** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>bold</strong>" in post.body_html
    assert "<script" not in post.body_html and "javascript:" not in post.body_html
