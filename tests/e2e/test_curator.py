"""A curator (in the Curators group, not a superuser) edits through the admin; readers see each change."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from literature.models import Contributor, Post, PublicationDrug
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.e2e

UPLOAD = Path(__file__).resolve().parent / "fixtures" / "curator_upload.xml"


def extra_row(page, prefix: str) -> int:
    """The index of an inline's first empty row (the admin numbers new rows after the saved ones)."""
    return int(page.locator(f"#id_{prefix}-INITIAL_FORMS").input_value())


def choose_autocomplete(page, select_id: str, typed: str, option_text: str) -> None:
    """Pick a value in the admin's autocomplete widget: open it, type, click the matching option."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option_text).click()
    expect(page.locator(f"#{select_id}")).not_to_have_value("")


def test_curator_curates_a_drug_imports_literature_and_publishes_commentary(new_context, curator_user):
    author = Contributor.objects.get()
    draft = Post.objects.create(
        title="Dose timing in the browser-tested draft",
        slug="dose-timing-draft",
        author=author,
        summary="A draft a curator publishes.",
        body="Written for the **browser tests**.",
        status=Post.Status.DRAFT,
    )
    newly_pinned = (
        PublicationDrug.objects.filter(
            drug__slug="imatinib", rank__isnull=True, publication__pmid__isnull=False
        )
        .select_related("publication")
        .order_by("publication__pmid")
        .first()
        .publication
    )
    previous_first = PublicationDrug.objects.get(drug__slug="imatinib", rank=1).publication

    reader = new_context().new_page()
    reader.goto("/drugs/imatinib/")
    expect(reader.locator(".aka")).not_to_contain_text("Imatinib-E2E")
    top_titles = reader.locator("#top-publications .cite-title")
    expect(top_titles.first).to_contain_text(previous_first.title.rstrip("."))
    expect(reader.locator("#top-publications")).not_to_contain_text(newly_pinned.title.rstrip("."))
    assert reader.goto(draft.get_absolute_url()).status == 404
    assert reader.goto("/publications/?q=quillwort").ok
    expect(reader.locator("#results-heading")).to_have_text("0 results")

    curator = new_context().new_page()
    admin_login(curator, curator_user.username)

    # 1. A brand name, in the drug's names inline.
    curator.locator(".model-drug").get_by_role("link", name="Drugs").click()
    curator.get_by_role("link", name="Imatinib", exact=True).click()
    row = extra_row(curator, "names")
    curator.locator(f"#id_names-{row}-name").press_sequentially("Imatinib-E2E")  # key by key, as typed
    curator.locator(f"#id_names-{row}-kind").select_option("brand")
    expect(curator.locator(f"#id_names-{row}-slug")).to_have_value("imatinib-e2e")  # the admin's JavaScript
    curator.get_by_role("button", name="Save and continue editing").click()
    expect(curator.locator(".messagelist .success")).to_contain_text("was changed successfully")

    reader.goto("/drugs/imatinib/")
    expect(reader.locator(".aka")).to_contain_text("Imatinib-E2E")
    reader.goto("/drugs/imatinib-e2e/")  # the new name resolves to the drug too
    assert reader.url.endswith("/drugs/imatinib/")

    # 2. A publication pinned at the top of the drug's Top publications.
    row = extra_row(curator, "publication_links")
    choose_autocomplete(
        curator,
        f"id_publication_links-{row}-publication",
        typed=str(newly_pinned.pmid),
        option_text=newly_pinned.title[:40],
    )
    curator.locator(f"#id_publication_links-{row}-rank").fill("1")
    curator.locator(f"#id_publication_links-{row}-excerpt").fill("Pinned by the browser test.")
    curator.get_by_role("button", name="Save and continue editing").click()
    expect(curator.locator(".messagelist .success")).to_contain_text("was changed successfully")

    reader.goto("/drugs/imatinib/")
    expect(top_titles).to_have_count(10)
    expect(top_titles.nth(0)).to_contain_text(newly_pinned.title.rstrip("."))
    expect(top_titles.nth(1)).to_contain_text(previous_first.title.rstrip("."))
    expect(reader.locator("#top-publications li").first.locator(".excerpt")).to_have_text(
        "Pinned by the browser test."
    )

    # 3. A PubMed XML file, through the import page linked from the publications list.
    curator.goto("/admin/")
    curator.locator(".model-publication").get_by_role("link", name="Publications").click()
    curator.get_by_role("link", name="Import literature").click()
    curator.get_by_label("File").set_input_files(UPLOAD)
    curator.get_by_role("button", name="Import").click()
    expect(curator.locator(".import-report")).to_contain_text(
        "curator_upload.xml (pubmed): 2 records: 2 created, 0 updated, 0 unchanged, 0 skipped, 0 failed"
    )

    reader.goto("/publications/?q=quillwort")
    expect(reader.locator("#results-heading")).to_have_text("2 results")
    reader.get_by_role("link", name=re.compile("Quillwort-derived scaffolds")).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Quillwort-derived scaffolds and imatinib in a synthetic browser-test cohort."
    )
    expect(reader.locator(".identifiers")).to_contain_text("98000001")

    # 4. The draft, published with the posts list's bulk action.
    curator.goto("/admin/")
    curator.locator(".model-post").get_by_role("link", name="Posts").click()
    curator.get_by_role("row", name=re.compile(draft.title)).get_by_role("checkbox").check()
    curator.get_by_label("Action:").select_option(label="Publish selected posts (now, unless a date is set)")
    curator.get_by_role("button", name="Go").click()
    expect(curator.locator(".messagelist .success")).to_have_text("Published 1 post(s).")

    reader.goto("/commentary/")
    expect(reader.locator("main")).to_contain_text(draft.title)
    response = reader.goto(draft.get_absolute_url())
    assert response.status == 200
    expect(reader.locator(".post-body strong")).to_have_text("browser tests")
