"""Home and the drug index: one search box, the most-studied drugs, A–Z with counts and filters."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from drugs.models import Drug
from literature.models import Post, PublicationDrug
from tests import factories
from tests.pages import html
from tests.pages.conftest import bulk_publications, drug_with_literature


def test_home_has_one_search_box_sending_q_to_the_site_search(client, db):
    page = client.get("/").content.decode()
    forms = html.texts_html(page, cls="big-search")
    assert page.count('role="search"') == 1
    assert f'action="{reverse("site_search")}"' in forms and 'method="get"' in forms
    assert 'name="q"' in forms


def test_home_lists_the_drugs_with_most_literature_latest_commentary_and_publications(client, db):
    big, _o, _p = drug_with_literature(6, name="Bigamab")
    small, _o, _p = drug_with_literature(2, name="Smallamab")
    factories.PostFactory(title="Old news", published_at=timezone.now() - dt.timedelta(days=30))
    factories.PostFactory(title="Fresh news", published_at=timezone.now() - dt.timedelta(hours=1))
    factories.PostFactory(title="Hidden draft", status=Post.Status.DRAFT, published_at=None)
    newest = factories.PublicationFactory(title="Newest finding", pub_year=2031)
    page = client.get("/").content.decode()
    ranked = html.texts(page, cls="ranked-list")[0]
    assert ranked.index("Bigamab 6 publications") < ranked.index("Smallamab 2 publications")
    teasers = html.texts(page, cls="post-teaser")
    assert teasers[0].startswith("Fresh news") and "Hidden draft" not in page
    assert html.texts(page, cls="cite-title")[0] == "Newest finding."
    assert f'href="{newest.get_absolute_url()}"' in page


@pytest.mark.parametrize("n", [10, 300])
def test_home_runs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, n):
    drug_with_literature(n)
    with django_assert_max_num_queries(HOME_QUERIES) as captured:
        assert client.get("/").status_code == 200
    assert len(captured.captured_queries) == HOME_QUERIES


HOME_QUERIES = 5  # top drugs (GROUP BY, then the drugs), posts + their tags, publications


def test_drug_index_is_a_to_z_with_letter_navigation_and_publication_counts(client, db):
    for name in ("Zanubrutinib", "Abemaciclib", "imatinib", "5-Fluorouracil", "Acalabrutinib"):
        factories.DrugFactory(name=name, slug=name.lower())
    imatinib = Drug.objects.get(slug="imatinib")
    factories.DrugNameFactory(drug=imatinib, name="Gleevec")
    PublicationDrug.objects.bulk_create(
        PublicationDrug(publication=p, drug=imatinib) for p in bulk_publications(3)
    )
    page = client.get("/drugs/").content.decode()
    groups = html.texts(page, cls="letter-group")
    assert [g.split()[0] for g in groups] == ["A", "I", "Z", "Other"]
    assert groups[0].index("Abemaciclib") < groups[0].index("Acalabrutinib")
    assert "imatinib 3 publications Gleevec" in groups[1]
    assert "Zanubrutinib 0 publications" in groups[2]
    assert "5-Fluorouracil" in groups[3]
    letters = html.texts_html(page, cls="letters")
    assert (
        'href="#letter-A"' in letters
        and 'href="#letter-other"' in letters
        and 'href="#letter-B"' not in letters
    )


def test_drug_index_filters_by_class_target_and_condition(client, db):
    tki = factories.DrugClassFactory(name="Kinase inhibitors", slug="kinase-inhibitors")
    abl = factories.TargetFactory(name="ABL1", slug="abl1")
    cml = factories.ConditionFactory(name="CML", slug="cml")
    imatinib = factories.DrugFactory(name="Imatinib", slug="imatinib")
    imatinib.classes.add(tki)
    imatinib.targets.add(abl)
    imatinib.conditions.add(cml)
    dasatinib = factories.DrugFactory(name="Dasatinib", slug="dasatinib")
    dasatinib.classes.add(tki)
    factories.DrugFactory(name="Aspirin", slug="aspirin")

    def names(query):
        page = client.get(f"/drugs/?{query}").content.decode()
        return [t for t in html.texts(page, cls="drug-name")]

    assert names("drug_class=kinase-inhibitors") == ["Dasatinib", "Imatinib"]
    assert names("target=abl1") == ["Imatinib"]
    assert names("condition=cml&drug_class=kinase-inhibitors") == ["Imatinib"]
    assert names("") == ["Aspirin", "Dasatinib", "Imatinib"]


def test_an_unknown_filter_value_is_reported_and_ignored(client, db):
    factories.DrugFactory(name="Aspirin", slug="aspirin")
    response = client.get("/drugs/?target=no-such-target")
    assert response.status_code == 200
    assert "Select a valid choice" in html.text(response.content, cls="filters")
    assert html.texts(response.content, cls="drug-name") == ["Aspirin"]


def test_drug_pages_link_classes_to_the_filtered_index(client, demo):
    page = client.get("/drugs/imatinib/").content.decode()
    assert 'href="/drugs/?drug_class=tyrosine-kinase-inhibitors"' in page
    filtered = client.get("/drugs/?drug_class=tyrosine-kinase-inhibitors").content.decode()
    assert html.texts(filtered, cls="drug-name") == ["Imatinib"]


@pytest.mark.parametrize("n", [10, 300])
def test_drug_index_runs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, n):
    for i in range(n // 10):
        drug_with_literature(10, name=f"Drug{i:03d}x")
    with django_assert_max_num_queries(INDEX_QUERIES) as captured:
        assert client.get("/drugs/?drug_class=").status_code == 200
    assert len(captured.captured_queries) == INDEX_QUERIES


INDEX_QUERIES = 6  # drugs, their names, counts per drug, the three filter choices
