"""A clinician looks a drug up by its brand name and cites one of its top publications."""

import re

import pytest
from playwright.sync_api import expect

from literature.citations import nlm_citation
from literature.models import Publication, PublicationDrug

pytestmark = pytest.mark.e2e


def test_clinician_finds_imatinib_by_brand_name_and_cites_a_top_publication(new_context):
    context = new_context()
    page = context.new_page()
    page.goto("/")

    # Home: one search box; a brand name, typed and sent with Enter.
    box = page.get_by_role("searchbox", name="Search drugs, publications and commentary")
    box.fill("gleevec")
    box.press("Enter")
    # A drug's name lands on the drug's page, under its canonical address.
    page.wait_for_url(re.compile(r"/drugs/imatinib/\?searched=gleevec$"))
    expect(page.locator(".searched-notice")).to_contain_text("gleevec")
    expect(page.get_by_role("heading", level=1)).to_have_text("Imatinib")
    expect(page.locator(".aka")).to_contain_text("Gleevec")
    top = page.locator("#top-publications ol.citations > li")
    expected_top = list(
        PublicationDrug.objects.filter(drug__slug="imatinib", rank__isnull=False)
        .order_by("rank")
        .values_list("publication__title", flat=True)
    )
    assert len(expected_top) == 9
    expect(top).to_have_count(len(expected_top))
    # The seed's citation style ends the title with a full stop.
    expect(top.first.locator(".cite-title")).to_have_text(expected_top[0].rstrip(".") + ".")

    # The first top publication's own page.
    top.first.locator(".cite-title").click()
    page.wait_for_url(re.compile(r"/publications/\d+/$"))
    publication = Publication.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert publication.title == expected_top[0]
    expect(page.get_by_role("heading", level=1)).to_have_text(publication.title)

    # The NLM citation: on the page as text, and copied to the clipboard by its button.
    citation = nlm_citation(publication)
    cite_text = page.locator("#cite-nlm")
    expect(cite_text).to_have_text(citation)
    page.get_by_role("button", name="Copy", exact=True).first.click()
    expect(page.locator(".copy-status")).to_have_text("Citation copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == citation

    # The PubMed link points at the record's PubMed page; following it stays on loopback (the
    # context answers outside addresses itself), so only its address is checked.
    assert publication.pmid
    pubmed = page.locator(".identifiers").get_by_role("link", name=str(publication.pmid))
    expected_href = f"https://pubmed.ncbi.nlm.nih.gov/{publication.pmid}/"
    expect(pubmed).to_have_attribute("href", expected_href)
    pubmed.click()
    page.wait_for_url(expected_href)
    assert context.outside_requests == [expected_href]
    context.outside_requests.clear()
