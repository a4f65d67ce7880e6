"""MEDLINE text, RIS and BibTeX into publications, with their exporters' quirks."""

import codecs
import io

import pytest

from literature.importers import bibtex, medline
from literature.importers import ris as ris_format
from literature.importers.records import FileFormatError, split_labelled_abstract
from literature.models import Publication
from tests.literature.importers.conftest import FIXTURES, run_import, run_import_bytes

pytestmark = pytest.mark.django_db


# --- MEDLINE (.nbib) ------------------------------------------------------------------------


def test_medline_text_maps_every_field():
    report = run_import(FIXTURES / "records.nbib").files[0]
    assert (report.format, report.created, report.failed) == ("medline", 2, [])
    pub = Publication.objects.get(pmid=92000001)
    assert pub.title == (
        "Dasatinib versus imatinib in newly diagnosed chronic-phase chronic myeloid leukemia: a five-year update."
    )
    assert (pub.doi, pub.pmcid, pub.volume, pub.issue, pub.pages) == (
        "10.1182/blood-2017-08-123456", "PMC5865231", "131", "12", "1300-1310",
    )  # fmt: skip
    assert (pub.pub_year, pub.pub_month, pub.pub_day) == (2018, 3, 22)
    assert [s["label"] for s in pub.abstract] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert pub.abstract[1]["text"] == "We randomly assigned 519 patients (NCT00481247)."
    assert pub.author_names == ["Cortes JE", "DASISION Investigators", "Saglio G", "Kantarjian HM"]
    cortes = pub.authorships.select_related("author").get(position=1)
    assert (cortes.author.fore_name, cortes.author.orcid) == ("Jorge E", "0000-0002-8636-1071")
    assert (
        cortes.affiliation
        == "MD Anderson Cancer Center, Houston, TX.; Second affiliation of the same author."
    )
    assert (pub.journal.title, pub.journal.issn, pub.journal.eissn, pub.journal.nlm_id) == (
        "Blood", "0006-4971", "1528-0020", "7603509",
    )  # fmt: skip
    heading = pub.mesh_headings.select_related("term").get(
        term__name="Leukemia, Myelogenous, Chronic, BCR-ABL Positive"
    )
    assert heading.is_major and heading.qualifiers == ["drug therapy", "mortality"]  # wrapped line joined
    antineoplastic = pub.mesh_headings.get(term__name="Antineoplastic Agents")
    assert antineoplastic.is_major and antineoplastic.qualifiers == ["adverse effects", "therapeutic use"]
    assert pub.keywords == ["second-generation TKI", "molecular response"]
    assert list(pub.trials.values_list("identifier", flat=True)) == ["NCT00481247"]
    assert list(pub.relations.order_by("id").values_list("kind", "ref_pmid")) == [
        ("CommentIn", 29567777),
        ("ErratumIn", 29880000),
    ]
    assert pub.has_erratum


def test_medline_seasons_vernacular_titles_and_non_ascii_names():
    run_import(FIXTURES / "records.nbib")
    pub = Publication.objects.get(pmid=92000002)
    assert (pub.title, pub.vernacular_title) == (
        "[Imatinib-Therapie bei Kindern].",
        "Imatinib-Therapie bei Kindern.",
    )
    assert (pub.pub_year, pub.pub_month, pub.date_display) == (2000, None, "2000 Spring")
    assert pub.pages == "e146-8"
    assert pub.author_names == ["Łukasz Ż"]
    assert pub.authorships.get().author.fore_name == "Żółć"
    assert pub.other_abstracts[0]["language"] == "ger"
    assert pub.relations.get().kind == "RetractionOf"


def medline_records(text: str) -> list:
    return list(medline.parse(io.BytesIO(text.encode())))


@pytest.mark.parametrize(
    "text, labels",
    [
        # World J Gastroenterol opens with AIM; Fertility and Sterility brackets its plurals; Cochrane.
        ("AIM: To describe X. METHODS: We did Y. CONCLUSION: Fine.", ["AIM", "METHODS", "CONCLUSION"]),
        ("DESIGN: Cohort. PATIENT(S): 40 women. RESULT(S): None.", ["DESIGN", "PATIENT(S)", "RESULT(S)"]),
        ("BACKGROUND: x. AUTHORS' CONCLUSIONS: y.", ["BACKGROUND", "AUTHORS' CONCLUSIONS"]),
        ("CASE STUDY 1: a man. CASE STUDY 2: a woman.", ["CASE STUDY 1", "CASE STUDY 2"]),
        ('BACKGROUND: They said "no." METHODS: y.', ["BACKGROUND", "METHODS"]),
        # An other-language abstract (OAB) labels its sections with accented capitals.
        ("OBJETIVO: x. MÉTODOS: y. CONCLUSÕES: z.", ["OBJETIVO", "MÉTODOS", "CONCLUSÕES"]),
        # Not labels: a subject before a colon, a sentence that does not start with one.
        ("HIV: a review of the pandemic.", [""]),
        ("COVID-19: a review. METHODS: none.", [""]),
        ("We studied it. RESULTS: fine.", [""]),
    ],
)
def test_labelled_abstracts_in_one_line_are_split_at_their_labels(text, labels):
    assert [s["label"] for s in split_labelled_abstract(text)] == labels


def test_medline_book_records_are_skipped_with_a_reason():
    text = (
        "PMID- 92000101\nTI  - Peutz-Jeghers Syndrome\nBTI - GeneReviews(R)\nPT  - Review\n"
        "AID - NBK1266 [bookaccession]\n\n"
        "PMID- 92000102\nBTI - StatPearls\nPT  - Book\n\n"
        "PMID- 92000103\nTI  - A journal article.\nTA  - Blood\nDP  - 2019\n"
    )
    report = run_import_bytes("books.nbib", text.encode()).files[0]
    assert (report.created, report.failed) == (1, [])
    assert [p.reason for p in report.skipped] == [
        "PMID 92000101: a book record (Book Chapter, 'Peutz-Jeghers Syndrome'); the portal imports journal "
        "articles only",
        "PMID 92000102: a book record (Book, 'StatPearls'); the portal imports journal articles only",
    ]
    assert list(Publication.objects.values_list("pmid", flat=True)) == [92000103]


def test_medline_author_suffixes_particles_and_et_al():
    (rec,) = medline_records(
        "PMID- 92000104\nTI  - Title.\n"
        "FAU - Wright, Jackson T Jr\nAU  - Wright JT Jr\n"
        "FAU - Rodrigues, Maria de Lourdes Veronese\nAU  - Rodrigues Mde L\n"
        "AU  - Silva Mdos S\nAU  - van der Berg H\n"
        "AU  - et al.\n"
    )
    people = [(a.last_name, a.fore_name, a.initials, a.suffix) for a in rec.authors]
    assert people == [
        ("Wright", "Jackson T", "JT", "Jr"),  # as the XML has them: the suffix is not a fore name
        ("Rodrigues", "Maria de Lourdes Veronese", "Mde L", ""),
        ("Silva", "", "Mdos S", ""),
        ("van der Berg", "", "H", ""),
    ]
    assert rec.authors_complete is False


def test_medline_trial_registries_and_typed_other_abstracts():
    (rec,) = medline_records(
        "PMID- 92000105\nTI  - Title.\n"
        "SI  - ClinicalTrials.gov/NCT01234567\nSI  - DRKS/DRKS00012345\nSI  - CTRI/CTRI/2019/01/017000\n"
        "SI  - GENBANK/AB123456\n"
        "OAB - Publisher: OBJETIVO: Describir X. METODO: Hicimos Y.\nOABL- spa\n"
        "OAB - Un resumen sin tipo.\nOABL- fre\n"
    )
    assert [(t.identifier, t.registry) for t in rec.trials] == [
        ("NCT01234567", "ClinicalTrials.gov"), ("DRKS00012345", "other"), ("CTRI/2019/01/017000", "other"),
    ]  # fmt: skip
    publisher, untyped = rec.other_abstracts
    assert (publisher["type"], publisher["language"]) == ("Publisher", "spa")
    assert [(s["label"], s["text"]) for s in publisher["sections"]] == [
        ("OBJETIVO", "Describir X."), ("METODO", "Hicimos Y."),
    ]  # fmt: skip
    assert (untyped["type"], untyped["sections"][0]["text"]) == ("", "Un resumen sin tipo.")


# --- RIS ----------------------------------------------------------------------------------------


@pytest.fixture
def ris():
    report = run_import(FIXTURES / "flavours.ris").files[0]
    assert (report.format, report.created, report.failed) == ("ris", 6, [])
    return {p.title: p for p in Publication.objects.all()}


def test_ris_from_pubmed_through_endnote(ris):
    pub = ris["Imatinib in a PubMed record exported through EndNote"]
    assert (pub.pmid, pub.doi) == (93000001, "10.5114/PG.2018.81081")  # AN is a PMID when DB says NLM
    assert pub.author_names == ["Basinska MA", "Luke TJ", "van der Berg J Jr"]
    assert not pub.author_list_complete  # "et al."
    berg = pub.authorships.get(position=3).author
    assert (berg.last_name, berg.fore_name, berg.suffix) == ("van der Berg", "Jan", "Jr.")
    assert pub.authorships.get(position=1).author.fore_name == "Malgorzata A"
    assert (pub.pub_year, pub.pub_month) == (2019, 6)  # DA "Jun" with PY 2019
    assert pub.keywords == [
        "Imatinib Mesylate/therapeutic use", "Leukemia", "second keyword on a continuation line", "third keyword",
    ]  # fmt: skip
    assert pub.abstract[0]["text"] == "Introduction: the abstract runs over two lines."
    assert (pub.journal.title, pub.journal.iso_abbreviation, pub.journal.issn) == (
        "Przeglad gastroenterologiczny", "Prz Gastroenterol", "1895-5770",
    )  # fmt: skip
    assert (pub.volume, pub.issue, pub.pages, pub.language) == ("14", "2", "121-128", "eng")
    assert pub.source == Publication.Source.RIS


def test_ris_from_embase_ovid_scopus_web_of_science_and_rayyan(ris):
    embase = ris["Duplication cysts: an Embase record"]
    assert embase.author_names == ["Liu R", "Adler DG"]
    assert (embase.doi, embase.pages, embase.pub_year, embase.journal.issn) == (
        "10.4103/2303-9027.138783", "152-160", 2014, "2226-7190",
    )  # fmt: skip
    assert embase.abstract[0]["text"] == "Gastrointestinal duplication cysts are rare."
    assert list(embase.publication_types.values_list("name", flat=True)) == ["Journal Article"]
    ovid = ris["An Ovid record with no pages"]
    assert ovid.pages == "" and ovid.pub_year == 2019 and ovid.pub_month is None
    scopus = ris["A Scopus record with an article number"]
    assert (scopus.pmid, scopus.pages, scopus.journal.issn) == (31421429, "104501", "0306-4530")
    wos = ris["A Web of Science record"]
    assert (wos.pub_month, wos.journal.iso_abbreviation, wos.journal.eissn) == (
        9,
        "J. Appl. Res. Mem. Cogn.",
        "2211-369X",
    )
    assert wos.pmid is None  # "WOS:" accession numbers are not PMIDs
    rayyan = ris["A Rayyan record from a reference manager"]
    assert (rayyan.pmid, rayyan.pmcid, rayyan.pub_month, rayyan.pub_day) == (24584310, "PMC3481080", 5, 3)
    assert rayyan.author_list == [{"collective_name": "World Health Organization Study Group"}]


def test_ris_with_a_byte_order_mark_and_windows_line_ends_reads_the_same():
    text = (FIXTURES / "flavours.ris").read_text(encoding="utf-8")
    data = codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")
    report = run_import_bytes("windows.ris", data).files[0]
    assert (report.format, report.created, report.failed) == ("ris", 6, [])
    pub = Publication.objects.get(pmid=93000001)
    assert pub.title == "Imatinib in a PubMed record exported through EndNote"
    assert pub.keywords[-1] == "third keyword"


def test_ris_in_utf16_with_a_bom_is_read():
    text = (FIXTURES / "flavours.ris").read_text(encoding="utf-8")
    report = run_import_bytes("utf16.ris", text.encode("utf-16")).files[0]
    assert (report.created, report.error) == (6, "")


def test_a_ris_record_without_a_title_fails_alone():
    data = b"TY  - JOUR\nAU  - Nobody, A\nPY  - 2001\nER  - \n\nTY  - JOUR\nTI  - Fine\nER  - \n"
    report = run_import_bytes("one-bad.ris", data).files[0]
    assert report.created == 1
    assert [(p.position, p.reason) for p in report.failed] == [
        (1, "line 1: the record has no title (TI, T1 or ST)")
    ]


def kinds(items: list) -> list[str]:
    """What a parser made of each record: 'PublicationRecord', 'SkippedRecord' or 'MalformedRecord'."""
    return [type(item).__name__ for item in items]


def ris_records(text: str) -> list:
    return list(ris_format.parse(io.BytesIO(text.encode())))


def test_ris_exporters_headers_and_one_space_tags():
    # Cochrane Library writes a header before each record; some writers put one space before the dash.
    header = 'Record #{n} of 2\nProvider: John Wiley & Sons, Ltd.\nContent: text/plain; charset="UTF-8"\n\n'
    records = ris_records(
        header.format(n=1)
        + "TY  - JOUR\nTI  - First.\nER  - \n\n"
        + header.format(n=2)
        + "TY - JOUR\nTI - Second.\nPY - 2020\nER - \n"
    )
    assert [(type(r).__name__, r.position, r.title) for r in records] == [
        ("PublicationRecord", 1, "First."), ("PublicationRecord", 2, "Second."),
    ]  # fmt: skip
    assert records[1].pub_year == 2020
    # Stray text that is not a known header is still reported, not dropped.
    (stray, _) = ris_records("Some note\n\nTY  - JOUR\nTI  - Third.\nER  - \n")
    assert "must start with 'TY  - ', found 'Some note'" in stray.reason


def test_ris_identifiers_keywords_organizations_pages_and_languages_of_real_exporters():
    (embase, endnote) = ris_records(
        # Embase (Elsevier): the MEDLINE PMID in C5; Scopus: keywords in one line, an en dash range.
        "TY  - JOUR\nTI  - Embase record.\nC5  - 15368318\nDB  - Embase\nDB  - Medline\n"
        "KW  - imatinib; leukemia, myeloid; tyrosine kinase inhibitors\nSP  - 100 \u2013 127\nLA  - en-US\n"
        "AU  - European Medicines Agency\nAU  - U.S. Food and Drug Administration\nAU  - Liu R.\n"
        "ER  - \n"
        # EndNote: the DOI in M3; Zotero: an institution without a comma.
        "TY  - JOUR\nTI  - EndNote record.\nM3  - 10.1016/j.jinf.2020.08.008\nAU  - Ministry of Health\n"
        "AU  - Hahnloser, Richard HR\nER  - \n"
    )
    assert embase.pmid == 15368318
    assert embase.keywords == ["imatinib", "leukemia, myeloid", "tyrosine kinase inhibitors"]
    assert (embase.pages, embase.language) == ("100-127", "eng")
    assert [(a.collective_name, a.last_name, a.initials) for a in embase.authors] == [
        ("European Medicines Agency", "", ""), ("U.S. Food and Drug Administration", "", ""), ("", "Liu", "R"),
    ]  # fmt: skip
    assert endnote.doi == "10.1016/j.jinf.2020.08.008"
    assert endnote.authors[0].collective_name == "Ministry of Health"
    # Google Scholar runs initials together after the first name; MEDLINE has them as 'RHR'.
    assert (endnote.authors[1].fore_name, endnote.authors[1].initials) == ("Richard HR", "RHR")


# --- BibTeX ----------------------------------------------------------------------------------------


def test_bibtex_decodes_latex_and_reads_macros_months_and_identifiers():
    report = run_import(FIXTURES / "references.bib").files[0]
    assert (report.format, report.created) == ("bibtex", 3)
    pub = Publication.objects.get(pmid=94000001)
    assert pub.title == "VIST – a Variant-Information Search Tool for öncology"
    assert pub.author_names == ["Ševa J", "Götze J", "Saïd A", "Müller J"]
    assert pub.authorships.get(position=4).author.fore_name == "José"
    assert not pub.author_list_complete  # "and others"
    assert pub.journal.title == "The New England Journal of Medicine"  # @string macro
    assert (pub.volume, pub.issue, pub.pages, pub.pub_year, pub.pub_month) == ("20", "1", "429-440", 2019, 5)
    assert pub.doi == "10.1186/s12859-019-2958-3"
    assert pub.keywords == ["imatinib", "kinase"]
    assert [s["label"] for s in pub.abstract] == ["BACKGROUND", "RESULTS"]
    assert pub.abstract[1]["text"] == "It works with 50% fewer steps."
    assert pub.source == Publication.Source.BIBTEX


def test_bibtex_group_authors_proceedings_and_broken_entries():
    report = run_import(FIXTURES / "references.bib").files[0]
    paper = Publication.objects.get(title="Conference paper by a group")
    assert paper.author_list == [
        {"collective_name": "IRIS Study Group"},
        {"last_name": "de la Fontaine", "fore_name": "Jean-Pierre", "initials": "JP"},
    ]
    assert (paper.journal.title, paper.pages, paper.doi) == (
        "Proceedings of the Kinase Workshop", "56-66", "10.18653/v1/w18-2307",
    )  # fmt: skip
    assert Publication.objects.filter(title="The entry after the broken one").exists()
    failed = {p.position: p.reason for p in report.failed}
    assert "has no title" in failed[3]
    assert "not closed" in failed[4]


def bibtex_records(text: str) -> list:
    return list(bibtex.parse(io.BytesIO(text.encode())))


def test_bibtex_from_zotero_better_bibtex_scopus_and_web_of_science():
    zotero, wos = bibtex_records(
        # Zotero writes <, > and | as macros; Better BibTeX (BibLaTeX) the PMID as an eprint.
        "@article{a, title = {Imatinib}, eprint = {31429694}, eprinttype = {pmid}, langid = {english},\n"
        " abstract = {Mortality was lower (P {\\textless} .001) at eGFR {\\textless}60 {\\textbar} 45% fell; "
        "TNF-$\\alpha$ by 30%.},\n pages = {100 \u2013 127}}\n"
        # Web of Science doubles its braces.
        "@article{b, Title = {{Second}}, Year = {{2019}}, Month = {{SEP}},\n"
        " Keywords = {{Police custody; Interview; Interrogation}}, Pages = {{5--9}}}\n"
    )
    assert (zotero.pmid, zotero.language, zotero.pages) == (31429694, "eng", "100-127")
    assert zotero.abstract[0]["text"] == (
        "Mortality was lower (P < .001) at eGFR <60 | 45% fell; TNF-\u03b1 by 30%."
    )
    assert (wos.pub_year, wos.pub_month, wos.pages) == (2019, 9, "5-9")
    assert wos.keywords == ["Police custody", "Interview", "Interrogation"]


def test_inline_markup_of_crossref_and_publishers_is_flattened_as_in_pubmed_xml():
    (ris_rec,) = ris_records(
        "TY  - JOUR\nTI  - Effect of vitamin D<sub>3</sub> on <scp>MS</scp> relapses\n"
        "AB  - <jats:p>Background: vitamin D &amp; relapses.</jats:p>\nER  - \n"
    )
    (bib_rec,) = bibtex_records(
        # doi.org's BibTeX writes Crossref's tags as LaTeX symbols; authors write subscripts in math.
        "@article{x, title = {Effect of vitamin {D}$_3$ on {\\textless}i{\\textgreater}MS{\\textless}/i"
        "{\\textgreater} relapses}, abstract = {Ca$^{2+}$ fell.}}\n"
    )
    assert ris_rec.title == bib_rec.title == "Effect of vitamin D3 on MS relapses"
    assert ris_rec.abstract[0]["text"] == "Background: vitamin D & relapses."
    assert bib_rec.abstract[0]["text"] == "Ca2+ fell."
    assert ris_rec.match_key == bib_rec.match_key


def test_trial_numbers_in_an_abstract_are_found_however_the_authors_wrote_them():
    ris = (
        "TY  - JOUR\nTI  - Registered as nct01234567\nPY  - 2020\n"
        "AB  - Trial registration: NCT 02345678, NCT-03456789 and NCT:04567890; not NCT123 or NCT012345678.\n"
        "ER  - \n"
    )
    run_import_bytes("trials.ris", ris.encode())
    assert sorted(Publication.objects.get().trials.values_list("identifier", flat=True)) == [
        "NCT01234567",
        "NCT02345678",
        "NCT03456789",
        "NCT04567890",
    ]


def test_zotero_and_scopus_bibtex_fields_carry_ids_pages_types_and_the_abbreviation():
    bib = (
        "@article{z, title={A paper from Zotero}, journal={Blood}, author={Zot, Ero}, year={2019a},"
        " month=may, note={PMID: 31111111 PMCID: PMC6543210}}\n"
        "@ARTICLE{s, title={A Scopus review}, journal={Journal of Clinical Pharmacology}, author={Sco, Pus},"
        " year={2016}, art_number={169805}, document_type={Review}, pubmed_id={26837842},"
        " abbrev_source_title={J Clin Pharmacol}, source={Scopus}}\n"
        "@article{g, title={Interferon \\textbeta-1a and \\textalpha{}-synuclein in \\textOmega-3 trials},"
        " journal={Blood}, year={2020}}\n"
    )
    run_import_bytes("refs.bib", bib.encode())
    zotero = Publication.objects.get(title="A paper from Zotero")
    assert (zotero.pmid, zotero.pmcid, zotero.pub_year, zotero.pub_month) == (31111111, "PMC6543210", 2019, 5)
    scopus = Publication.objects.get(title="A Scopus review")
    assert (scopus.pmid, scopus.pages, scopus.journal.iso_abbreviation) == (
        26837842,
        "169805",
        "J Clin Pharmacol",
    )
    assert list(scopus.publication_types.values_list("name", flat=True)) == ["Review"]
    assert Publication.objects.filter(title="Interferon β-1a and α-synuclein in Ω-3 trials").exists()


def test_ris_notes_issn_labels_and_decomposed_letters():
    decomposed = "Mu\u0308ller, Ju\u0308rgen"
    ris = (
        f"TY  - JOUR\nTI  - First\nAU  - {decomposed}\nPY  - 2019\nN1  - PMID: 32222222\n"
        "SN  - 1533-4406 (Electronic); 0028-4793 (Linking)\nT2  - N Engl J Med\nER  - \n"
        "TY  - JOUR\nTI  - Second\nAU  - Müller, Jürgen\nPY  - 2019\nM2  - PMCID: PMC7654321\nER  - \n"
    )
    run_import_bytes("notes.ris", ris.encode())
    first, second = Publication.objects.order_by("title")
    assert (first.pmid, second.pmcid) == (32222222, "PMC7654321")
    assert (first.journal.issn, first.journal.eissn) == ("0028-4793", "1533-4406")
    run_import_bytes(
        "linking.ris", b"TY  - JOUR\nTI  - Third\nPY  - 2019\nSN  - 0006-4971 (Linking)\nER  - \n"
    )
    assert Publication.objects.get(title="Third").journal.issn == "0006-4971"
    assert first.authorships.get().author_id == second.authorships.get().author_id
    assert first.author_names == ["Müller J"]


@pytest.mark.parametrize(
    "written, last, fore, initials",
    [
        ("Smith J A", "Smith", "", "JA"),
        ("Van Der Berg H", "Van Der Berg", "", "H"),
        ("SMITH, JOHN", "SMITH", "JOHN", "J"),
        ("Smith, J. A. M. S.", "Smith", "", "JAMS"),
        ("Luke, TJ", "Luke", "", "TJ"),
    ],
)
def test_ris_names_with_spaced_initials_or_capitalized_given_names(written, last, fore, initials):
    author = ris_format.parse_person(written)
    assert (author.last_name, author.fore_name, author.initials) == (last, fore, initials)


def test_ris_tags_separated_by_a_tab_are_tags():
    run_import_bytes(
        "tabs.ris", b"TY\t- JOUR\nTI  - A tabbed export\nAU\t- Tab, Author\nPY\t-\t2019\nER  - \n"
    )
    pub = Publication.objects.get()
    assert (pub.title, pub.author_names, pub.pub_year) == ("A tabbed export", ["Tab A"], 2019)


def test_medline_partial_retraction_lines_are_kept_as_the_xml_keeps_them():
    (rec,) = medline_records(
        "PMID- 34000001\nTI  - Partly retracted.\nPRIN- J Test. 2011 Jan;5(1):10. PMID: 34000002\n"
        "PROF- J Test. 2010;4:1. PMID: 34000009\n"
    )
    assert [(r.kind, r.ref_source, r.ref_pmid) for r in rec.relations] == [
        ("other", "Partial retraction in: J Test. 2011 Jan;5(1):10.", 34000002),
        ("other", "Partial retraction of: J Test. 2010;4:1.", 34000009),
    ]


def test_ris_of_ovid_dimensions_ebsco_and_cell_press_keeps_their_identifiers_dates_and_sections():
    records = ris_records(
        # Ovid numbers its records and follows each with a link; MEDLINE's PMID is its ID and the link's AN.
        "1.\nTY  - JOUR\nDB  - Ovid MEDLINE(R)\nID  - 30439442\nTI  - Ovid record.\n"
        "AB  - OBJECTIVE: To evaluate x., RESEARCH DESIGN AND METHODS: We collected y., RESULTS: Z.\n"
        "IS  - eag, 7805975\nER  - \n\n"
        "Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/ovidweb.cgi?T=JS&D=medl&AN=30439442\n\n"
        "2.\nTY  - JOUR\nTI  - Ahead of print.\n"
        "L2  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=medp&NEWS=N&AN=39012781\nER  - \n"
        # Embase's accession number in the same kind of link is not a PMID.
        "TY  - JOUR\nTI  - Embase record.\nL2  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&D=emed&AN=2014123456\n"
        "ER  - \n"
        # Dimensions: identifiers labelled in user fields; EBSCOhost: the bare DOI in L3.
        "TY  - JOUR\nTI  - Dimensions record.\nU1  - 35957633 [PMID]\nU1  - PMC9359172 [PMCID]\n"
        "L3  - 10.1016/j.agee.2016.06.041\nER  - \n"
        # Cell Press: the whole date in Y1 when PY has the year; AIP: JO abbreviates JF; a chapter's ISBN.
        "TY  - JOUR\nTI  - Cell record.\nPY  - 2016\nY1  - 2016/10/19\nJF  - The Journal of Chemical Physics\n"
        "JO  - J. Chem. Phys.\nSN  - 978-1-4822-5326-9\nDA  - 15 Mar 2019\nER  - \n"
        "TY  - JOUR\nTI  - Day first.\nDA  - 15 Mar 2019\nER  - \n"
        # A file cut off inside its last record.
        "TY  - JOUR\nTI  - Cut off.\nAB  - Rice production so there is large difference in "
    )
    assert kinds(records) == ["PublicationRecord"] * 6 + ["MalformedRecord"]
    ovid, ahead, embase, dimensions, cell, day_first, cut = records
    assert [r.position for r in records] == [1, 2, 3, 4, 5, 6, 7]  # Ovid's lines are not records
    assert (ovid.pmid, ahead.pmid, embase.pmid) == (30439442, 39012781, None)
    assert [s["label"] for s in ovid.abstract] == ["OBJECTIVE", "RESEARCH DESIGN AND METHODS", "RESULTS"]
    assert ovid.abstract[0]["text"] == "To evaluate x."
    assert ovid.issue == ""  # Ovid's IS is the journal's NLM ID and CODEN
    assert (dimensions.pmid, dimensions.pmcid, dimensions.doi) == (
        35957633,
        "PMC9359172",
        "10.1016/j.agee.2016.06.041",
    )
    assert (cell.pub_year, cell.pub_month, cell.pub_day) == (2016, 10, 19)
    assert (cell.journal.title, cell.journal.iso_abbreviation) == (
        "The Journal of Chemical Physics",
        "J. Chem. Phys.",
    )
    assert (cell.journal.issn, cell.journal.eissn) == ("", "")
    assert (day_first.pub_year, day_first.pub_month, day_first.pub_day) == (2019, 3, 15)
    assert "the file ends inside this record" in cut.reason


@pytest.mark.parametrize(
    ("written", "last", "fore", "initials"),
    [
        ("Wesenbeeck, B. K. van", "van Wesenbeeck", "", "BK"),  # Publish or Perish: the particle last
        ("Berg, Anna van der", "van der Berg", "Anna", "A"),
        ("Takada, Mitsuo eds", "Takada", "Mitsuo", "M"),  # ProQuest marks editors
        ("Sneha, null", "Sneha", "", ""),  # Lens: no given name
        ("Jones, NA", "Jones", "", "NA"),  # initials, not a placeholder
        ("Smith, Da", "Smith", "Da", "D"),
        ("Tran, Thi Le", "Tran", "Thi Le", "TL"),  # a Vietnamese given name, not a particle
        ("Nature Conservancy, Carlton Victoria Australia Program", "", "", ""),  # AGRIS: an organization
        ("\u718a \u73ae", "\u718a", "\u73ae", "\u73ae"),  # EBSCO: a Chinese name, family name first
    ],
)
def test_ris_names_with_particles_editor_marks_placeholders_and_chinese_order(written, last, fore, initials):
    name = ris_format.parse_person(written)
    assert (name.last_name, name.fore_name, name.initials) == (last, fore, initials)
    assert name.collective_name == ("" if last else written)


def test_bibtex_entries_without_keys_on_one_line_or_closed_early_are_read_as_bibtex_reads_them():
    records = bibtex_records(
        # Old SpringerLink and EndNote exports write no citation key.
        "@article{\n year={2013},\n title={Keyless},\n}\n"
        "@article{\n author = {Huang, Y. and Mucke, L.},\n title = {Alzheimer mechanisms}}\n"
        # Crossref (doi.org) writes one entry per line, and a line may hold two.
        "@article{Pron_2019, title={First}, year={2019} } @article{Noh_2020, title={Second}, year={2020}}\n"
        # BibLaTeX's @set only groups entries; a hand-joined file's '},' between entries is harmless.
        "@set{set, entryset = {a,b}}\n@article{lu2016, title={Joined}, year={2016}\n},\n\n"
        # A brace too many closes the entry before its other fields.
        "@article{abu, Title = {Thin {Cu$_2$O} Film}},\n Author = {Abu-Zeid, M. E.}, Year = {1986}}\n"
    )
    assert [getattr(r, "title", None) for r in records] == [
        "Keyless", "Alzheimer mechanisms", "First", "Second", "Joined", None,
    ]  # fmt: skip
    assert (records[0].pub_year, records[3].pub_year) == (2013, 2020)
    assert [a.last_name for a in records[1].authors] == ["Huang", "Mucke"]
    assert "closed by a '}' too many" in records[5].reason


def test_bibtex_of_texmed_mdpi_acm_scopus_mendeley_jabref_biblatex_and_web_of_science():
    texmed, mdpi, acm, scopus, mendeley, biblatex, wos = bibtex_records(
        "@Article{pmid31025164, Title={TeXMed.}, Note={[DOI:\\href{https://dx.doi.org/10.1007/s00508-019-1494-5}"
        "{10.1007/s00508-019-1494-5}] [PubMed:\\href{https://www.ncbi.nlm.nih.gov/pubmed/31025164}{31025164}] }}\n"
        "@Article{mdpi, TITLE = {MDPI}, ARTICLE-NUMBER = {720}, PubMedID = {36679517}}\n"
        "@article{acm, title = {ACM}, articleno = {195}, numpages = {14}, author = {Smith, J. and et al.}}\n"
        "@ARTICLE{scopus, author={Guler, A.T.a  and Waaijer, C.J.F.b  and Liao, P.-C.a }, title={Scopus},\n"
        " author_keywords={Bibliometrics; Mass spectrometry}}\n"
        "@article{mendeley, title = {Mendeley}, url = {https://doi.org/10.1007/978-3-662-46803-6{\\_}26},\n"
        " pmc = {PMC7756617}, note = {PMID: 12345678; PMCID: PMC1234567}}\n"
        "@article{kastenholz, title = {Computation of methodology\\hyphen independent charges},\n"
        " subtitle = {Meaning Construction}, eid = {124106}}\n"
        "@article{wos, Title = {{WoS}}, Type = {{Review}}}\n"
    )
    assert (texmed.doi, texmed.pmid) == ("10.1007/s00508-019-1494-5", 31025164)
    assert (mdpi.pmid, mdpi.pages, acm.pages) == (36679517, "720", "195")
    assert not acm.authors_complete and [a.last_name for a in acm.authors] == ["Smith"]
    assert [(a.fore_name, a.initials) for a in scopus.authors] == [("", "AT"), ("", "CJF"), ("", "PC")]
    assert scopus.keywords == ["Bibliometrics", "Mass spectrometry"]
    assert (mendeley.doi, mendeley.pmcid, mendeley.pmid) == (
        "10.1007/978-3-662-46803-6_26",
        "PMC7756617",
        12345678,
    )
    assert biblatex.title == "Computation of methodology-independent charges: Meaning Construction"
    assert biblatex.pages == "124106"
    assert wos.publication_types == [("Review", "")]


def test_theses_and_patents_are_skipped_with_a_reason_and_chapters_take_their_series_as_journal():
    ris_items = ris_records(
        "TY  - THES\nTI  - A thesis.\nER  - \n"
        "TY  - PAT\nTI  - A patent.\nVL  - 877609\nER  - \n"
        # PubMed indexes book series as journals; a chapter's T2 is its book, an ISBN no ISSN.
        "TY  - CHAP\nTI  - A chapter.\nT2  - Organoids\nT3  - Methods in Molecular Biology\n"
        "SN  - 978-1-4822-5326-9\nDO  - 10.1007/7651_2019_1\nER  - \n"
        # Rayyan writes CASE for a journal's case study.
        "TY  - CASE\nTI  - Case studies.\nJ2  - H&HN: Hospitals & Health Networks\nER  - \n"
    )
    assert kinds(ris_items) == [
        "SkippedRecord", "SkippedRecord", "PublicationRecord", "PublicationRecord",
    ]  # fmt: skip
    assert (
        ris_items[0].reason
        == "line 1: a thesis (TY THES, 'A thesis.'); the portal imports journal articles only"
    )
    chapter = ris_items[2]
    assert (chapter.journal.title, chapter.journal.issn, chapter.doi) == (
        "Methods in Molecular Biology", "", "10.1007/7651_2019_1",
    )  # fmt: skip
    bib_items = bibtex_records(
        "@phdthesis{t, title = {A thesis}, school = {X}}\n"
        "@incollection{c, title = {A chapter}, booktitle = {Protein Supersecondary Structures},\n"
        " series = {Methods in Molecular Biology}, volume = {932}, pages = {7-33}}\n"
        "@inproceedings{p, title = {A paper}, booktitle = {Proc.}}\n@phdthesis{r, title = {In print}, journal = {Blood}}\n"
    )
    assert kinds(bib_items) == [
        "SkippedRecord", "PublicationRecord", "PublicationRecord", "PublicationRecord",
    ]  # fmt: skip
    assert (
        bib_items[0].reason
        == "@phdthesis entry 'A thesis': a thesis; the portal imports journal articles only"
    )
    assert (bib_items[1].journal.title, bib_items[1].volume) == ("Methods in Molecular Biology", "932")


def test_a_bibtex_file_that_declares_its_encoding_is_read_in_it():
    """JabRef writes '% Encoding: ...' first; without a declaration, Windows-1252 is refused as before."""
    entry = "@article{m1, author={M\u00fcller, J\u00f6rg}, title={Gr\u00f6\u00dfe}}\n"
    (record,) = list(bibtex.parse(io.BytesIO(("% Encoding: windows-1252\n\n" + entry).encode("cp1252"))))
    assert (record.authors[0].last_name, record.authors[0].fore_name, record.title) == (
        "M\u00fcller",
        "J\u00f6rg",
        "Gr\u00f6\u00dfe",
    )
    with pytest.raises(FileFormatError, match="not UTF-8"):
        list(bibtex.parse(io.BytesIO(entry.encode("cp1252"))))
    # A file saved again as UTF-8 keeps its old declaration: it is read as the UTF-8 it is.
    resaved = "% Encoding: windows-1252\n@article{m2, author={\u00c1lvarez, Jos\u00e9}, title={x}}\n"
    (record,) = list(bibtex.parse(io.BytesIO(resaved.encode())))
    assert (record.authors[0].last_name, record.authors[0].fore_name) == ("\u00c1lvarez", "Jos\u00e9")


def test_ris_rules_for_one_exporter_leave_the_others_alone():
    endnote, not_ovid, series = ris_records(
        # EndNote writes its record number as ID and keeps Ovid's DB: 369 is no PMID.
        "TY  - JOUR\nDB  - Ovid MEDLINE(R) <1946 to Present>\nDP  - Ovid Technologies\nID  - 369\nTI  - EndNote.\nER  - \n"
        # The '.,' of Ovid's abstracts means nothing elsewhere.
        "TY  - JOUR\nTI  - Other.\nAB  - BACKGROUND: Assays were compared, i.e., ELISA: the reference. RESULTS: Good.\n"
        "ER  - \n"
        # An ISSN before a book's ISBN stays.
        "TY  - JOUR\nTI  - Series.\nSN  - 0302-9743 978-3-540-12345-6\nER  - \n"
    )
    assert endnote.pmid is None
    assert [s["label"] for s in not_ovid.abstract] == ["BACKGROUND", "RESULTS"]
    assert series.journal.issn == "0302-9743"
    (vries,) = bibtex_records("@article{v, title = {x}, author = {Vries, A. de}}\n")[0].authors
    assert (vries.last_name, vries.fore_name) == (
        "Vries",
        "A de",
    )  # the particle kept, not dropped as a letter


def test_second_review_of_the_exporters_rules_keeps_what_was_right():
    mptp, canada, named = ris_records(
        # A chemical's locants are no keyword list; a date with its day after the month.
        "TY  - JOUR\nTI  - MPTP.\nKW  - 1-Methyl-4-phenyl-1,2,3,6-tetrahydropyridine/pd [Pharmacology]\n"
        "KW  - 2,4,5-Trichlorophenoxyacetic Acid\nPY  - 2019\nDA  - March 15, 2019\nER  - \n"
        # 'Summary' or 'Abstract' before two capitalized words that are no section label is the text's.
        "TY  - JOUR\nTI  - Canada.\nAB  - Summary Statistics Canada reports x.\nAU  - SMITH, JOHN PAUL\nER  - \n"
        "TY  - JOUR\nTI  - AMR.\nAB  - Abstract Meaning Representation (AMR) is a formalism.\nER  - \n"
    )
    assert mptp.keywords == [
        "1-Methyl-4-phenyl-1,2,3,6-tetrahydropyridine/pd [Pharmacology]", "2,4,5-Trichlorophenoxyacetic Acid",
    ]  # fmt: skip
    assert (mptp.pub_year, mptp.pub_month, mptp.pub_day) == (2019, 3, 15)
    assert canada.abstract[0]["text"] == "Summary Statistics Canada reports x."
    assert named.abstract[0]["text"] == "Abstract Meaning Representation (AMR) is a formalism."
    assert canada.authors[0].initials == "JP"  # a name in capitals, not 'JPAUL'
    labelled, typed = bibtex_records(
        "@article{e, title = {EndNote}, issn = {1745-6924 (Electronic) 1745-6916 (Print)}}\n"
        "@proceedings{p2, author = {Doe, J}, title = {A paper}, booktitle = {Proc. of Conf}, pages = {1-10}}\n"
    )
    assert (labelled.journal.issn, labelled.journal.eissn) == ("1745-6916", "1745-6924")
    assert typed.title == "A paper"


def test_ris_date_prefers_da_to_y1_when_both_are_whole_dates():
    (aip,) = ris_records("TY  - JOUR\nTI  - AIP.\nY1  - 2013/07/22\nPY  - 2013\nDA  - 2013/07/28\nER  - \n")
    assert (aip.pub_year, aip.pub_month, aip.pub_day) == (2013, 7, 28)


def test_ris_of_psycnet_highwire_plos_wiley_ieee_ingenta_and_nature():
    psycnet, highwire, plos, wiley, ieee, conference, ingenta = ris_records(
        # APA PsycNet's longer tags: the PMID is read, a chapter is a chapter.
        "TY  - JOUR\nPMID  - 33355555\nID  - 2020-55555-005\nTI  - PsycNet.\nAU  - D/'Orso, Ivan\nER  - \n"
        # HighWire: the DOI in a note of its own.
        "TY  - JOUR\nTI  - Science.\nN1  - doi: 10.1126/science.1219083\nER  - \n"
        # Old PLOS: JATS blocks and links in the abstract.
        "TY  - JOUR\nTI  - PLOS.\nN2  - <title>Author Summary</title><p>Many proteins.</p><p>See <ext-link "
        'ext-link-type="uri" xlink:href="http://x.org">http://x.org</ext-link>.</p>\nER  - \n'
        # Wiley's Early View pages; IEEE's keywords and month.
        "TY  - JOUR\nTI  - Wiley.\nSP  - n/a\nEP  - n/a\nER  - \n"
        "TY  - JOUR\nTI  - IEEE.\nPY  - 2017\nY1  - Mar. 2017\nKW  - Proteins,Linear programming,Amino acids\n"
        "KW  - Leukemia, Myeloid\nER  - \n"
        "TY  - CONF\nTI  - Conference.\nPY  - 2020\nY1  - 4-8 Aug. 2020\nER  - \n"
        "TY  - JOUR\nTI  - Ingenta.\nPY  - 2015-01-01T00:00:00///\nER  - \n"
    )
    assert (psycnet.pmid, psycnet.authors[0].last_name) == (33355555, "D'Orso")
    assert highwire.doi == "10.1126/science.1219083"
    assert plos.abstract[0]["text"] == "Author Summary Many proteins. See http://x.org."
    assert wiley.pages == ""
    assert ieee.keywords == ["Proteins", "Linear programming", "Amino acids", "Leukemia, Myeloid"]
    assert [(r.pub_year, r.pub_month, r.pub_day) for r in (ieee, conference, ingenta)] == [
        (2017, 3, None), (2020, 8, None), (2015, 1, 1),
    ]  # fmt: skip
    (chapter,) = ris_records(
        "TY  - CHAP\nDESCRIPTORS  - *Cognitive Processes\nTI  - A chapter.\nT2  - A book\nER  - \n"
    )
    assert chapter.journal.title == ""  # read as a chapter: its T2 is its book, not a journal


def test_bibtex_of_cochrane_acs_wiley_semantic_scholar_paperpile_elife_biorxiv_dblp_and_mendeley():
    cochrane, acs, wiley, s2, paperpile, elife, biorxiv, mendeley, dblp = bibtex_records(
        "Record #1 of 3\n@article{c, author = {Huey, SL, Mehta, NH, and Mehta, S}, title = {Cochrane},\n"
        " abstract = {Abstract - Background: Anaemia is common.}}\n"
        "@article{a, title = {ACS in press}, volume = {0}, number = {0}, pages = {null}, year = {2024},\n"
        " note ={PMID: 38830143}}\n"
        "@article{w, title = {Wiley}, volume = {n/a}, number = {n/a}, pages = {},\n"
        " abstract = {Summary The severe impact. This article is protected by copyright. All rights reserved.}}\n"
        "@article{s, title = {S2}, journal = {Journal of neurophysiology}, volume = {104 2}, pages = {1177-94}}\n"
        '@article{p, title = "Paperpile", issn = "1745-6916, 1745-6924", journal = "Perspect Psychol Sci"}\n'
        "@article{e, title = {eLife}, year = {2020}, month = {jul}, pub_date = {2020-07-27}}\n"
        "@article{b, title = {bioRxiv}, elocation-id = {2023.01.30.526202},\n"
        " author = {Rodrigues, Jo{\\~a}o P.G.L.M.}}\n"
        "@article{m, title = {Mendeley}, year = {2019}, number = {April}}\n"
        "@article{d, title = {DBLP paper}, crossref = {DBLP:conf/closer/2015}}\n"
        "@proceedings{DBLP:conf/closer/2015, title = {CLOSER 2015 - Proceedings}, year = {2015}}\n"
    )[:9]
    assert [(a.last_name, a.initials) for a in cochrane.authors] == [
        ("Huey", "SL"),
        ("Mehta", "NH"),
        ("Mehta", "S"),
    ]
    assert cochrane.abstract == [{"label": "", "category": "", "text": "Background: Anaemia is common."}]
    assert (acs.volume, acs.issue, acs.pages, acs.pmid) == ("", "", "", 38830143)
    assert (wiley.volume, wiley.issue) == ("", "")
    assert wiley.abstract[0]["text"] == "The severe impact."
    assert (s2.volume, s2.issue, s2.pages) == ("104", "2", "1177-94")
    assert (paperpile.journal.issn, paperpile.journal.eissn) == ("1745-6916", "1745-6924")
    assert (elife.pub_year, elife.pub_month, elife.pub_day) == (2020, 7, 27)
    assert biorxiv.pages == "2023.01.30.526202"
    assert (biorxiv.authors[0].fore_name, biorxiv.authors[0].initials) == ("Jo\u00e3o PGLM", "JPGLM")
    assert (mendeley.issue, mendeley.pub_month) == ("", 4)
    assert dblp.title == "DBLP paper"
    (proceedings,) = bibtex_records("@proceedings{x, title = {CLOSER 2015 - Proceedings}, year = {2015}}\n")
    assert "a volume of proceedings" in proceedings.reason


def test_bibtex_commented_out_field_lines_and_a_day_joined_to_the_month():
    commented, dated = bibtex_records(
        "@article{a,\n%  title = {Old title},\n title = {New title}, year = {2019}}\n"
        '@article{b, title = {Dated}, year = {2019}, month = mar # "~15"}\n'
    )
    assert commented.title == "New title"
    assert (dated.pub_year, dated.pub_month, dated.pub_day) == (2019, 3, 15)
