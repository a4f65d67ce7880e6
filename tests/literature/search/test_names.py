"""A drug's brand and code names find the literature indexed under any of its names (the demo's imatinib)."""

import pytest
from django.urls import reverse

from drugs.models import Drug, DrugName
from literature.models import Publication, PublicationDrug
from tests import factories
from tests.literature.search.conftest import found, index

pytestmark = pytest.mark.django_db


@pytest.fixture
def imatinib_titles(demo):
    drug = Drug.objects.get(slug="imatinib")
    linked = PublicationDrug.objects.filter(drug=drug).values_list("publication__title", flat=True)
    return set(linked)


@pytest.mark.parametrize(
    "name", ["Gleevec", "STI571", "CGP57148B", "glivec", "imatinib", "Imatinib Mesylate", "imatinib mesilate"]
)
def test_every_name_of_imatinib_finds_its_literature(imatinib_titles, name):
    titles = set(found(name))
    assert len(imatinib_titles) == 62
    assert imatinib_titles <= titles


def test_a_publication_naming_only_a_brand_is_found_by_the_inn_and_a_code_name(demo):
    pub = factories.PublicationFactory(
        title="Hair repigmentation during Glivec treatment", authors=["Etienne G"]
    )
    index(pub)
    assert pub.title in found("imatinib")
    assert pub.title in found("sti571")
    assert pub.title not in found("nilotinib")


def test_a_name_added_by_a_curator_works_without_reindexing(demo):
    DrugName.objects.create(drug=Drug.objects.get(slug="imatinib"), name="Imkeldi", kind="brand")
    assert len(found("imkeldi")) >= 62


def test_the_page_says_which_names_were_searched(client, demo):
    response = client.get(reverse("literature:search"), {"q": "Gleevec"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "was searched as Imatinib under all its names" in text
    assert "STI571" in text and "CGP57148B" in text


def test_the_drug_filter_takes_any_name_and_canonicalizes_to_the_slug(client, demo):
    response = client.get(reverse("literature:search"), {"drug": "Gleevec", "per_page": "100"})
    assert response.status_code == 200
    assert '<link rel="canonical" href="http://testserver/publications/?drug=imatinib&amp;per_page=100">' in (
        response.content.decode()
    )
    assert response.context["page"].count == PublicationDrug.objects.filter(drug__slug="imatinib").count()
    assert len(response.context["page"].rows) == response.context["page"].count


def test_an_unknown_drug_is_a_form_error(client, demo):
    response = client.get(reverse("literature:search"), {"drug": "Gleevek"})
    assert response.status_code == 400
    assert "No drug is known by the name “Gleevek”" in response.content.decode()


def test_demo_publications_are_all_indexed(demo):
    assert len(found("")) == Publication.objects.count()
