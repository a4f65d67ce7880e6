"""A reader narrows the publication search, shares page 2 of it, follows it and exports it."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import rispy
from playwright.sync_api import expect

from literature.models import Publication

pytestmark = pytest.mark.e2e

ATOM = "{http://www.w3.org/2005/Atom}"


def result_titles(page) -> list[str]:
    return [t.strip().rstrip(".") for t in page.locator(".search-result__title").all_inner_texts()]


def result_links(page) -> list[str]:
    return page.locator(".search-result__title").evaluate_all("links => links.map(a => a.pathname)")


def test_reader_filters_sorts_pages_shares_follows_and_exports_a_search(new_context):
    expected = Publication.objects.filter(
        pub_year__range=(2010, 2014), publication_types__name="Journal Article"
    )
    total = expected.count()
    assert 20 < total <= 40, "the demo data no longer gives this search two pages"

    context = new_context()
    page = context.new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Publications").click()
    page.wait_for_url("**/publications/")

    # The filters live in a disclosure; open it, then set a year range, a type and a sort.
    form = page.get_by_role("search").filter(has=page.get_by_label("Search publications"))
    form.get_by_text("Filters and search help").click()
    form.get_by_label("From year").fill("2010")
    form.get_by_label("To year").fill("2014")
    form.get_by_label("Publication type").select_option("Journal Article")
    form.get_by_label("Sort by").select_option("first_author")
    form.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/publications/\?.*year_min=2010"))
    expect(page.locator("#results-heading")).to_have_text(f"{total} results")
    expect(page.locator(".search-active-filters")).to_contain_text("Type: Journal Article")
    expect(page.locator(".search-active-filters")).to_contain_text("2010–2014")
    expect(page.locator(".search-tools__sort [aria-current]")).to_have_text("First author")
    first_page = result_titles(page)
    assert len(first_page) == 20

    # Page 2, then "Copy link": the clipboard holds this page's canonical address.
    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="2", exact=True).click()
    page.wait_for_url(re.compile(r"page=2"))
    second_page = result_titles(page)
    second_links = result_links(page)
    assert len(second_page) == total - 20
    assert not set(second_page) & set(first_page)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".copy-link__status")).to_have_text("Link copied.")
    shared = page.evaluate("navigator.clipboard.readText()")
    assert shared == page.get_by_label("Link to this search").input_value()
    params = parse_qs(urlsplit(shared).query)
    assert params == {
        "year_min": ["2010"],
        "year_max": ["2014"],
        "type": ["Journal Article"],
        "sort": ["first_author"],
        "page": ["2"],
    }

    # Someone else opens the shared address in a fresh browser: the same results in the same order.
    other = new_context().new_page()
    other.goto(shared)
    expect(other.locator("#results-heading")).to_have_text(f"{total} results")
    assert result_titles(other) == second_page
    assert result_links(other) == second_links
    assert sorted(second_page) == sorted(t.rstrip(".") for t in expected.values_list("title", flat=True)
                                         if t.rstrip(".") not in first_page)  # fmt: skip

    # "Follow this search": an Atom feed of the same search (newest first, all of them here).
    feed_link = page.get_by_role("link", name="Follow this search (Atom feed)")
    feed = context.request.get(feed_link.get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.body())  # noqa: S314 (our own feed)
    entries = root.findall(f"{ATOM}entry")
    assert sorted(e.findtext(f"{ATOM}title").rstrip(".") for e in entries) == sorted(first_page + second_page)

    # The RIS export downloads the whole search, in the page's order.
    with page.expect_download() as download_info:
        page.locator(".search-tools__export").get_by_role("link", name="RIS").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ris")
    records = rispy.loads(download.path().read_text(encoding="utf-8"))
    assert [r["title"].rstrip(".") for r in records] == first_page + second_page
