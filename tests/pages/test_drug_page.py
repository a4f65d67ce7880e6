"""The drug page: what the seed page shows, in its order, and everything the portal adds."""

import re

import pytest
from django.urls import reverse

from drugs.models import Drug
from literature import citations
from literature.models import Post, Publication, PublicationDrug, PublicationType
from portal import demo_data
from tests import factories
from tests.pages import html
from tests.pages.conftest import drug_with_literature

IMATINIB = "/drugs/imatinib/"
# Characters the seed page lost (see tests/portal/test_demo_data.py).
LOST = {"NF-κB": "NF-?B", "PDGFRα": "PDGFR?", "PPAR-γ": "PPAR-?", "\u2009cm": "?cm"}


def as_seed_prints(value: str) -> str:
    for right, lost in LOST.items():
        value = value.replace(right, lost)
    return value


@pytest.fixture
def imatinib_page(client, demo):
    response = client.get(IMATINIB)
    assert response.status_code == 200
    return response.content.decode()


def test_imatinib_page_keeps_the_seed_pages_order_name_summary_top_publications_more_information(
    imatinib_page,
):
    page = html.text(imatinib_page)
    positions = [
        page.index("Imatinib"),
        page.index("Summary: A tyrosine kinase inhibitor and ANTINEOPLASTIC AGENT"),
        page.index("Top publications"),
        page.index("More information"),
    ]
    assert positions == sorted(positions)
    assert html.text(imatinib_page, tag="h1") == "Imatinib"


def test_top_publications_are_the_curated_ones_in_curated_order_in_the_seed_citation_style(imatinib_page):
    top = html.texts(html.texts_html(imatinib_page, id="top-publications"), cls="citation")
    expected = [
        " ".join(
            p
            for p in [
                ", ".join(e["authors"]) + (", et al." if e["et_al"] else "."),
                e["title"] + ("" if e["title"].endswith((".", "?", "!")) else "."),
                e["journal"] + ".",
                f"{e['year']};{e.get('volume', '')}:{e.get('pages', '')}",
            ]
        )
        for e in demo_data.TOP_PUBLICATIONS
    ]
    assert top == expected
    assert top[0] == (
        "Dahlin J, Ekoff M, Grootens J, Löf L, Amini R, Hagberg H, et al. KIT signaling is dispensable for human "
        "mast cell progenitor development. Blood. 2017;130:1785-1794"
    )


def test_every_citation_and_excerpt_of_the_seed_page_is_on_the_imatinib_page(imatinib_page, shared_dir):
    seed = (shared_dir / "seeds" / "000_d404e4807b9d9b5c.txt").read_text()
    seed_citations, seed_excerpts = [], []
    for line in seed.splitlines():
        m = re.match(r"^\s*\d+\. (.+?) (?:pubmed publisher|pubmed)(.*)$", line)
        if m:
            # The seed prints "?." after a question; the portal's style ends a title once.
            seed_citations.append(m[1].replace("?. ", "? "))
            if m[2].strip():
                seed_excerpts.append(m[2].strip())
        elif line.startswith("    ") and line.strip():
            seed_excerpts.append(line.strip())
    assert len(seed_citations) == 62
    page_citations = [as_seed_prints(c) for c in html.texts(imatinib_page, cls="citation")]
    assert page_citations[:9] == seed_citations[:9]  # Top publications: the seed's order
    assert sorted(page_citations[9:]) == sorted(seed_citations[9:])  # the rest, newest first
    page_excerpts = [as_seed_prints(e) for e in html.texts(imatinib_page, cls="excerpt")]
    for excerpt in seed_excerpts:
        assert any(excerpt in e for e in page_excerpts), excerpt


def test_more_information_lists_the_other_publications_newest_first(client, demo):
    response = client.get(IMATINIB)
    more = html.texts_html(response.content.decode(), id="more")
    shown = html.texts(more, cls="cite-title")
    ordered = (
        PublicationDrug.objects.filter(drug__slug="imatinib", rank__isnull=True)
        .order_by("-publication__date_key", "-publication_id")
        .values_list("publication__title", flat=True)
    )
    assert shown == [citations._sentence(t) for t in ordered]
    assert len(shown) == 53


def test_citations_link_to_pubmed_and_the_publisher_or_search_pubmed_without_a_pmid(imatinib_page):
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/28790106/"' in imatinib_page
    assert 'href="https://doi.org/10.1182/blood-2017-03-773374"' in imatinib_page
    # Jeon et al. has no PMID in the demo data: a PubMed search for its title.
    assert (
        "https://pubmed.ncbi.nlm.nih.gov/?term=Kinase+Inhibitors%3A+The+Reality+Behind+the+Success"
        in html.hrefs(imatinib_page)
    )
    dahlin = Publication.objects.get(pmid=28790106)
    assert f'href="{dahlin.get_absolute_url()}"' in imatinib_page


def test_names_are_grouped_by_kind_with_classes_targets_conditions_identifiers_and_review_date(imatinib_page):
    facts = html.text(imatinib_page, cls="drug-facts")
    assert "Brand names Gleevec, Glivec" in facts
    assert "Code names CGP57148B, STI571" in facts
    assert "Salts and esters imatinib mesilate, imatinib mesylate" in facts
    assert "International nonproprietary name imatinib" in facts
    assert (
        "Tyrosine kinase inhibitors" in facts and "BCR-ABL" in facts and "Chronic myeloid leukemia" in facts
    )
    assert "Last reviewed 23 November 2026" in facts
    for url in (
        "https://meshb.nlm.nih.gov/record/ui?ui=D000068877",
        "https://go.drugbank.com/drugs/DB00619",
        "https://pubchem.ncbi.nlm.nih.gov/compound/5291",
        "https://www.ebi.ac.uk/chebi/searchId.do?chebiId=CHEBI:45783",
    ):
        assert url in html.hrefs(imatinib_page)


def test_commentary_trials_and_their_registry_links_are_on_the_drug_page(imatinib_page):
    commentary = html.text(imatinib_page, id="commentary")
    assert "Animals got it wrong again or is a fluke?" in commentary
    trials = html.texts_html(imatinib_page, id="trials")
    # From the literature (Hochhaus et al.) and from the commentary post.
    for nct in ("NCT00006343", "NCT00333840", "NCT03674099"):
        assert f'href="https://clinicaltrials.gov/study/{nct}"' in trials


def test_drafts_are_not_listed_as_commentary_on_the_drug(client, demo):
    draft = factories.PostFactory(title="Unfinished thoughts", status=Post.Status.DRAFT, published_at=None)
    draft.drugs.add(Drug.objects.get(slug="imatinib"))
    assert "Unfinished thoughts" not in client.get(IMATINIB).content.decode()


def test_drugs_most_often_co_mentioned_are_listed_with_shared_counts(client, db):
    drug, other, pubs = drug_with_literature(12)
    third = factories.DrugFactory(name="Thirdamab", slug="thirdamab")
    PublicationDrug.objects.create(publication=pubs[1], drug=third)
    related = html.text(client.get(drug.get_absolute_url()).content, id="related")
    assert related.index(other.name) < related.index("Thirdamab")
    assert f"{other.name} 4 shared publications" in related
    assert "Thirdamab 1 shared publication" in related


def test_rejected_links_count_for_no_co_mentioned_drug(client, db):
    drug, other, pubs = drug_with_literature(12)  # the other drug shares 4 publications
    # A curator rejected the other drug's link on one of them, and the drug's own link on another.
    PublicationDrug.objects.filter(publication=pubs[0], drug=other).update(
        status=PublicationDrug.Status.REJECTED
    )
    PublicationDrug.objects.filter(publication=pubs[3], drug=drug).update(
        status=PublicationDrug.Status.REJECTED
    )
    related = html.text(client.get(drug.get_absolute_url()).content, id="related")
    assert f"{other.name} 2 shared publications" in related


def test_rejected_links_are_not_shown(client, db):
    drug, _other, pubs = drug_with_literature(3, top=0)
    PublicationDrug.objects.filter(publication=pubs[0], drug=drug).update(
        status=PublicationDrug.Status.REJECTED
    )
    page = client.get(drug.get_absolute_url()).content.decode()
    assert pubs[0].title not in page
    assert pubs[1].title in page


def test_other_publications_are_paginated_and_filterable_by_year_and_type(client, db):
    drug, _other, _pubs = drug_with_literature(125, top=5)
    first = client.get(drug.get_absolute_url()).content.decode()
    assert len(html.texts(html.texts_html(first, id="more"), cls="citation")) == 100
    second = client.get(drug.get_absolute_url() + "?page=2").content.decode()
    more = html.texts_html(second, id="more")
    assert len(html.texts(more, cls="citation")) == 20
    assert 'start="101"' in more

    by_year = client.get(drug.get_absolute_url() + "?year=2000").content.decode()
    years = {
        p.pub_year
        for p in Publication.objects.filter(
            title__in=[
                t.rstrip(".") for t in html.texts(html.texts_html(by_year, id="more"), cls="cite-title")
            ]
        )
    }
    assert years == {2000}

    review = PublicationType.objects.get(name="Review")
    by_type = client.get(drug.get_absolute_url() + "?type=Review").content.decode()
    titles = [t.rstrip(".") for t in html.texts(html.texts_html(by_type, id="more"), cls="cite-title")]
    assert titles
    assert all(review in Publication.objects.get(title=t).publication_types.all() for t in titles)


def test_a_bad_filter_value_is_a_form_error_not_a_crash(client, db):
    drug, _other, _pubs = drug_with_literature(4)
    response = client.get(drug.get_absolute_url() + "?year=banana&type=Nonsense&page=zzz")
    assert response.status_code == 200
    errors = html.texts(response.content, cls="form-error")
    assert any("Year" in e for e in errors) and any("Publication type" in e for e in errors)


def test_evidence_timeline_is_an_svg_with_a_text_alternative_and_counts_each_publication_once(client, db):
    drug = factories.DrugFactory(name="Timelinib", slug="timelinib")
    meta, review = (PublicationType.objects.get_or_create(name=n)[0] for n in ("Meta-Analysis", "Review"))
    both = factories.PublicationFactory(pub_year=2020)
    both.publication_types.add(meta, review)
    only_review = factories.PublicationFactory(pub_year=2020)
    only_review.publication_types.add(review)
    untyped = factories.PublicationFactory(pub_year=2018)
    for p in (both, only_review, untyped):
        PublicationDrug.objects.create(publication=p, drug=drug)
    rejected = factories.PublicationFactory(pub_year=2019)
    rejected.publication_types.add(meta)
    PublicationDrug.objects.create(publication=rejected, drug=drug, status=PublicationDrug.Status.REJECTED)
    page = client.get(drug.get_absolute_url()).content.decode()
    timeline = html.texts_html(page, id="timeline")
    assert '<svg class="timeline-chart"' in timeline and 'role="img"' in timeline
    assert "<script" not in timeline
    assert "3 dated publications from 2018 to 2020; the most, 2, in 2020." in html.text(timeline, tag="desc")
    rows = html.texts(timeline, tag="tr")
    assert rows[0] == "Year All Meta-analyses and systematic reviews Reviews Other or unclassified"
    assert rows[1] == "2020 2 1 1 0"
    assert rows[2] == "2018 1 0 0 1"
    assert "2019" not in rows  # a rejected link counts nowhere; an empty year is a slot, not a table row


def test_other_names_permanently_redirect_to_the_canonical_page(client, demo):
    for name in (
        "gleevec",
        "sti571",
        "imatinib-mesylate",
        "GLEEVEC",
        "glivec",
        "cgp57148b",
        "imatinib-mesilate",
    ):
        response = client.get(f"/drugs/{name}/")
        assert response.status_code == 301, name
        assert response["Location"] == IMATINIB
    response = client.get("/drugs/gleevec/?year=2017")
    assert response["Location"] == IMATINIB + "?year=2017"


def test_an_unknown_drug_is_a_styled_404(client, demo):
    response = client.get("/drugs/no-such-drug/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and 'class="site-header"' in page


def test_drug_page_carries_canonical_link_opengraph_feed_link_and_drug_json_ld(client, demo):
    response = client.get("/drugs/imatinib/?page=1&year=2017")
    page = response.content.decode()
    assert '<link rel="canonical" href="http://testserver/drugs/imatinib/">' in page
    assert '<meta property="og:title" content="Imatinib">' in page
    assert f'href="{reverse("drugs:feed", args=["imatinib"])}"' in page
    assert 'rel="alternate" type="application/atom+xml"' in page
    (data,) = html.json_ld(page)
    assert data["@type"] == "Drug" and data["name"] == "Imatinib"
    assert "Gleevec" in data["alternateName"]
    assert "https://go.drugbank.com/drugs/DB00619" in data["sameAs"]


def test_json_ld_cannot_break_out_of_its_script_element(client, db):
    drug = factories.DrugFactory(
        name="Scriptamab", slug="scriptamab", summary="</script><script>alert(1)</script>"
    )
    page = client.get(drug.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    (data,) = html.json_ld(page)
    assert data["description"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("n", [10, 300])
def test_drug_page_runs_the_same_fixed_number_of_queries_whatever_the_literature(
    client, db, django_assert_max_num_queries, n
):
    drug, _other, _pubs = drug_with_literature(n)
    with django_assert_max_num_queries(DRUG_PAGE_QUERIES) as captured:
        response = client.get(drug.get_absolute_url() + "?page=2")
    assert response.status_code == 200
    assert len(captured.captured_queries) == DRUG_PAGE_QUERIES


# drug + names, classes, targets, conditions (5); timeline (2: the types, then one GROUP BY),
# types (2: the counts, then their names), count, page, top, posts, trials, co-mentioned (10).
DRUG_PAGE_QUERIES = 15
