"""Site-wide search: drugs by any name (an exact name first), publications, published commentary."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from literature.models import Post
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("site_search")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_a_brand_name_finds_the_drug_its_publications_and_its_commentary(client, demo):
    response = client.get(URL, {"q": "Gleevec", "all": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    drugs = response.context["drugs"]
    assert [d["drug"].slug for d in drugs] == ["imatinib"]
    assert 'href="/drugs/imatinib/"' in html
    publications = response.context["publications"]
    assert publications.count >= 62 and len(publications.rows) == 5
    assert 'href="/publications/?q=Gleevec"' in html
    assert [p.slug for p in response.context["posts"]] == [Post.objects.get().slug]


@pytest.mark.parametrize("q", ["gleevec", "STI571", "imatinib mesylate", "  Imatinib "])
def test_any_name_of_a_drug_goes_straight_to_its_page_which_links_back_to_everything(client, demo, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 302
    assert response["Location"].startswith("/drugs/imatinib/?searched=")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    words = " ".join(q.split())
    assert f"Your search “{words}” names this drug" in html
    back = page.context["searched_url"]
    assert back.startswith(URL) and "all=1" in back
    everything = client.get(back)
    assert everything.status_code == 200
    assert [d["drug"].slug for d in everything.context["drugs"]] == ["imatinib"]


def test_words_that_are_no_drugs_name_show_the_results_page(client, demo):
    assert client.get(URL, {"q": "imatinib resistance"}).status_code == 200
    assert client.get(URL, {"q": "leukemia"}).status_code == 200


def test_an_exact_name_comes_before_names_that_only_contain_it(client, db):
    factories.DrugFactory(name="Abacavir-Lamivudine", slug="abacavir-lamivudine")
    factories.DrugFactory(name="Lamivudine", slug="lamivudine")
    factories.DrugFactory(name="Zidovudine lamivudine combo", slug="zl-combo")
    drugs = client.get(URL, {"q": "lamivudine", "all": "1"}).context["drugs"]
    assert [d["drug"].slug for d in drugs] == ["lamivudine", "abacavir-lamivudine", "zl-combo"]
    assert drugs[0]["exact"] and not drugs[1]["exact"]


def test_only_published_commentary_is_found(client, db):
    factories.PostFactory(title="Imatinib in multiple sclerosis", slug="published-one")
    factories.PostFactory(
        title="Imatinib draft", slug="draft-one", status=Post.Status.DRAFT, published_at=None
    )
    factories.PostFactory(
        title="Imatinib scheduled", slug="future-one", published_at=timezone.now() + dt.timedelta(days=3)
    )
    posts = client.get(URL, {"q": "imatinib", "all": "1"}).context["posts"]
    assert [p.slug for p in posts] == ["published-one"]


def test_an_empty_search_shows_the_form_and_nothing_else(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["drugs"] == [] and response.context["publications"] is None
    assert 'name="q"' in response.content.decode()


@pytest.mark.parametrize("q", ["-imatinib", '"unclosed', "x" * 5000, "2017/13[dp]", "(((", "\u0000"])
def test_awkward_searches_never_fail(client, demo, q):
    response = client.get(URL, {"q": q})
    # NUL bytes are refused for every URL (portal.middleware.RejectNulBytesMiddleware).
    assert response.status_code == (400 if "\x00" in q else 200)


def test_a_query_the_search_cannot_read_is_explained_in_the_publications_section(client, demo):
    html = client.get(URL, {"q": "-imatinib"}).content.decode()
    assert "cannot be only exclusions" in html


def test_site_search_makes_a_fixed_number_of_queries(client, demo):
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"q": "imatinib", "all": "1"})
    for i in range(150):
        factories.PostFactory(title=f"Imatinib note {i}", slug=f"note-{i}")
        factories.DrugNameFactory(name=f"Imatinib variant {i}")
    with CaptureQueriesContext(connection) as large:
        client.get(URL, {"q": "imatinib", "all": "1"})
    assert (
        len(large.captured_queries) <= len(small.captured_queries) + 1
    )  # +1: the histogram cache is warm or not
    assert len(large.captured_queries) <= 22
