"""Searching with the keyboard only: Tab to move, type, Enter to send or follow; focus always visible."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MAX_TABS = 60


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            const style = getComputedStyle(e);
            return {
                tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').trim(),
                cls: e.getAttribute('class') || '', href: e.getAttribute('href') || '',
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
            };
        }"""
    )


def tab_to(page, matches, what: str) -> dict:
    """Press Tab until the focused element matches; every element passed on the way shows its focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["outline"], f"no visible focus on {element} while tabbing to {what}"
        if matches(element):
            return element
    raise AssertionError(f"{what} is not reachable with {MAX_TABS} presses of Tab")


def test_site_search_and_its_results_work_with_the_keyboard_alone(reader):
    page = reader
    page.goto("/")
    skip = tab_to(page, lambda e: e["tag"] == "a", "the first link")
    assert skip["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    tab_to(page, lambda e: e["id"] == "home-q", "the home page's search box")
    page.keyboard.type("gleevec")
    page.keyboard.press("Enter")
    # A drug's name lands on its page, which links on to everything found for the words.
    page.wait_for_url(re.compile(r"/drugs/imatinib/\?searched=gleevec$"))
    tab_to(page, lambda e: "all=1" in (e["href"] or ""), "the link to everything found")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=gleevec&all=1$"))

    tab_to(page, lambda e: e["href"] == "/drugs/imatinib/", "the drug found")
    page.keyboard.press("Enter")
    page.wait_for_url("**/drugs/imatinib/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Imatinib")


def test_publication_search_filters_and_results_work_with_the_keyboard_alone(reader):
    page = reader
    page.goto("/publications/")
    tab_to(page, lambda e: e["id"] == "id_q", "the search box")
    page.keyboard.type("imatinib")

    # The filters' disclosure opens with Enter; a filter is typed, and Enter in it sends the form.
    tab_to(page, lambda e: e["tag"] == "summary", "the filters' disclosure")
    page.keyboard.press("Enter")
    tab_to(page, lambda e: e["id"] == "id_year_min", "the From year field")
    page.keyboard.type("2017")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=imatinib.*year_min=2017|year_min=2017.*q=imatinib"))
    expect(page.locator(".search-active-filters")).to_contain_text("2017")

    # Sorting is a link; so is each result.
    tab_to(page, lambda e: e["text"] == "Newest", "the Newest sort")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"sort=newest"))
    expect(page.locator(".search-tools__sort [aria-current]")).to_have_text("Newest")
    first = page.locator(".search-result__title").first
    title = first.inner_text()
    tab_to(page, lambda e: "search-result__title" in e["cls"], "the first result")
    assert focused(page)["text"] == title
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/publications/\d+/$"))
    # Result lists end a title with a full stop, as citations do; the record's heading has none.
    expect(page.get_by_role("heading", level=1)).to_have_text(title.rstrip("."))
