"""The search page: filters, facets, sorts, deterministic paging, canonical URLs and bad parameters."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from literature.models import Publication
from literature.search.service import MAX_RESULTS, PublicationSearch, SearchRequest
from tests import factories
from tests.literature.search.conftest import abstract, found, index

pytestmark = pytest.mark.django_db
URL = reverse("literature:search")


@pytest.fixture
def shelf(db):
    """45 publications with many ties: 3 dates, 3 journals, 5 first authors, 2 types, all about leukemia."""
    journals = [
        factories.JournalFactory(title=t, iso_abbreviation=t) for t in ("Blood", "Leukemia", "Cancer")
    ]
    review = factories.PublicationTypeFactory(name="Review")
    article = factories.PublicationTypeFactory(name="Journal Article")
    drug = factories.DrugFactory(name="Dasatinib", slug="dasatinib")
    pubs = []
    for i in range(45):
        p = factories.PublicationFactory(
            title=f"Leukemia report {i:02d}",
            abstract=abstract("Leukemia in adults.") if i % 3 else [],
            journal=journals[i % 3],
            pub_year=2015 + i % 3,
            pub_month=6,
            language="eng" if i % 5 else "fre",
            authors=[f"{'ABCDE'[i % 5]}author X"],
        )
        p.publication_types.set([review] if i % 4 == 0 else [article])
        if i % 2 == 0:
            factories.PublicationDrugFactory(publication=p, drug=drug)
        pubs.append(p)
    index(*pubs)
    return pubs


@pytest.fixture(autouse=True)
def _render_every_request(settings):
    """These tests read the view's context, so every request renders (the page cache has its own tests)."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


def ids_on(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content[:500]
    return [row.publication.pk for row in response.context["page"].rows]


def expected(pubs, key):
    return [p.pk for p in sorted(pubs, key=key)]


SORTS = {
    "newest": lambda p: (-p.date_key, -p.pk),
    "oldest": lambda p: (p.date_key, p.pk),
    "first_author": lambda p: (p.first_author_key, -p.date_key, -p.pk),
    "journal": lambda p: (p.journal.iso_abbreviation.lower(), -p.date_key, -p.pk),
}


@pytest.mark.parametrize("sort", [*SORTS, "relevance"])
def test_every_sort_is_deterministic_and_paging_never_repeats_or_skips(client, shelf, sort):
    pubs = Publication.objects.select_related("journal").filter(pk__in=[p.pk for p in shelf])
    whole = ids_on(client, q="leukemia", sort=sort, per_page=50)
    if sort != "relevance":
        assert whole == expected(pubs, SORTS[sort])
    else:  # the engine's scores, equal scores newest first, then the highest id
        search = PublicationSearch(SearchRequest(q="leukemia", sort="relevance"))
        window = search._window(k=1000, scores=True)
        assert whole == [c.id for c in sorted(window.rows, key=lambda c: (-c.score, -c.date_key, -c.id))]
        assert len({c.score for c in window.rows}) < len(window.rows)  # there are ties to break
    pages = [ids_on(client, q="leukemia", sort=sort, per_page=10, page=n) for n in range(1, 6)]
    flat = [pk for page in pages for pk in page]
    assert flat == whole
    assert len(set(flat)) == 45


def test_the_same_url_gives_the_same_page_twice(client, shelf):
    assert ids_on(client, q="leukemia", page=2) == ids_on(client, q="leukemia", page=2)


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"journal": "Blood"}, 15),
        ({"journal": "blood"}, 15),
        ({"author": "Aauthor X"}, 9),
        ({"author": "aauthor"}, 9),
        ({"year_min": "2016"}, 30),
        ({"year_max": "2015"}, 15),
        ({"year_min": "2016", "year_max": "2016"}, 15),
        ({"type": "Review"}, 12),
        ({"type": ["Review", "Journal Article"]}, 45),
        ({"language": "fre"}, 9),
        ({"has_abstract": "yes"}, 30),
        ({"has_abstract": "no"}, 15),
        ({"drug": "dasatinib"}, 23),
        ({"journal": "Blood", "type": "Review", "year_min": "2015"}, 4),
        ({"q": "report", "journal": "Leukemia"}, 15),
    ],
)
def test_every_filter_narrows_the_results(client, shelf, params, count):
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.count == count and page.exact


def test_the_trial_filter(client, corpus):
    response = client.get(URL, {"trial": "nct00006343"})
    assert {r.publication.title for r in response.context["page"].rows} == {
        corpus["breast"].title,
        corpus["collective"].title,
    }


def test_facets_count_the_results_and_each_value_adds_its_filter(client, shelf):
    response = client.get(URL, {"q": "leukemia", "year_min": "2015"})
    facets = response.context["page"].facets
    assert facets.exact
    assert [(b.year, b.count) for b in facets.years] == [(2015, 15), (2016, 15), (2017, 15)]
    assert [(f.label, f.count) for f in facets.types] == [("Journal Article", 33), ("Review", 12)]
    assert sorted((f.label, f.count) for f in facets.journals) == [
        ("Blood", 15),
        ("Cancer", 15),
        ("Leukemia", 15),
    ]
    assert [(f.label, f.count) for f in facets.drugs] == [("Dasatinib", 23)]
    review = next(f for f in facets.types if f.label == "Review")
    assert dict(parse_qsl(urlsplit(review.url).query)) == {
        "q": "leukemia",
        "type": "Review",
        "year_min": "2015",
    }
    followed = client.get(review.url)
    assert followed.context["page"].count == 12
    # an active facet value links to its removal
    active = next(f for f in followed.context["page"].facets.types if f.label == "Review")
    assert active.active and "type=" not in active.url
    year = client.get(facets.years[0].url)
    assert year.context["page"].count == 15
    drug = client.get(facets.drugs[0].url)
    assert drug.context["page"].count == 23
    html = response.content.decode()
    assert '<svg class="year-histogram"' in html and "<title>2016: 15</title>" in html


def test_the_canonical_url_keeps_known_parameters_in_a_fixed_order_and_drops_defaults(client, shelf):
    response = client.get(
        URL,
        {
            "page": "1",
            "per_page": "20",
            "utm_source": "mail",
            "sort": "relevance",
            "type": ["Review", "Journal Article"],
            "q": "  leukemia   report ",
            "year_min": "2015",
            "has_abstract": "true",
        },  # fmt: skip
    )
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', response.content.decode())[1]
    assert canonical == (
        "http://testserver/publications/?q=leukemia+report&amp;type=Journal+Article&amp;type=Review"
        "&amp;year_min=2015&amp;has_abstract=yes"
    )


def test_a_non_default_sort_page_and_size_are_kept_in_the_canonical_url(client, shelf):
    response = client.get(URL, {"q": "leukemia", "sort": "newest", "page": "2", "per_page": "10"})
    html = response.content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/publications/?q=leukemia&amp;sort=newest&amp;per_page=10&amp;page=2">'
        in html
    )
    assert 'data-copy-target="search-link"' in html and "js/copy-link.js" in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'method="get"' in html
    assert "<script>" not in html  # no inline script: a strict Content-Security-Policy will do


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"sort": "cheapest"}, 200, "There is no sort called “cheapest”"),
        ({"type": "Editorial"}, 400, "No publication type is called “Editorial”"),
        ({"year_min": "abc"}, 400, "From year: Enter a whole number"),
        ({"year_max": "99999"}, 400, "To year: Ensure this value is less than or equal to 2200"),
        ({"year_min": "2017", "year_max": "2015"}, 200, "The years were the wrong way round"),
        ({"per_page": "100000"}, 200, "200 are shown"),
        ({"per_page": "7"}, 200, "10 are shown"),
        ({"per_page": "lots"}, 200, "is not a number of results per page"),
        ({"page": "-1"}, 200, "Pages are numbered from 1"),
        ({"page": "two"}, 200, "is not a page number"),
        ({"q": "leukemia " * 600}, 200, "shortened"),
        ({"q": "x" * 5000}, 200, "shortened"),
        ({"q": '"unbalanced'}, 200, "quotation mark was not closed"),
        ({"q": "(leukemia OR report"}, 200, "bracket was not closed"),
        ({"q": "leukemia)"}, 200, "closing bracket without an opening"),
        ({"q": "leukemia[xx]"}, 200, "[xx] is not one this search knows"),
        ({"q": "leukemia ["}, 200, "square bracket was not closed"),
        ({"q": "-leukemia"}, 400, "cannot be only exclusions"),
        ({"q": "2017/13[dp]"}, 400, "months run 1–12"),
        ({"has_abstract": "maybe"}, 400, "Choose yes or no"),
        ({"language": "english!"}, 400, "MEDLINE code"),
        ({"author": "!!!"}, 400, "no letters or digits"),
        ({"drug": "x" * 5000}, 400, "No drug is known"),
        ({"q": "\x00\x01 ; DROP TABLE"}, 400, "NUL bytes are not allowed"),
        ({"q": "' OR 1=1 --"}, 200, ""),
        ({"q": '"' * 51}, 200, ""),
        ({"q": ")(][*-:\"'"}, 200, ""),
    ],
)
def test_bad_parameters_never_give_a_500(client, shelf, params, status, message):
    response = client.get(URL, params)
    assert response.status_code == status
    assert message in response.content.decode()


def test_a_page_past_the_end_is_a_404_that_links_back_to_page_1(client, shelf):
    response = client.get(URL, {"q": "leukemia", "page": "4", "per_page": "20"})
    assert response.status_code == 404
    assert 'href="/publications/?q=leukemia"' in response.content.decode()
    assert client.get(URL, {"q": "leukemia", "page": "3", "per_page": "20"}).status_code == 200


def test_paging_stops_at_the_first_10000_results(client, shelf):
    page = MAX_RESULTS // 200 + 1
    response = client.get(URL, {"page": str(page), "per_page": "200"})
    assert response.status_code == 404
    assert "10,000" in response.content.decode()


def test_no_results_is_a_page_not_an_error(client, shelf):
    response = client.get(URL, {"q": "zebrafish"})
    assert response.status_code == 200
    assert response.context["page"].count == 0
    assert "No publications match" in response.content.decode()


def test_results_show_citation_snippet_badges_and_count(client, corpus):
    pub = corpus["kinase"]
    Publication.objects.filter(pk=pub.pk).update(is_retracted=True)
    response = client.get(URL, {"q": "tyrosine"})
    html = response.content.decode()
    assert "1 result" in html
    assert "Dahlin JS, Ekoff M." in html
    assert "<mark>Tyrosine</mark> kinase inhibitors changed" in html
    assert '<span class="badge badge--retracted">Retracted</span>' in html
    assert '<span class="badge badge--type">Review</span>' in html
    assert "Blood. 2017;12:100-110" in html


def test_snippets_and_titles_are_escaped(client, db):
    pub = factories.PublicationFactory(
        title="<script>alert(1)</script> leukemia", abstract=abstract("<img src=x onerror=alert(1)> leukemia")
    )
    index(pub)
    html = client.get(URL, {"q": "leukemia"}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>leukemia</mark>" in html


def test_search_results_are_not_for_crawlers(client, shelf):
    assert '<meta name="robots" content="noindex, follow">' in client.get(URL, {"q": "x"}).content.decode()
    assert "noindex" not in client.get(URL).content.decode()


def test_found_helper_agrees_with_the_page(client, shelf):
    assert len(found("leukemia")) == 45


def test_the_filterset_queryset_is_the_search_s_publications(shelf):
    from literature.filters import PublicationFilterSet

    filterset = PublicationFilterSet(
        {"q": "leukemia", "journal": "Blood"}, queryset=Publication.objects.all()
    )
    assert filterset.is_valid()
    assert set(filterset.qs.values_list("journal__title", flat=True)) == {"Blood"}
    assert filterset.qs.count() == 15
