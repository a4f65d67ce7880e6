"""Every kind of public page, and the admin's login, at phone and desktop width: axe-core finds no
serious or critical violation, nothing overflows sideways, no internal link is broken, and a
screenshot of each is kept (tests/e2e/screenshots/)."""

from urllib.parse import urlsplit

import pytest

from literature.models import Post, PublicationDrug
from tests.e2e.conftest import DESKTOP, PHONE, run_axe, screenshot

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}
NARROWEST = {"width": 320, "height": 568}


def audited_pages() -> dict[str, str]:
    top = PublicationDrug.objects.get(drug__slug="imatinib", rank=1).publication
    post = Post.objects.select_related("author").get()
    return {
        "home": "/",
        "drug-index": "/drugs/",
        "drug": "/drugs/imatinib/",
        "publication": top.get_absolute_url(),
        # A search with a query, filters and facets: notices, active-filter chips, the year histogram.
        "search": "/publications/?q=imatinib&year_min=2009&type=Journal+Article",
        "site-search": "/search/?q=gleevec",
        "commentary": "/commentary/",
        "post": post.get_absolute_url(),
        "author": post.author.get_absolute_url(),
        "not-found": "/drugs/no-such-drug/",
        "admin-login": "/admin/login/",
    }


def overflow(page, name: str, width: int) -> list[str]:
    """Whether the page scrolls sideways at this width, naming the elements that stick out."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= width:
        return []
    wide = page.evaluate(
        """width => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)""",
        width,
    )
    return [f"{name}: the document is {scroll_width}px wide at {width}px ({wide})"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_are_accessible_and_fit_the_screen(new_context, viewport):
    page = new_context(viewport=viewport).new_page()
    width = viewport["width"]
    problems = []
    for name, url in audited_pages().items():
        response = page.goto(url)
        expected_status = 404 if name == "not-found" else 200
        assert response.status == expected_status, f"{name}: {url} answered {response.status}"
        size = f"{width}x{viewport['height']}"
        screenshot(page, f"{name}-{size}")
        problems += overflow(page, name, width)
        if viewport == PHONE:
            # And at the narrowest width WCAG asks a page to reflow to (1.4.10), then back.
            page.set_viewport_size(NARROWEST)
            problems += overflow(page, name, NARROWEST["width"])
            page.set_viewport_size(PHONE)
        results = run_axe(page, f"{name}-{size}")
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
                problems.append(
                    f"{name}: axe {violation['impact']} {violation['id']}: {violation['help']} {targets}"
                )
    assert not problems, "\n".join(problems)


def test_no_internal_link_on_these_pages_is_broken(new_context):
    context = new_context()
    page = context.new_page()
    links: dict[str, str] = {}
    for name, url in audited_pages().items():
        page.goto(url)
        # getAttribute, not .href: the year histogram's links are SVG elements. Links within the
        # page (#main) are not requests.
        hrefs = page.locator("a[href]:not([href^='#'])").evaluate_all(
            "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"
        )
        for href in hrefs:
            parts = urlsplit(href)
            if parts.hostname == urlsplit(page.url).hostname and not parts.path.startswith("/admin/"):
                links.setdefault(parts._replace(fragment="").geturl(), name)
    assert len(links) > 100
    broken = []
    for href, found_on in sorted(links.items()):
        response = context.request.get(href, max_redirects=3)
        if response.status >= 400:
            broken.append(f"{href} ({response.status}), linked from {found_on}")
    assert not broken, "\n".join(broken)
