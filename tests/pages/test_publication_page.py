"""The publication record page: as complete as PubMed's, with citations ready to copy and download."""

import json
import re

import pytest
import rispy
from django.urls import reverse

from literature import citations
from literature.models import (
    MeshHeading,
    Post,
    PostCitation,
    Publication,
    PublicationDrug,
    PublicationRelation,
)
from literature.services import AuthorName, set_authors
from tests import factories
from tests.pages import html


@pytest.fixture
def record(db):
    """A fully described record: structured abstract, vernacular title, affiliations, ORCID, MeSH, trials."""
    journal = factories.JournalFactory(
        title="Zhonghua xue ye xue za zhi", iso_abbreviation="Zhonghua Xue Ye Xue Za Zhi", issn="0253-2727"
    )
    pub = factories.PublicationFactory(
        pmid=31234567,
        doi="10.3760/cma.j.issn.0253-2727.2019.05.001",
        pmcid="PMC7654321",
        title="[Imatinib in chronic myeloid leukemia: a ten-year follow-up]",
        vernacular_title="伊马替尼治疗慢性髓性白血病十年随访",
        language="chi",
        journal=journal,
        volume="40",
        issue="5",
        pages="353-358",
        pub_year=2019,
        pub_month=5,
        pub_day=14,
        abstract=[
            {"label": "OBJECTIVE", "category": "OBJECTIVE", "text": "To report ten years of imatinib."},
            {"label": "METHODS", "category": "METHODS", "text": "A cohort of 300 patients."},
            {"label": "CONCLUSION", "category": "CONCLUSIONS", "text": "Imatinib works for a decade."},
        ],
        keywords=["imatinib", "CML"],
        authors=[],
    )
    set_authors(
        publication=pub,
        names=[
            AuthorName(last_name="Wang", fore_name="Li", initials="L", affiliation="Peking University, Beijing."),
            AuthorName(
                last_name="Zhang", fore_name="Wei", initials="W", orcid="0000-0002-1825-0097",
                affiliation="Peking University, Beijing.",
            ),
            AuthorName(collective_name="CML Study Group"),
            AuthorName(last_name="Li", fore_name="Ming", initials="M", affiliation="Fudan University, Shanghai."),
        ],
    )  # fmt: skip
    pub.refresh_from_db()
    pub.publication_types.add(
        factories.PublicationTypeFactory(name="Journal Article"),
        factories.PublicationTypeFactory(name="Clinical Trial"),
    )
    MeshHeading.objects.create(
        publication=pub, term=factories.MeshTermFactory(name="Imatinib Mesylate"), is_major=True,
        qualifiers=["therapeutic use"],
    )  # fmt: skip
    MeshHeading.objects.create(publication=pub, term=factories.MeshTermFactory(name="Humans"))
    pub.trials.add(factories.TrialFactory(identifier="NCT00006343"))
    drug = factories.DrugFactory(name="Imatinib", slug="imatinib")
    PublicationDrug.objects.create(publication=pub, drug=drug)
    return pub


def get(client, pub):
    response = client.get(pub.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_record_shows_every_author_in_order_with_affiliations_and_orcid(client, record):
    page = get(client, record)
    authors = html.text(page, cls="author-list")
    assert authors == "Li Wang1, Wei Zhang1 ORCID, CML Study Group, Ming Li2"
    assert html.texts(page, cls="affiliations")[0].endswith(
        "Peking University, Beijing. Fudan University, Shanghai."
    )
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in page


def test_record_shows_journal_date_volume_identifiers_and_labelled_abstract(client, record):
    page = get(client, record)
    assert html.text(page, cls="source-line") == "Zhonghua Xue Ye Xue Za Zhi. 2019 May 14;40(5):353-358."
    details = html.text(page, cls="details")
    assert "Zhonghua xue ye xue za zhi (ISO abbreviation: Zhonghua Xue Ye Xue Za Zhi)" in details
    assert "Language Chinese" in details
    assert "Publication types Journal Article, Clinical Trial" in details or (
        "Publication types Clinical Trial, Journal Article" in details
    )
    for url in (
        "https://pubmed.ncbi.nlm.nih.gov/31234567/",
        "https://doi.org/10.3760/cma.j.issn.0253-2727.2019.05.001",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7654321/",
    ):
        assert url in html.hrefs(page)
    abstract = html.text(page, cls="abstract")
    assert "OBJECTIVE: To report ten years of imatinib." in abstract
    assert "CONCLUSION: Imatinib works for a decade." in abstract
    assert "Original title (Chinese): 伊马替尼治疗慢性髓性白血病十年随访" in html.text(
        page, cls="vernacular-title"
    )


def test_record_marks_major_mesh_terms_and_links_trials_drugs_and_citing_commentary(client, record):
    post = factories.PostFactory(title="A decade of imatinib")
    PostCitation.objects.create(post=post, publication=record, position=1)
    draft = factories.PostFactory(title="Secret draft", status=Post.Status.DRAFT, published_at=None)
    PostCitation.objects.create(post=draft, publication=record, position=1)
    page = get(client, record)
    mesh = html.text(page, cls="mesh-list")
    assert "Imatinib Mesylate* (major topic) / therapeutic use" in mesh
    assert "Humans" in mesh and "Humans*" not in mesh
    assert 'href="https://clinicaltrials.gov/study/NCT00006343"' in page
    assert 'href="/drugs/imatinib/"' in page
    assert "A decade of imatinib" in page
    assert "Secret draft" not in page


def test_cite_gives_nlm_apa_and_ama_strings_visible_without_javascript(client, record):
    page = get(client, record)
    pub = Publication.objects.select_related("journal").get(pk=record.pk)
    for key, (_label, style) in citations.CITATION_STYLES.items():
        assert html.text(page, id=f"cite-{key}") == style(pub)
    # The copy button is progressive enhancement from a static file; no inline script.
    assert re.search(r'<script src="/static/js/copy\.js" defer></script>', page)
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>", page)
    assert all("src=" in a or 'type="application/ld+json"' in a for a in scripts)
    assert ' style="' not in page and "onclick" not in page


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [
        ("ris", "application/x-research-info-systems", "ris"),
        ("bibtex", "application/x-bibtex", "bib"),
        ("nbib", "application/nbib", "nbib"),
        ("csljson", "application/vnd.citationstyles.csl+json", "json"),
    ],
)
def test_citation_downloads_have_their_content_type_and_file_name(
    client, record, fmt, content_type, extension
):
    url = reverse("literature:publication_cite", args=[record.pk, fmt])
    assert url in get(client, record)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"] == f'attachment; filename="pmid-31234567.{extension}"'
    body = response.content.decode()
    if fmt == "ris":
        (entry,) = rispy.loads(body)
        assert entry["title"] == record.title and entry["doi"] == record.doi
    elif fmt == "csljson":
        (item,) = json.loads(body)
        assert item["PMID"] == "31234567" and item["container-title"] == "Zhonghua xue ye xue za zhi"
    elif fmt == "nbib":
        assert body.startswith("PMID- 31234567\n") and "MH  - *Imatinib Mesylate/therapeutic use" in body
    else:
        assert body.startswith("@article{") and "doi = {10.3760/cma.j.issn.0253-2727.2019.05.001}" in body


def test_an_unknown_download_format_or_record_is_a_404(client, record):
    assert client.get(f"/publications/{record.pk}/cite.docx").status_code == 404
    assert client.get("/publications/999999/cite.ris").status_code == 404
    assert client.get("/publications/999999/").status_code == 404


def test_google_scholar_tags_and_scholarly_article_json_ld(client, record):
    page = get(client, record)
    metas = dict(re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)"', page))
    assert metas["citation_title"] == record.title
    assert metas["citation_publication_date"] == "2019/05/14"
    assert metas["citation_journal_title"] == "Zhonghua xue ye xue za zhi"
    assert metas["citation_firstpage"] == "353" and metas["citation_lastpage"] == "358"
    assert metas["citation_pmid"] == "31234567"
    assert re.findall(r'<meta name="citation_author" content="([^"]*)"', page) == [
        "Wang, Li", "Zhang, Wei", "CML Study Group", "Li, Ming",
    ]  # fmt: skip
    (data,) = html.json_ld(page)
    assert data["@type"] == "ScholarlyArticle"
    assert data["datePublished"] == "2019-05-14"
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": record.doi} in data["identifier"]
    assert data["isPartOf"]["@type"] == "PublicationIssue"
    assert '<link rel="canonical" href="http://testserver/publications/' in page
    assert '<meta property="og:type" content="article">' in page


def test_a_retracted_record_carries_a_banner_linking_the_retraction_notice(client, db):
    pub = factories.PublicationFactory(title="Fabricated results", is_retracted=True)
    notice = factories.PublicationFactory(title="Retraction: Fabricated results")
    PublicationRelation.objects.create(
        publication=pub, kind=PublicationRelation.Kind.RETRACTION_IN, target=notice, ref_pmid=notice.pmid
    )
    page = get(client, pub)
    banner = html.text(page, cls="banner-retracted")
    assert banner.startswith("This article has been retracted.")
    assert "Retraction: Fabricated results" in banner
    assert f'href="{notice.get_absolute_url()}"' in html.texts_html(page, cls="banner-retracted")
    # The notice's own page says what it is.
    notice_banner = html.text(client.get(notice.get_absolute_url()).content, cls="banner-notice")
    assert notice_banner.startswith("This is a retraction notice. Retraction of:")
    assert "Fabricated results" in notice_banner
    # Lists carry a "Retracted" badge next to the citation.
    drug = factories.DrugFactory()
    PublicationDrug.objects.create(publication=pub, drug=drug)
    assert "Retracted" in html.text(client.get(drug.get_absolute_url()).content, cls="badge")


def test_an_erratum_banner_links_the_erratum_even_when_it_is_not_in_the_database(client, db):
    pub = factories.PublicationFactory(has_erratum=True)
    PublicationRelation.objects.create(
        publication=pub,
        kind=PublicationRelation.Kind.ERRATUM_IN,
        ref_source="Blood. 2018;131:1234",
        ref_pmid=29000001,
    )
    page = get(client, pub)
    banner = html.texts_html(page, cls="banner-erratum")
    assert "This article has an erratum." in html.text(banner)
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/29000001/"' in banner
    assert "Blood. 2018;131:1234" in banner
    assert "banner-retracted" not in page


def test_a_plain_record_has_no_banner(client, record):
    assert 'class="banner' not in get(client, record)


@pytest.mark.parametrize("n_authors", [3, 300])
def test_publication_page_runs_a_fixed_number_of_queries_however_many_authors(
    client, db, django_assert_max_num_queries, n_authors
):
    pub = factories.PublicationFactory(authors=[f"Person{i} A" for i in range(n_authors)])
    for i in range(5):
        PublicationRelation.objects.create(
            publication=pub, kind=PublicationRelation.Kind.COMMENT_IN, ref_pmid=i + 1
        )
        MeshHeading.objects.create(publication=pub, term=factories.MeshTermFactory())
        PublicationDrug.objects.create(publication=pub, drug=factories.DrugFactory())
    with django_assert_max_num_queries(PUBLICATION_PAGE_QUERIES) as captured:
        response = client.get(pub.get_absolute_url())
    assert response.status_code == 200
    assert len(captured.captured_queries) == PUBLICATION_PAGE_QUERIES
    assert response.content.decode().count("Person") >= n_authors


# the record + authorships, types, MeSH, trials, relations, relations in, drug links, citing posts.
PUBLICATION_PAGE_QUERIES = 9
