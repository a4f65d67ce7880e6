"""Duplicates, re-imports and curators' corrections: an import never destroys work."""

import pytest

from literature.models import Author, Journal, Publication, PublicationDrug
from literature.services import AuthorName, set_authors
from tests import factories
from tests.literature.importers.conftest import FIXTURES, run_import, run_import_bytes

pytestmark = pytest.mark.django_db

ARTICLES = FIXTURES / "pubmed_articles.xml"


def import_in_order(files: list[tuple[str, str]], *, reverse: bool) -> list:
    """Import (name, text) files one after the other, last first when ``reverse``; their file reports."""
    return [
        run_import_bytes(name, text.encode()).files[0] for name, text in (files[::-1] if reverse else files)
    ]


def snapshot():
    """Everything an import may touch, as plain values."""
    pubs = []
    for p in Publication.objects.order_by("pk"):
        row = {
            f.attname: getattr(p, f.attname)
            for f in Publication._meta.concrete_fields
            if f.name != "updated_at"
        }
        row["authors"] = list(p.authorships.order_by("position").values_list("author_id", "affiliation"))
        row["mesh"] = list(p.mesh_headings.order_by("id").values_list("term_id", "is_major", "qualifiers"))
        row["relations"] = list(
            p.relations.order_by("id").values_list("kind", "ref_source", "ref_pmid", "target_id")
        )
        row["types"] = sorted(p.publication_types.values_list("pk", flat=True))
        row["trials"] = sorted(p.trials.values_list("pk", flat=True))
        pubs.append(row)
    return pubs, Author.objects.count(), list(PublicationDrug.objects.values_list())


@pytest.mark.parametrize("fixture", ["pubmed_articles.xml", "records.nbib", "flavours.ris", "references.bib"])
def test_re_importing_a_file_changes_nothing(fixture):
    first = run_import(FIXTURES / fixture).files[0]
    before = snapshot()
    again = run_import(FIXTURES / fixture).files[0]
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert snapshot() == before


def test_an_updated_record_updates_its_source_fields():
    run_import(ARTICLES)
    text = ARTICLES.read_text(encoding="utf-8")
    newer = text.replace("<Volume>377</Volume>", "<Volume>378</Volume>").replace(
        "Overall survival was 83.3%.", "Overall survival was 83.4%."
    )
    report = run_import_bytes("newer.xml", newer.encode()).files[0]
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    pub = Publication.objects.get(pmid=90000001)
    assert pub.volume == "378"
    assert pub.abstract[2]["text"] == "Overall survival was 83.4%."


def test_pubmeds_update_of_an_epub_date_to_the_issue_month_drops_the_day():
    run_import(ARTICLES)
    pub = Publication.objects.get(pmid=90000001)
    assert (pub.pub_year, pub.pub_month, pub.pub_day) == (2017, 10, 19)
    dated = "<Year>2017</Year><Month>Oct</Month><Day>19</Day>"
    text = ARTICLES.read_text(encoding="utf-8").replace(dated, "<Year>2017</Year><Month>Oct</Month>")
    run_import_bytes("issue.xml", text.encode())
    pub.refresh_from_db()
    assert (pub.pub_year, pub.pub_month, pub.pub_day) == (2017, 10, None)


AHEAD_OF_PRINT_XML = """<PubmedArticleSet><PubmedArticle><MedlineCitation Status="PubMed-not-MEDLINE" Owner="NLM">
<PMID Version="1">36000001</PMID><DateRevised><Year>2020</Year><Month>12</Month><Day>20</Day></DateRevised>
<Article><Journal><Title>Blood</Title><JournalIssue><PubDate><Year>2020</Year><Month>Dec</Month><Day>15</Day>
</PubDate></JournalIssue></Journal><ArticleTitle>Ahead of print title with typo.</ArticleTitle>
<Abstract><AbstractText>Old abstract.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>"""
FINAL_MEDLINE = (
    "PMID- 36000001\nLR  - 20220101\nDP  - 2021 Jan\nTI  - Final corrected title.\nPG  - 201-210\n"
    "AB  - New abstract.\nJT  - Blood\n"
)


@pytest.mark.parametrize("order", ["older XML first", "newer MEDLINE first"])
def test_nlms_newer_revision_of_a_record_wins_whatever_its_format(order):
    import_in_order(
        [("old.xml", AHEAD_OF_PRINT_XML), ("new.nbib", FINAL_MEDLINE)], reverse=order == "newer MEDLINE first"
    )
    pub = Publication.objects.get()
    assert (pub.title, pub.abstract_text, pub.pages) == ("Final corrected title.", "New abstract.", "201-210")
    assert (pub.pub_year, pub.pub_month, pub.pub_day, pub.source_revised) == (2021, 1, None, 20220101)


def test_curator_corrections_survive_a_re_import():
    run_import(ARTICLES)
    pub = Publication.objects.get(pmid=90000001)
    drug = factories.DrugFactory(name="Imatinib")
    link = PublicationDrug.objects.create(
        publication=pub,
        drug=drug,
        rank=1,
        excerpt="A curated excerpt.",
        status=PublicationDrug.Status.CONFIRMED,
    )
    pub.title = "A title the curator corrected"
    pub.pages = "917-928"
    pub.curated_fields = ["pages", "title"]
    pub.save()
    set_authors(publication=pub, names=[AuthorName(last_name="Curated", initials="C")])
    pub.curated_fields = ["authors", "pages", "title"]
    pub.save(update_fields=["curated_fields"])

    text = ARTICLES.read_text(encoding="utf-8").replace("<Volume>377</Volume>", "<Volume>378</Volume>")
    report = run_import_bytes("updated.xml", text.encode()).files[0]
    assert report.updated == 1
    pub.refresh_from_db()
    assert (pub.title, pub.pages, pub.volume) == ("A title the curator corrected", "917-928", "378")
    assert pub.author_names == ["Curated C"]
    link.refresh_from_db()
    assert (link.rank, link.excerpt, link.status) == (1, "A curated excerpt.", "confirmed")


def test_a_record_is_matched_by_doi_whatever_its_case_and_gains_its_pmid():
    existing = factories.PublicationFactory(pmid=None, doi="10.1056/nejmoa1609324", title="Entered by hand")
    run_import(ARTICLES)
    existing.refresh_from_db()
    assert existing.pmid == 90000001
    assert Publication.objects.filter(doi__iexact="10.1056/nejmoa1609324").count() == 1


def test_a_record_without_identifiers_is_matched_by_title_year_and_first_author():
    existing = factories.PublicationFactory(
        pmid=None,
        doi=None,
        title="Conference paper by a group",
        pub_year=2018,
        authors=[],
        journal=None,
        volume="",
        pages="",
    )  # entered by hand without its proceedings (a short title matches only where no journal says otherwise)
    set_authors(publication=existing, names=[AuthorName(collective_name="IRIS Study Group")])
    report = run_import(FIXTURES / "references.bib").files[0]
    assert report.created == 2 and report.updated == 1
    existing.refresh_from_db()
    assert existing.doi == "10.18653/v1/w18-2307"


def test_a_less_detailed_source_only_fills_gaps():
    run_import(ARTICLES)
    pub = Publication.objects.get(pmid=90000001)
    ris = (
        "TY  - JOUR\nTI  - A shorter RIS title\nAU  - Someone, Else\nPY  - 2017\nDO  - 10.1056/NEJMoa1609324\n"
        "VL  - 999\nKW  - new keyword\nER  - \n"
    )
    report = run_import_bytes("poorer.ris", ris.encode()).files[0]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    pub.refresh_from_db()
    assert pub.title.startswith("Long-term outcomes of imatinib") and pub.volume == "377"
    assert pub.author_names[0] == "Hochhaus A" and pub.source == "pubmed"


def test_an_empty_field_in_the_record_never_erases_a_stored_value():
    run_import(ARTICLES)
    text = ARTICLES.read_text(encoding="utf-8").replace(
        "<Pagination><StartPage>917</StartPage><EndPage>927</EndPage><MedlinePgn>917-927</MedlinePgn></Pagination>",
        "",
    )
    run_import_bytes("no-pages.xml", text.encode())
    assert Publication.objects.get(pmid=90000001).pages == "917-927"


def test_a_doi_that_belongs_to_another_pmid_fails_that_record_with_a_reason():
    factories.PublicationFactory(pmid=12345, doi="10.1056/NEJMoa1609324")
    report = run_import(ARTICLES).files[0]
    assert report.created == 3
    assert [p.position for p in report.failed] == [1]
    assert "DOI 10.1056/NEJMoa1609324 already belongs to PMID 12345" in report.failed[0].reason


def test_a_file_that_lists_a_record_twice_creates_it_once():
    ris = "TY  - JOUR\nTI  - Twice\nDO  - 10.1/twice\nPY  - 2001\nER  - \n" * 2
    report = run_import_bytes("twice.ris", ris.encode()).files[0]
    assert (report.created, report.unchanged) == (1, 1)


def test_importing_a_notice_flags_the_stored_article_it_corrects():
    article = factories.PublicationFactory(pmid=90000001, doi=None)
    assert not article.has_erratum
    text = ARTICLES.read_text(encoding="utf-8")
    notice_only = (
        text[: text.index("<PubmedArticle>")] + text[text.index("<PubmedArticle>", text.index("90000001")) :]
    )
    report = run_import_bytes("notice.xml", notice_only.encode()).files[0]
    assert report.flagged == 1
    article.refresh_from_db()
    assert article.has_erratum


@pytest.mark.parametrize("order", ["separate files", "one file, notice first", "one file, article first"])
def test_a_notice_stored_before_its_article_had_a_pmid_points_at_it_once_it_gains_one(order):
    from literature.models import PublicationRelation

    # The article from a reference manager (DOI, no PMID); then its retraction notice from PubMed.
    ris = (
        "TY  - JOUR\nTI  - Exosomes and kinase resistance\nAU  - Kim, Soo\nPY  - 2022\n"
        "DO  - 10.1016/j.celrep.2022.110887\nER  - \n"
    )
    notice = (
        "PMID- 92000401\nTI  - Retraction Note: Exosomes and kinase resistance.\nAU  - Kim S\nDP  - 2023 Jan\n"
        "PT  - Retraction of Publication\nTA  - Cell Rep\nROF - Cell Rep. 2022;39(9):110887. PMID: 92000300\n"
    )
    article = (
        "PMID- 92000300\nTI  - Exosomes and kinase resistance.\nAU  - Kim S\nDP  - 2022 May 31\n"
        "TA  - Cell Rep\nAID - 10.1016/j.celrep.2022.110887 [doi]\nPT  - Journal Article\n"
    )
    files = {
        "separate files": [("a.ris", ris), ("notice.nbib", notice), ("article.nbib", article)],
        "one file, notice first": [("a.ris", ris), ("both.nbib", notice + "\n" + article)],
        "one file, article first": [("a.ris", ris), ("both.nbib", article + "\n" + notice)],
    }[order]
    for name, text in files:
        report = run_import_bytes(name, text.encode()).files[0]
        assert report.failed == [] and report.error == "", name
    assert Publication.objects.count() == 2
    stored = Publication.objects.get(doi__iexact="10.1016/j.celrep.2022.110887")
    assert stored.pmid == 92000300 and stored.is_retracted
    relation = PublicationRelation.objects.get(kind="RetractionOf")
    assert relation.target_id == stored.pk


CELL_TITLE = "Tumor-derived exosomes drive resistance to kinase inhibition"
ARTICLE_BIB = (
    # Google Scholar: no PMID, no DOI; the article.
    "@article{kim2022, title={Tumor-derived exosomes drive resistance to kinase inhibition},"
    " author={Kim, Soo and Park, Min}, journal={Cell Reports}, volume={39}, number={9}, year={2022}}\n"
)
ERRATUM_NBIB = (
    # The journal's correction notice: same title, year and first author (Cell Press titles them so).
    f"PMID- 92000301\nTI  - {CELL_TITLE}.\nFAU - Kim, Soo\nAU  - Kim S\nDP  - 2022 Jun 28\n"
    "PT  - Published Erratum\nTA  - Cell Rep\nEFR - Cell Rep. 2022 May 31;39(9):110887. PMID: 92000300\n"
)


@pytest.mark.parametrize("order", ["article first", "notice first"])
def test_a_notice_titled_as_its_article_is_never_merged_into_it(order):
    files = [("a.bib", ARTICLE_BIB), ("e.nbib", ERRATUM_NBIB)]
    for name, text in files if order == "article first" else files[::-1]:
        report = run_import_bytes(name, text.encode()).files[0]
        assert (report.created, report.failed) == (1, [])
    article = Publication.objects.get(pmid=None)
    notice = Publication.objects.get(pmid=92000301)
    assert article.title == notice.title.rstrip(".") and article.pub_year == notice.pub_year == 2022
    assert list(notice.publication_types.values_list("name", flat=True)) == ["Published Erratum"]
    assert not article.publication_types.exists()


def test_reference_manager_exports_of_one_paper_fill_each_other_and_never_blur_the_date():
    zotero = (
        "TY  - JOUR\nTI  - Budesonide-formoterol as needed in mild asthma\nAU  - O'Byrne, Paul M.\n"
        "PY  - 2018\nDA  - 2018/05/17/\nDO  - 10.1056/NEJMoa1715274\nT2  - New England Journal of Medicine\n"
        "ER  - \n"
    )
    scopus = (
        "TY  - JOUR\nTI  - BUDESONIDE-FORMOTEROL AS NEEDED IN MILD ASTHMA\nAU  - O'Byrne, P.M.\nPY  - 2018\n"
        "DO  - 10.1056/NEJMoa1715274\nVL  - 378\nER  - \n"
    )
    run_import_bytes("zotero.ris", zotero.encode())
    report = run_import_bytes("scopus.ris", scopus.encode()).files[0]
    assert report.updated == 1  # the volume was missing
    pub = Publication.objects.get()
    assert (pub.title, pub.volume) == ("Budesonide-formoterol as needed in mild asthma", "378")
    assert (pub.pub_year, pub.pub_month, pub.pub_day) == (2018, 5, 17)
    assert pub.authorships.get().author.fore_name == "Paul M"
    # A richer source still corrects a reference manager's record, but a year alone blurs no date.
    medline = (
        "PMID- 29768149\nTI  - Budesonide-Formoterol as Needed in Mild Asthma.\nFAU - O'Byrne, Paul M\n"
        "AU  - O'Byrne PM\nDP  - 2018\nLID - 10.1056/NEJMoa1715274 [doi]\n"
    )
    run_import_bytes("pubmed.nbib", medline.encode())
    pub.refresh_from_db()
    assert (pub.pmid, pub.title) == (29768149, "Budesonide-Formoterol as Needed in Mild Asthma.")
    assert (pub.pub_year, pub.pub_month, pub.pub_day) == (2018, 5, 17)


EPUB_PUBMED = (
    "PMID- 37000001\nDP  - 2024 Jan\nTI  - Imatinib discontinuation after deep molecular response in chronic"
    " myeloid leukaemia.\nFAU - Sørensen, Jens\nAU  - Sørensen J\nFAU - Hughes, Timothy\nAU  - Hughes T\n"
    "JT  - Leukemia\nTA  - Leukemia\nIS  - 0887-6924 (Print)\nVI  - 38\nPG  - 201-210\nAB  - Stopping imatinib is safe.\n"
)
SCHOLAR_2023 = (
    "@article{sorensen2023, title={Imatinib discontinuation after deep molecular response in chronic myeloid"
    " leukaemia}, author={Sorensen, Jens and Hughes, Timothy}, journal={Leukemia}, year={2023}, volume={38},"
    " pages={201--210}}\n"
)


@pytest.mark.parametrize("order", ["reference manager first", "PubMed first"])
def test_an_article_online_one_year_and_in_print_the_next_is_one_publication(order):
    # Google Scholar's BibTeX has no DOI and the year the article went online; PubMed has the issue's year.
    reports = import_in_order(
        [("scholar.bib", SCHOLAR_2023), ("pubmed.nbib", EPUB_PUBMED)], reverse=order == "PubMed first"
    )
    assert [(r.created, r.updated + r.unchanged) for r in reports] == [(1, 0), (0, 1)]
    pub = Publication.objects.get()
    assert (pub.pmid, pub.pub_year, pub.volume) == (37000001, 2024, "38")  # PubMed's fields win
    assert pub.abstract_text == "Stopping imatinib is safe."


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(SCHOLAR_2023.replace("2023", "2022"), id="two years apart"),
        pytest.param(SCHOLAR_2023.replace("{Leukemia}", "{Blood}"), id="another journal"),
        pytest.param(SCHOLAR_2023.replace("volume={38}", "volume={37}"), id="another volume"),
        pytest.param(
            SCHOLAR_2023.replace(" volume={38},", "").replace(" pages={201--210}", ""),
            id="no volume, no pages",
        ),
        pytest.param(SCHOLAR_2023.replace("{Sorensen, Jens", "{Sorensen, Mette"), id="another first initial"),
        pytest.param(SCHOLAR_2023.replace("Sorensen, Jens and ", ""), id="another first author"),
        pytest.param(
            SCHOLAR_2023.replace("title={Imatinib", "doi={10.1038/other}, title={Imatinib"), id="another DOI"
        ),
    ],
)
def test_a_title_a_year_apart_is_another_publication_unless_all_else_agrees(other):
    run_import_bytes(
        "pubmed.nbib", EPUB_PUBMED.replace("TI  - ", "LID - 10.1038/first [doi]\nTI  - ").encode()
    )
    report = run_import_bytes("scholar.bib", other.encode()).files[0]
    assert report.created == 1
    assert Publication.objects.count() == 2


def test_a_short_title_that_recurs_every_year_matches_only_its_own_year():
    editorial = (
        "TY  - JOUR\nTI  - Highlights of this issue\nAU  - Editor, Chief\nT2  - Leukemia\nPY  - {}\nER  - \n"
    )
    for year in (2023, 2024):
        assert run_import_bytes(f"{year}.ris", editorial.format(year).encode()).files[0].created == 1
    assert Publication.objects.count() == 2


def test_two_stored_publications_a_year_either_side_leave_the_record_unmatched():
    for year in (2022, 2024):
        run_import_bytes(f"{year}.bib", SCHOLAR_2023.replace("2023", str(year)).encode())
    report = run_import_bytes("2023.bib", SCHOLAR_2023.encode()).files[0]
    assert report.created == 1 and Publication.objects.count() == 3


def test_one_file_with_the_online_and_the_print_year_of_one_article_creates_it_once():
    ris = "".join(
        "TY  - JOUR\nTI  - Imatinib discontinuation after deep molecular response in chronic myeloid leukaemia\n"
        f"AU  - Sorensen, Jens\nT2  - Leukemia\nPY  - {year}\nVL  - 38\nSP  - 201\nER  - \n"
        for year in (2023, 2024)
    )
    report = run_import_bytes("both.ris", ris.encode()).files[0]
    assert (report.created, report.updated + report.unchanged) == (1, 1)


@pytest.mark.parametrize(
    "title, author",
    [
        pytest.param(
            "IL-1β and NF-κB signalling in chronic myeloid leukaemia", "Druker, B.J.", id="as PubMed"
        ),
        pytest.param(
            "IL-1beta and NF-kappaB signalling in chronic myeloid leukaemia", "Druker, B.J.", id="Embase"
        ),
        pytest.param(
            "IL-1 beta and NF-kappa B signalling in chronic myeloid leukaemia", "Druker, BJ", id="WoS"
        ),
        pytest.param(
            "IL-1β and NF-κB signalling in chronic myeloid leukaemia", "Druker, Brian", id="Crossref"
        ),
        pytest.param(
            "Il-1β and Nf-κb signalling in chronic myeloid leukaemia", "Druker, B.", id="one initial"
        ),
    ],
)
def test_a_record_without_identifiers_matches_whatever_the_exporter_spells_greek_or_initials(title, author):
    pubmed = (
        "PMID- 37000002\nDP  - 2021 Mar\nTI  - IL-1β and NF-κB signalling in chronic myeloid leukaemia.\n"
        "FAU - Druker, Brian J\nAU  - Druker BJ\nJT  - Leukemia\nTA  - Leukemia\n"
    )
    run_import_bytes("pubmed.nbib", pubmed.encode())
    ris = f"TY  - JOUR\nTI  - {title}\nAU  - {author}\nPY  - 2021\nT2  - Leukemia\nVL  - 35\nER  - \n"
    report = run_import_bytes("export.ris", ris.encode()).files[0]
    assert (report.created, report.updated) == (0, 1)
    assert Publication.objects.get().volume == "35"


def test_short_titles_and_anonymous_records_match_only_in_the_same_journal_volume_and_pages():
    ris = "".join(
        f"TY  - JOUR\nTI  - {title}\n{author}T2  - {journal}\nPY  - 2019\n{more}ER  - \n"
        for title, author, journal, more in [
            ("Editorial", "", "Leukemia Research", "VL  - 76\n"),
            ("Editorial.", "", "Annals of Hematology", "VL  - 98\n"),
            ("Introduction", "AU  - Smith, J\n", "Leukemia Research", ""),
            ("Introduction", "AU  - Smith, J\n", "Annals of Hematology", ""),
            ("Editorial", "", "Annals of Hematology", "VL  - 98\nSP  - 5\n"),
            ("Editorial", "", "Annals of Hematology", "VL  - 98\nSP  - 7\n"),
        ]
    )
    report = run_import_bytes("editorials.ris", ris.encode()).files[0]
    assert (report.created, report.updated) == (5, 1)  # the fifth gave the second its page
    assert Publication.objects.count() == 5
    again = run_import_bytes("editorials.ris", ris.encode()).files[0]
    assert again.created == 0 and Publication.objects.count() == 5


def ris_record(title, author="", journal="", year=2020, more=""):
    author_line = f"AU  - {author}\n" if author else ""
    return f"TY  - JOUR\nTI  - {title}\n{author_line}T2  - {journal}\nPY  - {year}\n{more}ER  - \n"


@pytest.mark.parametrize(
    "records, rows",
    [
        pytest.param(
            [("Clinical characteristics of patients with type 2 diabetes", "Wang, Li", "Chin J Intern Med", 2020,
              "VL  - 59\nSP  - 100\n"),
             ("Clinical characteristics of patients with type 2 diabetes", "Wang, Yan", "J Diabetes Res", 2020,
              "VL  - 12\nSP  - 55\n")],
            2, id="same surname, other initial, journal, volume and page"),
        pytest.param(
            [("Reply to the letter to the editor", "Kim, Sung-Hoon", "Korean J Radiol", 2020, ""),
             ("Reply to the letter to the editor", "Kim, Ji-Young", "J Urol", 2020, "")],
            2, id="same surname, other initial"),
        pytest.param(
            [("Annual report of the European Society of Cardiology", "European Society of Cardiology",
              "Eur Heart J", year, "") for year in (2018, 2019, 2020, 2021)],
            4, id="a yearly report without volumes"),
        pytest.param(
            [("Outcomes of a registry of rare tumours in children", "", journal, 2020, "")
             for journal in ("Pediatr Blood Cancer", "Eur J Cancer")],
            2, id="no authors, another journal"),
        pytest.param(
            [("Imatinib in a phase 3 trial of GIST", "Lee, J", "J Clin Oncol", 2020,
              "VL  - 38\nSP  - 4500\nM3  - Conference Abstract\n"),
             ("Imatinib in a phase 3 trial of GIST", "Lee, J", "J Clin Oncol", 2021, "")],
            2, id="a meeting abstract and the paper a year later, not yet in an issue"),
    ],
)  # fmt: skip
def test_look_alike_records_that_are_different_publications_stay_apart(records, rows):
    run_import_bytes("look-alikes.ris", "".join(ris_record(*r) for r in records).encode())
    assert Publication.objects.count() == rows


@pytest.mark.parametrize(
    "medline, scholar",
    [
        pytest.param(
            "FAU - Wang, Li\nAU  - Wang L\nJT  - Scientific reports\nVI  - 10\nPG  - 12345\n",
            "author={Wang, Li}, journal={Scientific Reports}, volume={10}, pages={1--12}",
            id="an article number and the PDF's pages",
        ),
        pytest.param(
            "FAU - Türeci, Özlem\nAU  - Türeci Ö\nJT  - Nature medicine\nVI  - 26\nPG  - 100-110\n",
            "author={Tureci, O.}, journal={Nature Medicine}, volume={26}, pages={100--110}",
            id="an accented initial written in ASCII",
        ),
        pytest.param(
            "FAU - Smith, Jane\nAU  - Smith J\nJT  - The Cochrane database of systematic reviews\nVI  - 1\n"
            "PG  - CD012345\n",
            "author={Smith, Jane}, journal={Cochrane Database of Systematic Reviews}, volume={2020}, number={1}",
            id="the year as the volume",
        ),
    ],
)
def test_google_scholars_bibtex_of_a_pubmed_record_is_one_publication(medline, scholar):
    title = "Outcomes of imatinib treatment in a large cohort"
    run_import_bytes("pubmed.nbib", f"PMID- 32000001\nTI  - {title}.\nDP  - 2020\n{medline}".encode())
    bib = f"@article{{s, title={{{title}}}, {scholar}, year={{2020}}}}\n"
    report = run_import_bytes("scholar.bib", bib.encode()).files[0]
    assert report.created == 0
    assert Publication.objects.count() == 1


def test_a_stored_author_list_with_odd_values_does_not_fail_the_file():
    run_import_bytes("a.ris", ris_record("An article on imatinib resistance in CML", "Smith, J").encode())
    Publication.objects.update(author_list=[{"last_name": "Smith", "initials": 7}])
    report = run_import_bytes(
        "a.ris", ris_record("An article on imatinib resistance in CML", "Smith, J").encode()
    )
    assert report.files[0].error == "" and Publication.objects.count() == 1


def test_a_note_that_cites_another_papers_pmid_does_not_give_the_record_that_pmid():
    run_import_bytes("article.nbib", b"PMID- 31000001\nTI  - The article.\nDP  - 2020\n")
    ris = ris_record(
        "A commentary", "Else, Some", "Lancet", more="N1  - Comment on: N Engl J Med. 2020. PMID: 31000001\n"
    )
    report = run_import_bytes("commentary.ris", ris.encode()).files[0]
    assert report.created == 1
    assert Publication.objects.get(title="A commentary").pmid is None


def test_a_journal_renamed_by_nlm_is_still_found_by_the_name_exports_use():
    run_import_bytes("wos.ris", ris_record("An editorial comment on trials", "Lee, Kim", "Journal of Clinical Oncology",
                                           2019, "SN  - 0732-183X\nVL  - 37\nSP  - 100\n").encode())  # fmt: skip
    medline = (
        "PMID- 37000004\nDP  - 2019\nTI  - A PubMed paper in JCO.\nJID - 8309333\nTA  - J Clin Oncol\n"
        "JT  - Journal of clinical oncology : official journal of the American Society of Clinical Oncology\n"
        "IS  - 0732-183X (Print)\n"
    )
    run_import_bytes("pubmed.nbib", medline.encode())
    journal = Journal.objects.get()
    assert (journal.title, journal.nlm_id, journal.iso_abbreviation) == (
        "Journal of Clinical Oncology",
        "8309333",
        "J Clin Oncol",
    )
    scholar = "@article{l, title={An editorial comment on trials}, author={Lee, Kim}, journal={Journal of Clinical Oncology}, year={2019}}\n"
    report = run_import_bytes("scholar.bib", scholar.encode()).files[0]
    assert report.created == 0 and Journal.objects.count() == 1


def test_an_nlm_id_another_journal_holds_is_left_for_a_curator():
    factories.JournalFactory(title="Blood", nlm_id="7603509", issn="0006-4971")
    run_import_bytes("wos.ris", ris_record("A paper in a journal WoS names oddly", "Doe, J", "BLOOD JOURNAL",
                                           more="SN  - 1528-0020\n").encode())  # fmt: skip
    # The first record finds the export's journal by ISSN; the second, in the next batch, brings the
    # NLM ID the other row already holds.
    medline = (
        "PMID- 37000005\nDP  - 2020\nTI  - A paper without its journal's ID.\nIS  - 1528-0020 (Electronic)\n\n"
        "PMID- 37000006\nDP  - 2020\nTI  - A PubMed paper.\nJID - 7603509\nJT  - Blood\nIS  - 1528-0020 (Electronic)\n"
    )
    report = run_import_bytes("pubmed.nbib", medline.encode(), batch_size=1).files[0]
    assert report.error == "" and report.created == 2
    assert Journal.objects.get(title="BLOOD JOURNAL").nlm_id is None


def test_a_journal_gains_nlms_id_from_a_later_batch_of_the_file_that_first_found_it():
    run_import_bytes(
        "wos.ris", ris_record("A paper", "Doe, J", "BLOOD JOURNAL", more="SN  - 1528-0020\n").encode()
    )
    medline = (
        "PMID- 37000005\nDP  - 2020\nTI  - A paper without its journal's ID.\nIS  - 1528-0020 (Electronic)\n\n"
        "PMID- 37000006\nDP  - 2020\nTI  - A PubMed paper.\nJID - 7603509\nJT  - Blood\nIS  - 1528-0020 (Electronic)\n"
    )
    run_import_bytes("pubmed.nbib", medline.encode(), batch_size=1)
    assert Journal.objects.get().nlm_id == "7603509"


def test_query_count_does_not_grow_with_stored_look_alike_titles():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def corrections(first_pmid, count):
        return "".join(
            f"PMID- {first_pmid + i}\nTI  - Correction.\nDP  - 2020\nJT  - Journal {i % 7}\n\n"
            for i in range(count)
        ).encode()

    run_import_bytes("few.nbib", corrections(38000000, 3))
    with CaptureQueriesContext(connection) as few:
        run_import_bytes("one.nbib", corrections(38100000, 1))
    run_import_bytes("many.nbib", corrections(38200000, 1500))
    with CaptureQueriesContext(connection) as many:
        run_import_bytes("another.nbib", corrections(38300000, 1))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_one_journal_whatever_exporter_names_it():
    run_import(ARTICLES)  # NEJM as NLM has it: electronic ISSN, linking ISSN 0028-4793, 'The ... journal'
    nejm = Journal.objects.get(nlm_id="0255562")
    assert (nejm.issn, nejm.eissn) == ("0028-4793", "1533-4406")
    exports = [
        ("scopus.ris", "TY  - JOUR\nTI  - Scopus paper\nPY  - 2019\nSN  - 00284793\n"
         "T2  - New England Journal of Medicine\nJ2  - N. Engl. J. Med.\nER  - \n"),
        ("scholar.bib", "@article{s, title={Scholar paper}, journal={New England Journal of Medicine}, year={2019}}\n"),
        ("zotero.ris", "TY  - JOUR\nTI  - Zotero paper\nPY  - 2019\nJ2  - N.Engl.J.Med.\nER  - \n"),
    ]  # fmt: skip
    for name, text in exports:
        run_import_bytes(name, text.encode())
    assert Journal.objects.filter(title__icontains="england").count() == 1
    assert nejm.publications.count() == 2 + len(exports)  # the article and its correction notice


def test_a_journal_first_named_by_an_export_gains_nlms_record_from_pubmed_and_is_searched_under_it():
    from tests.literature.search.conftest import found

    scholar = "@article{s, title={Scholar paper on imatinib}, journal={New England Journal of Medicine}, year={2019}}\n"
    run_import_bytes("scholar.bib", scholar.encode())
    assert found("n engl j med[ta]") == []
    medline = (
        "PMID- 37000003\nDP  - 2020\nTI  - A PubMed paper.\nJT  - The New England journal of medicine\n"
        "TA  - N Engl J Med\nJID - 0255562\nIS  - 1533-4406 (Electronic)\nIS  - 0028-4793 (Linking)\n"
    )
    run_import_bytes("pubmed.nbib", medline.encode())
    journal = Journal.objects.get()
    assert (journal.nlm_id, journal.title, journal.iso_abbreviation) == (
        "0255562",
        "The New England journal of medicine",
        "N Engl J Med",
    )
    assert journal.eissn == "1533-4406"
    assert sorted(found("n engl j med[ta]")) == ["A PubMed paper.", "Scholar paper on imatinib"]
    # A journal NLM already catalogued keeps its record: a later export's name changes nothing.
    run_import_bytes("later.bib", scholar.replace("2019", "2021").replace("Scholar", "Later").encode())
    journal.refresh_from_db()
    assert journal.title == "The New England journal of medicine"


def test_an_export_that_changes_nothing_leaves_no_unused_authors_or_journals():
    run_import(ARTICLES)
    before = (Author.objects.count(), Journal.objects.count())
    # Scopus's export of a stored paper: initials-only names and its own spelling of the journal.
    scopus = (
        "TY  - JOUR\nTI  - Long-term outcomes of imatinib treatment for chronic myeloid leukemia in vivo\n"
        "AU  - Hochhaus, A.\nAU  - Larson, R.A.\nPY  - 2017\nDO  - 10.1056/NEJMoa1609324\n"
        "T2  - NEJM Evidence-free spelling\nER  - \n"
    )
    report = run_import_bytes("scopus.ris", scopus.encode()).files[0]
    assert (report.created, report.failed) == (0, [])
    assert (Author.objects.count(), Journal.objects.count()) == before
    # An author added meanwhile by someone else (here: during the import, from its progress hook),
    # not yet linked to anything, is not the file's to remove.
    added = []

    def add_once(*args):
        if not added:
            added.append(Author.objects.create(last_name="Curator", fore_name="Added"))

    run_import_bytes("scopus.ris", scopus.encode(), progress=add_once)
    assert Author.objects.filter(pk=added[0].pk).exists()
    before = (before[0] + 1, before[1])
    # A new record keeps the rows it uses.
    run_import_bytes(
        "new.ris", scopus.replace("10.1056/NEJMoa1609324", "10.1/new").replace("in vivo", "").encode()
    )
    assert (Author.objects.count(), Journal.objects.count()) == (before[0] + 2, before[1] + 1)


def test_names_and_titles_with_letters_that_have_no_accent_match_their_ascii_spelling():
    """Zotero keeps 'Sørensen' and 'Ærø'; Web of Science writes 'Sorensen' and 'Aero'. One paper, one row."""
    zotero = (
        "TY  - JOUR\nTI  - Ærø cohort: statin use and łódź-type outcomes\nAU  - Sørensen, Jens Ø.\n"
        "AU  - Małecki, Łukasz\nPY  - 2019\nT2  - Ugeskrift for Læger\nER  - \n"
    )
    wos = (
        "TY  - JOUR\nTI  - AERO COHORT: STATIN USE AND LODZ-TYPE OUTCOMES\nAU  - Sorensen, JO\n"
        "AU  - Malecki, L\nPY  - 2019\nSP  - 12\nT2  - UGESKRIFT FOR LAEGER\nER  - \n"
    )
    assert run_import_bytes("zotero.ris", zotero.encode()).files[0].created == 1
    report = run_import_bytes("wos.ris", wos.encode()).files[0]
    assert (report.created, report.updated, report.failed) == (0, 1, [])
    pub = Publication.objects.get()
    assert pub.title.startswith("Ærø cohort") and pub.pages.startswith("12")
    # The sort key spells the name as it is read: 'Ødegård' sorts under O, not D.
    assert pub.first_author_key == "sorensen jo"
    # Greek letters: PubMed's 'NF-κB' and 'TGF-β' are Web of Science's 'NF-kappa B' and 'TGF-beta'.
    medline = "PMID- 95000001\nTI  - NF-κB and TGF-β signalling in fibrosis.\nAU  - Kim S\nDP  - 2021 Mar\n"
    wos = (
        "TY  - JOUR\nTI  - NF-KAPPA B AND TGF-BETA SIGNALLING IN FIBROSIS\nAU  - Kim, S\nPY  - 2021\nER  - \n"
    )
    assert run_import_bytes("greek.nbib", medline.encode()).files[0].created == 1
    assert run_import_bytes("greek.ris", wos.encode()).files[0].created == 0
    ris = "TY  - JOUR\nTI  - Another\nAU  - Ødegård, Øyvind\nPY  - 2020\nER  - \n"
    run_import_bytes("other.ris", ris.encode())
    assert Publication.objects.get(title="Another").first_author_key == "odegard o"
    assert Publication.objects.count() == 3
    # A long name in Greek script, spelled out, stays within what PostgreSQL takes as one token.
    group = "Ελληνική Ομάδα Μελέτης " * 20
    ris = f"TY  - JOUR\nTI  - A Greek group's trial\nAU  - {group}\nPY  - 2020\nER  - \n"
    report = run_import_bytes("greek-group.ris", ris.encode()).files[0]
    assert (report.created, report.failed, report.error) == (1, [], "")


def test_the_number_of_queries_does_not_grow_with_the_number_of_records():
    def ris(n, offset):
        return "".join(
            f"TY  - JOUR\nTI  - Record {offset + i}\nAU  - Author{offset + i}, Ann\nPY  - 2001\nDO  - 10.1/r{offset + i}\n"
            f"KW  - kw{i}\nER  - \n"
            for i in range(n)
        ).encode()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        run_import_bytes("few.ris", ris(5, 0))
    with CaptureQueriesContext(connection) as many:
        run_import_bytes("many.ris", ris(200, 1000))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert Publication.objects.count() == 205


def test_imported_rows_carry_the_derived_columns_the_models_compute():
    from literature.importers.records import PublicationRecord
    from literature.models import compute_match_key, first_author_name

    run_import(ARTICLES, FIXTURES / "records.nbib")
    for pub in Publication.objects.all():
        assert pub.match_key == compute_match_key(pub.title, pub.pub_year, first_author_name(pub.author_list))
        assert pub.date_key == (pub.pub_year or 0) * 10000 + (pub.pub_month or 0) * 100 + (pub.pub_day or 0)
        assert pub.author_count == len(pub.author_list) == pub.authorships.count()
    # The importer's fast path for the match key agrees with the model's, accents or not.
    for title in ["Plain ASCII title: with punctuation!", "Über Ødegård's [translated] títle", "ÆSIR – 日本"]:
        rec = PublicationRecord(
            source="ris", title=title, pub_year=2001, authors=[AuthorName(last_name="Zoë")]
        )
        assert rec.match_key == compute_match_key(title, 2001, "zoe")


def test_the_fast_normalization_of_ascii_agrees_with_the_full_one():
    from literature.models import _normalize_unicode, normalize_text

    for text in [
        "Imatinib (STI-571) in CML: a 10-year update!",
        "  spaced\tout  ",
        "MIXED case_with_underscores & 'quotes' [brackets]",
        "",
    ]:
        assert normalize_text(text) == _normalize_unicode(text)
    assert normalize_text("Über-study, Zoë") == "uber study zoe"  # accents folded, not dropped
    # Letters with no accent to drop are spelled in ASCII, in either case, not dropped.
    assert normalize_text("Sørensen, ØDEGÅRD, Małecki, Straße, ẞ, Æsop, Þór, İlhan") == (
        "sorensen odegard malecki strasse ss aesop thor ilhan"
    )
    # Greek letters are spelled as words, as ASCII exports and drug names write them.
    assert (
        normalize_text("NF-κB, TGF-β1, PDGFRα, 5 µg/kg, Ω")
        == "nf kappa b tgf beta 1 pdgfr alpha 5 mu g kg omega"
    )


UNDATED_XML = AHEAD_OF_PRINT_XML.replace(
    "<DateRevised><Year>2020</Year><Month>12</Month><Day>20</Day></DateRevised>", ""
).replace("Ahead of print title with typo.", "In-process title.")


@pytest.mark.parametrize("order", ["dated first", "undated first"])
def test_a_version_without_a_revision_date_never_overwrites_a_dated_one(order):
    """Real efetch files hold one PMID with and without DateRevised: they flipped on every import."""
    reports = import_in_order(
        [("dated.xml", AHEAD_OF_PRINT_XML), ("undated.xml", UNDATED_XML)], reverse=order == "undated first"
    )
    pub = Publication.objects.get()
    assert (pub.title, pub.source_revised) == ("Ahead of print title with typo.", 20201220)
    if order == "dated first":
        assert (reports[1].updated, reports[1].unchanged) == (0, 1)
    # Importing both again changes nothing, in either order.
    again = import_in_order(
        [("dated.xml", AHEAD_OF_PRINT_XML), ("undated.xml", UNDATED_XML)], reverse=order == "undated first"
    )
    assert [(r.updated, r.unchanged) for r in again] == [(0, 1), (0, 1)]
    assert Publication.objects.get().title == "Ahead of print title with typo."


def pubmed_xml(pmid: int, *, doi: str = "", year: int = 2020, pages: str = "", extra: str = "") -> str:
    """One PubMed record by Ochoa A in Blood; ``extra`` goes after the Article (CommentsCorrectionsList...)."""
    eloc = f'<ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>' if doi else ""
    return (
        '<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{pmid}</PMID><Article><Journal><Title>Blood</Title><JournalIssue><Volume>135</Volume>'
        f"<PubDate><Year>{year}</Year></PubDate></JournalIssue></Journal>"
        "<ArticleTitle>Ponatinib after two kinase inhibitors in chronic phase leukaemia.</ArticleTitle>"
        f"<Pagination><MedlinePgn>{pages}</MedlinePgn></Pagination>"
        f"{eloc}"
        "<AuthorList><Author><LastName>Ochoa</LastName><Initials>A</Initials></Author></AuthorList></Article>"
        f"{extra}</MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )


RETRACTED_AND_CORRECTED = (
    '<CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn"><RefSource>Blood. 2021;137:9</RefSource>'
    '<PMID Version="1">45000099</PMID></CommentsCorrections><CommentsCorrections RefType="ErratumIn">'
    "<RefSource>Blood. 2020;136:1</RefSource></CommentsCorrections></CommentsCorrectionsList>"
)


def test_an_update_whose_doi_a_curator_corrected_away_is_applied_not_refused():
    """PubMed gave this record another paper's DOI; the curator corrected it, then that paper came in."""
    run_import_bytes("f1.xml", pubmed_xml(45000001, doi="10.9999/g.5", pages="1-9").encode())
    pub = Publication.objects.get()
    pub.doi, pub.curated_fields = "10.9999/f.1", ["doi"]
    pub.save()
    run_import_bytes("g.xml", pubmed_xml(45000002, doi="10.9999/g.5").replace("Ponatinib", "Other").encode())
    report = run_import_bytes(
        "f2.xml", pubmed_xml(45000001, doi="10.9999/g.5", pages="10-19").encode()
    ).files[0]
    assert (report.updated, report.failed) == (1, [])
    pub.refresh_from_db()
    assert (pub.doi, pub.pages) == ("10.9999/f.1", "10-19")


def test_a_pubmed_record_whose_doi_an_exports_row_of_the_same_article_holds_still_lands_its_retraction():
    ris = (
        "TY  - JOUR\nTI  - Ponatinib after two kinase inhibitors in chronic phase leukaemia\nAU  - Ochoa, A\n"
        "PY  - 2019\nT2  - Blood\nDO  - 10.1182/blood.2019000001\nER  - \n"
    )
    run_import_bytes("scopus.ris", ris.encode())  # online ahead of print: no volume or pages yet
    run_import_bytes("print.xml", pubmed_xml(45000010, pages="100-110").encode())
    assert Publication.objects.count() == 2  # a year apart without an identifier in common: two rows
    report = run_import_bytes(
        "update.xml",
        pubmed_xml(
            45000010, doi="10.1182/blood.2019000001", pages="100-110", extra=RETRACTED_AND_CORRECTED
        ).encode(),
    ).files[0]
    assert (report.updated, report.failed) == (1, [])
    assert len(report.notes) == 1 and "merge the two" in report.notes[0].reason
    printed = Publication.objects.get(pmid=45000010)
    assert (printed.is_retracted, printed.has_erratum, printed.doi) == (True, True, None)
    assert Publication.objects.get(pmid=None).doi == "10.1182/blood.2019000001"
    from literature.importers.report import ImportReport, report_lines

    lines = [line for _, line in report_lines(ImportReport(files=[report]))]
    assert any(line.startswith("  to review: record 1: ") and "merge the two" in line for line in lines)


def test_a_curators_rewording_of_a_title_keeps_the_key_its_source_is_found_by():
    ris = "TY  - JOUR\nTI  - Imatinib in the clinic\nAU  - Ochoa, A\nPY  - 2019\nT2  - Blood\nER  - \n"
    run_import_bytes("a.ris", ris.encode())
    pub = Publication.objects.get()
    pub.title, pub.curated_fields = "Imatinib in clinical practice: a review", ["title"]
    pub.save()
    report = run_import_bytes("a.ris", ris.encode()).files[0]
    assert (report.created, report.unchanged) == (0, 1)
    assert Publication.objects.get().title == "Imatinib in clinical practice: a review"


def test_a_later_retraction_is_added_to_relations_a_curator_edited():
    from literature.models import PublicationRelation

    run_import_bytes("v1.xml", pubmed_xml(45000020).encode())
    pub = Publication.objects.get()
    PublicationRelation.objects.create(publication=pub, kind="CommentIn", ref_source="Blood. 2020;135:5")
    pub.curated_fields = ["relations"]
    pub.save()
    report = run_import_bytes("v2.xml", pubmed_xml(45000020, extra=RETRACTED_AND_CORRECTED).encode()).files[0]
    assert report.updated == 1
    assert sorted(pub.relations.values_list("kind", "ref_pmid")) == [
        ("CommentIn", None),
        ("ErratumIn", None),
        ("RetractionIn", 45000099),
    ]
    again = run_import_bytes("v2.xml", pubmed_xml(45000020, extra=RETRACTED_AND_CORRECTED).encode()).files[0]
    assert (again.updated, again.unchanged, pub.relations.count()) == (0, 1, 3)


def test_a_retraction_a_curator_already_entered_without_its_pmid_is_not_added_twice():
    from literature.models import PublicationRelation

    run_import_bytes("v1.xml", pubmed_xml(45000030).encode())
    pub = Publication.objects.get()
    PublicationRelation.objects.create(publication=pub, kind="RetractionIn", ref_source="Blood. 2021;137:9.")
    pub.curated_fields = ["relations"]
    pub.save()
    run_import_bytes("v2.xml", pubmed_xml(45000030, extra=RETRACTED_AND_CORRECTED).encode())
    assert sorted(pub.relations.values_list("kind", "ref_pmid")) == [
        ("ErratumIn", None),
        ("RetractionIn", None),
    ]
