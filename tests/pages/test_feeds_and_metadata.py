"""Atom feeds, sitemap.xml, robots.txt, and the metadata every page carries."""

import re
import xml.etree.ElementTree as ET

import pytest

from literature.models import Post, PublicationDrug
from portal import sitemaps
from tests import factories
from tests.pages import html

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content: bytes):
    return ET.fromstring(content)  # noqa: S314 - our own responses, not untrusted input


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return parse_xml(response.content)


def entry_titles(feed):
    return [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]


def test_commentary_feed_is_atom_with_published_posts_only(client, demo):
    factories.PostFactory(title="Draft in feed?", status=Post.Status.DRAFT, published_at=None)
    feed = atom(client, "/commentary/feed/")
    assert entry_titles(feed) == ["Animals got it wrong again or is a fluke?"]
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "MouseDoctor"
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {
        "Multiple sclerosis",
        "Animal models",
    }
    assert "small molecule kinase inhibitor" in entry.find(f"{ATOM}summary").text


def test_author_and_tag_feeds(client, demo):
    assert entry_titles(atom(client, "/commentary/authors/mousedoctor/feed/")) == [
        "Animals got it wrong again or is a fluke?"
    ]
    assert entry_titles(atom(client, "/commentary/tags/animal-models/feed/")) == [
        "Animals got it wrong again or is a fluke?"
    ]
    assert client.get("/commentary/tags/nothing/feed/").status_code == 404


def test_each_drug_has_a_feed_of_its_new_publications(client, demo):
    feed = atom(client, "/drugs/imatinib/feed/")
    assert len(entry_titles(feed)) == 50  # the newest 50 of imatinib's 62
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert re.fullmatch(r"http://testserver/publications/\d+/", link)
    assert client.get("/drugs/gleevec/feed/")["Location"] == "/drugs/imatinib/feed/"
    assert client.get("/drugs/nothing/feed/").status_code == 404


def test_the_newest_link_leads_the_drug_feed(client, db):
    drug = factories.DrugFactory()
    old = factories.PublicationFactory(title="Linked long ago")
    new = factories.PublicationFactory(title="Linked just now")
    PublicationDrug.objects.create(publication=old, drug=drug)
    PublicationDrug.objects.create(publication=new, drug=drug)
    assert entry_titles(atom(client, f"/drugs/{drug.slug}/feed/")) == ["Linked just now", "Linked long ago"]


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("/", "/commentary/feed/"),
        ("/drugs/imatinib/", "/drugs/imatinib/feed/"),
        ("/commentary/", "/commentary/feed/"),
        ("/commentary/authors/mousedoctor/", "/commentary/authors/mousedoctor/feed/"),
        ("/commentary/tags/animal-models/", "/commentary/tags/animal-models/feed/"),
        ("/commentary/animals-got-it-wrong-again-or-is-a-fluke/", "/commentary/authors/mousedoctor/feed/"),
    ],
)
def test_pages_announce_their_feeds(client, demo, url, feed):
    page = client.get(url).content.decode()
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{re.escape(feed)}">', page
    )


def test_sitemap_index_lists_paginated_sections(client, demo, monkeypatch):
    monkeypatch.setattr(sitemaps.PublicationSitemap, "limit", 20)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locs = [e.text for e in parse_xml(response.content).iter(f"{SITEMAP}loc")]
    # 66 publications, 20 a page: four pages.
    assert [u for u in locs if "publications" in u] == [
        "http://testserver/sitemap-publications.xml",
        "http://testserver/sitemap-publications.xml?p=2",
        "http://testserver/sitemap-publications.xml?p=3",
        "http://testserver/sitemap-publications.xml?p=4",
    ]
    for section in ("pages", "drugs", "commentary", "authors", "tags"):
        assert f"http://testserver/sitemap-{section}.xml" in locs


def test_sitemap_sections_list_public_pages_only(client, demo):
    factories.PostFactory(slug="secret-draft", status=Post.Status.DRAFT, published_at=None)

    def urls(section):
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        return [e.text for e in parse_xml(response.content).iter(f"{SITEMAP}loc")]

    assert urls("drugs") == ["http://testserver/drugs/imatinib/"]
    assert urls("commentary") == ["http://testserver/commentary/animals-got-it-wrong-again-or-is-a-fluke/"]
    assert urls("authors") == ["http://testserver/commentary/authors/mousedoctor/"]
    assert len(urls("publications")) == 66
    assert "http://testserver/" in urls("pages")


@pytest.mark.parametrize("n", [10, 300])
def test_sitemap_index_queries_do_not_grow_with_publications(client, db, django_assert_max_num_queries, n):
    from tests.pages.conftest import bulk_publications

    bulk_publications(n)
    with django_assert_max_num_queries(8) as captured:
        assert client.get("/sitemap.xml").status_code == 200
    # A count per paginated section (5) and one MAX(updated_at) for drugs, publications and posts.
    assert len(captured.captured_queries) == 8


def test_robots_txt_opens_pages_and_closes_search_exports_and_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    for line in (
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /publications/export/",
        "Disallow: /publications/?",
        "Disallow: /publications/feed/?",
        "Sitemap: http://testserver/sitemap.xml",
    ):
        assert line in lines


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/drugs/",
        "/drugs/imatinib/",
        "/commentary/",
        "/commentary/animals-got-it-wrong-again-or-is-a-fluke/",
        "/commentary/authors/mousedoctor/",
        "/commentary/tags/animal-models/",
    ],
)
def test_every_page_has_landmarks_canonical_opengraph_and_no_inline_code(client, demo, url):
    page = client.get(url).content.decode()
    for landmark in ('<header class="site-header">', '<nav class="site-nav" aria-label="Main">', '<main id="main"',
                     '<footer class="site-footer">', '<a class="skip-link" href="#main">'):  # fmt: skip
        assert landmark in page
    assert re.search(r'<link rel="canonical" href="http://testserver/[^"]*">', page)
    assert '<meta property="og:title" content="' in page and '<meta property="og:url" content="http' in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in page
    # Ready for a Content-Security-Policy without 'unsafe-inline'.
    assert ' style="' not in page and "<style" not in page
    assert all("src=" in a or 'type="application/ld+json"' in a for a in re.findall(r"<script([^>]*)>", page))
    assert not re.search(r"\son[a-z]+=", page)


def test_the_post_page_has_blog_posting_json_ld(client, demo):
    page = client.get("/commentary/animals-got-it-wrong-again-or-is-a-fluke/").content.decode()
    (data,) = html.json_ld(page)
    assert data["@type"] == "BlogPosting"
    assert data["author"]["name"] == "MouseDoctor"
    assert data["datePublished"].startswith("2019-12-20")
    assert len(data["citation"]) == 4


@pytest.mark.parametrize("n", [10, 300])
def test_feeds_run_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, n):
    from tests.pages.conftest import drug_with_literature

    drug, _other, _pubs = drug_with_literature(n)
    author = factories.ContributorFactory()
    for _ in range(n // 10):
        factories.PostFactory(author=author).tags.add(factories.TagFactory())
    for url, expected in (
        (f"/drugs/{drug.slug}/feed/", 3),  # the slug check, the drug, its newest 50 links
        ("/commentary/feed/", 2),  # 20 posts with authors, their tags
        (f"/commentary/authors/{author.slug}/feed/", 3),  # the author, then as above
    ):
        with django_assert_max_num_queries(expected) as captured:
            assert client.get(url).status_code == 200
        assert len(captured.captured_queries) == expected, url
