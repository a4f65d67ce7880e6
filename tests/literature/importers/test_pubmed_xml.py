"""PubMed XML into publications: every field where a reader and a curator expect it."""

import gzip

import pytest

from literature.importers.pubmed_xml import relation_label
from literature.models import Author, Journal, Publication, PublicationRelation, Trial
from tests.literature.importers.conftest import FIXTURES, run_import, run_import_bytes

pytestmark = pytest.mark.django_db

ARTICLES = FIXTURES / "pubmed_articles.xml"


@pytest.fixture
def imported():
    report = run_import(ARTICLES)
    return report.files[0]


def test_the_report_counts_created_skipped_and_withdrawn_records(imported):
    assert (imported.records, imported.created, imported.updated, imported.unchanged) == (6, 4, 0, 0)
    reasons = [p.reason for p in imported.skipped]
    assert "book record" in reasons[0] and "PMID 90000005" in reasons[0]
    assert reasons[1].startswith("DeleteCitation: NLM withdrew PMID 90000006 (not in the portal)")
    assert imported.failed == []


def test_a_withdrawn_pmid_the_same_file_created_is_reported_as_in_the_portal():
    text = ARTICLES.read_text(encoding="utf-8").replace(
        '<DeleteCitation>\n    <PMID Version="1">90000006</PMID>',
        '<DeleteCitation>\n    <PMID Version="1">90000001</PMID>',
    )
    report = run_import_bytes("withdrawn.xml", text.encode()).files[0]
    assert report.skipped[1].reason == (
        "DeleteCitation: NLM withdrew PMID 90000001 (in the portal, kept for a curator to review); nothing removed"
    )
    assert Publication.objects.filter(pmid=90000001).exists()


def test_identifiers_title_pages_and_date_come_from_the_article(imported):
    pub = Publication.objects.get(pmid=90000001)
    assert pub.doi == "10.1056/NEJMoa1609324"  # the ELocationID, not the ArticleIdList's lower-case copy
    assert pub.pmcid == "PMC5555555"
    assert pub.title == "Long-term outcomes of imatinib treatment for chronic myeloid leukemia in vivo."
    assert (pub.volume, pub.issue, pub.pages) == ("377", "16", "917-927")
    assert (pub.pub_year, pub.pub_month, pub.pub_day, pub.date_display) == (2017, 10, 19, "2017 Oct 19")
    assert pub.language == "eng"
    assert pub.source == Publication.Source.PUBMED
    assert pub.copyright == "Copyright © 2017 Massachusetts Medical Society."


def test_authors_keep_order_names_orcid_affiliation_and_groups(imported):
    pub = Publication.objects.get(pmid=90000001)
    assert pub.author_names == [
        "Hochhaus A",
        "Müller MC",
        "IRIS Investigators",
        "Ødegård S Jr",
    ]  # PubMed: "Ødegård S Jr"
    assert pub.author_count == 4 and pub.author_list_complete
    first, second, group, fourth = [a.author for a in pub.authorships.order_by("position")]
    assert (first.fore_name, first.orcid) == ("Andreas", "0000-0002-1825-0097")
    assert pub.authorships.get(position=1).affiliation == "Universitätsklinikum Jena, Jena, Germany."
    assert group.collective_name == "IRIS Investigators" and group.last_name == ""
    assert (fourth.last_name, fourth.fore_name, fourth.suffix) == ("Ødegård", "Søren", "Jr")
    assert pub.first_author_key == "hochhaus a"


def test_a_structured_abstract_keeps_its_labelled_sections(imported):
    pub = Publication.objects.get(pmid=90000001)
    assert [s["label"] for s in pub.abstract] == ["BACKGROUND", "METHODS", "RESULTS"]
    assert pub.abstract[0] == {
        "label": "BACKGROUND",
        "category": "BACKGROUND",
        "text": "Imatinib (Gleevec) changed the course of CML.",
    }


def test_journal_mesh_keywords_types_and_trials(imported):
    pub = Publication.objects.get(pmid=90000001)
    journal = pub.journal
    assert (journal.title, journal.iso_abbreviation, journal.eissn, journal.nlm_id) == (
        "The New England journal of medicine", "N Engl J Med", "1533-4406", "0255562",
    )  # fmt: skip
    heading = pub.mesh_headings.select_related("term").get(term__name="Imatinib Mesylate")
    assert heading.is_major and heading.qualifiers == ["therapeutic use", "adverse effects"]
    assert heading.term.ui == "D000068877"
    assert pub.keywords == ["tyrosine kinase inhibitor", "CML"]
    assert sorted(pub.publication_types.values_list("name", flat=True)) == [
        "Journal Article",
        "Randomized Controlled Trial",
    ]
    # DataBankList registries become trials (GenBank does not); the abstract's NCT number is the same trial.
    assert sorted(pub.trials.values_list("identifier", "registry")) == [
        ("ISRCTN12345678", "ISRCTN"),
        ("NCT00006343", "ClinicalTrials.gov"),
    ]


def test_the_erratum_web_links_notice_and_article_both_ways(imported):
    article = Publication.objects.get(pmid=90000001)
    notice = Publication.objects.get(pmid=90000002)
    assert article.has_erratum and not article.is_retracted
    kinds = list(article.relations.order_by("id").values_list("kind", "ref_pmid", "target"))
    assert kinds[0] == (
        "ErratumIn",
        90000002,
        notice.pk,
    )  # the notice came later in the file: target resolved
    assert kinds[1] == ("CommentIn", None, None)
    # "Cites" lines are references, not corrections; unknown kinds are kept as "other" with their name.
    assert not article.relations.filter(ref_pmid=11111111).exists()
    other = article.relations.get(kind="other")
    assert other.ref_source == "Summary for patients in: Patient Summ. 2018;1:2"
    relation = notice.relations.get()
    assert (relation.kind, relation.ref_pmid, relation.target_id) == ("ErratumFor", 90000001, article.pk)
    assert list(notice.publication_types.values_list("name", flat=True)) == ["Published Erratum"]
    assert notice.author_list == [] and notice.abstract == []


def test_retractions_seasons_and_incomplete_author_lists(imported):
    pub = Publication.objects.get(pmid=90000003)
    assert pub.is_retracted
    assert (pub.pub_year, pub.pub_month, pub.pub_date_text, pub.date_display) == (
        2002,
        None,
        "2002 Spring",
        "2002 Spring",
    )
    assert pub.pages == ""
    assert not pub.author_list_complete
    assert pub.abstract == [
        {"label": "", "category": "", "text": "An unstructured abstract that names STI-571 once."}
    ]


def test_translated_titles_vernacular_titles_medline_dates_and_other_abstracts(imported):
    pub = Publication.objects.get(pmid=90000004)
    assert pub.title == "[Tyrosine kinase inhibitors in everyday practice]."
    assert pub.vernacular_title == "Tyrosinkinase-Inhibitoren im Praxisalltag."
    assert (pub.pub_year, pub.pub_month, pub.date_display) == (2015, None, "2015 Oct-Dec")
    assert pub.language == "ger"
    assert pub.abstract == []
    assert pub.other_abstracts == [
        {
            "type": "Publisher",
            "language": "ger",
            "sections": [{"label": "HINTERGRUND", "category": "", "text": "Ein deutscher Text."}],
            "copyright": "",
        }
    ]
    assert pub.author_names == ["Schäfer J"]


def test_one_journal_row_serves_every_article_of_a_journal(imported):
    assert Journal.objects.filter(nlm_id="0255562").count() == 1
    assert Publication.objects.filter(journal__nlm_id="0255562").count() == 2


def test_the_2016_medline_citation_set_gzipped(tmp_path):
    path = tmp_path / "medline16.xml.gz"
    path.write_bytes(gzip.compress((FIXTURES / "medline_citation_set.xml").read_bytes()))
    report = run_import(path).files[0]
    assert (report.format, report.created, len(report.skipped)) == ("pubmed", 2, 1)
    assert "PMID 91000009" in report.skipped[0].reason
    pub = Publication.objects.get(pmid=91000001)
    assert (pub.doi, pub.pmcid, pub.pages, pub.pub_year) == (
        "10.5555/old.format.1",
        "PMC4380289",
        "195-210",
        2007,
    )
    assert pub.authorships.get().author.orcid == "0000-0002-1825-0097"
    second = Publication.objects.get(pmid=91000002)
    assert (second.pub_year, second.date_display, second.journal.title) == (
        1998,
        "1998 Dec-1999 Jan",
        "Psychosomatics",
    )


def test_an_empty_result_set_imports_nothing_and_says_so():
    report = run_import_bytes("empty.xml", b'<?xml version="1.0"?>\n<PubmedArticleSet></PubmedArticleSet>\n')
    file = report.files[0]
    assert (file.error, file.records, file.created) == ("", 0, 0)


def test_trials_are_shared_between_publications(imported):
    assert Trial.objects.filter(identifier="NCT00006343").count() == 1
    assert PublicationRelation.objects.filter(kind="RetractionIn").count() == 1


def test_other_relation_lines_are_labelled_as_medline_text_labels_them():
    assert [relation_label(t) for t in ("SummaryForPatientsIn", "CorrectedandRepublishedIn", "ReprintOf")] == [
        "Summary for patients in", "Corrected and republished in", "Reprint of",
    ]  # fmt: skip


def _article(pmid: int, inner: str = "", title: str = "", authors: str = "", pubmed_data: str = "") -> bytes:
    """One PubmedArticle: ``inner`` goes after the Article (CommentsCorrectionsList and the like)."""
    return (
        '<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{pmid}</PMID><Article><Journal><Title>Blood</Title></Journal>'
        f"<ArticleTitle>{title or f'Article {pmid}.'}</ArticleTitle>"
        f"{f'<AuthorList>{authors}</AuthorList>' if authors else ''}</Article>{inner}</MedlineCitation>"
        f"{f'<PubmedData><ArticleIdList>{pubmed_data}</ArticleIdList></PubmedData>' if pubmed_data else ''}"
        "</PubmedArticle></PubmedArticleSet>\n"
    ).encode()


def _citation(pmid: int, heading: str, ui: str) -> bytes:
    return _article(
        pmid,
        f'<MeshHeadingList><MeshHeading><DescriptorName UI="{ui}" MajorTopicYN="N">{heading}</DescriptorName>'
        "</MeshHeading></MeshHeadingList>",
    )


def test_a_mesh_term_first_named_by_medline_text_gains_its_ui_and_keeps_it_through_a_rename():
    from literature.models import MeshTerm

    nbib = "PMID- 93000001\nTI  - From MEDLINE text.\nAU  - Kim S\nDP  - 2015\nMH  - Receptor, erbB-2/metabolism\n"
    assert run_import_bytes("a.nbib", nbib.encode()).files[0].created == 1
    assert MeshTerm.objects.get().ui is None
    assert run_import_bytes("b.xml", _citation(93000002, "Receptor, erbB-2", "D018719")).files[0].created == 1
    # NLM renamed the descriptor; its UI is the same and finds the one row.
    assert run_import_bytes("c.xml", _citation(93000003, "Receptor, ErbB-2", "D018719")).files[0].created == 1
    term = MeshTerm.objects.get()
    assert (term.name, term.ui) == ("Receptor, erbB-2", "D018719")
    assert term.headings.count() == 3


def test_an_orcid_that_fails_its_check_digit_or_is_given_twice_in_a_record_identifies_nobody():
    def author(last, orcid):
        return (
            f"<Author><LastName>{last}</LastName><ForeName>Ann</ForeName><Initials>A</Initials>"
            f'<Identifier Source="ORCID">{orcid}</Identifier></Author>'
        )

    def article(pmid, authors):
        return (
            f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
            f"<Article><Journal><Title>Blood</Title></Journal><ArticleTitle>Paper {pmid}.</ArticleTitle>"
            f"<AuthorList>{''.join(authors)}</AuthorList></Article></MedlineCitation></PubmedArticle>"
        )

    xml = (
        "<PubmedArticleSet>"
        + article(1, [author("Alpha", "0000-0002-1825-0097"), author("Beta", "0000-0002-1825-0097"),
                      author("Gamma", "0000-0000-0000-0000")])
        + article(2, [author("Delta", "0000-0000-0000-0000"), author("Epsilon", "https://orcid.org/0000-0001-5109-3700")])
        + "</PubmedArticleSet>"
    )  # fmt: skip
    run_import_bytes("orcids.xml", xml.encode())
    first, second = Publication.objects.order_by("pmid")
    assert [a.author.last_name for a in first.authorships.order_by("position")] == ["Alpha", "Beta", "Gamma"]
    assert [a.author.last_name for a in second.authorships.order_by("position")] == ["Delta", "Epsilon"]
    orcids = dict(Author.objects.values_list("last_name", "orcid"))
    assert orcids == {
        "Alpha": None,
        "Beta": None,
        "Gamma": None,
        "Delta": None,
        "Epsilon": "0000-0001-5109-3700",
    }


def test_the_article_affiliation_of_the_pre_2014_layout_is_the_first_authors():
    xml = (
        '<MedlineCitationSet><MedlineCitation Owner="NLM" Status="MEDLINE"><PMID Version="1">7000001</PMID>'
        "<Article><Journal><Title>Blood</Title></Journal><ArticleTitle>An older record.</ArticleTitle>"
        "<Affiliation>Department of Medicine, Oregon Health Sciences University, Portland.</Affiliation>"
        "<AuthorList><Author><LastName>Druker</LastName><Initials>BJ</Initials></Author>"
        "<Author><LastName>Lydon</LastName><Initials>NB</Initials></Author></AuthorList>"
        "</Article></MedlineCitation></MedlineCitationSet>"
    )
    medline = (
        "PMID- 7000002\nTI  - An older MEDLINE record.\nDP  - 1996\n"
        "AD  - Department of Medicine, Oregon Health Sciences University, Portland.\n"
        "AU  - Druker BJ\nAU  - Lydon NB\n"
    )
    run_import_bytes("old.xml", xml.encode())
    run_import_bytes("old.nbib", medline.encode())
    for pub in Publication.objects.all():
        assert list(pub.authorships.order_by("position").values_list("affiliation", flat=True)) == [
            "Department of Medicine, Oregon Health Sciences University, Portland.",
            "",
        ], pub.title


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_file_of_one_medline_citation_or_a_utf16_citation_set_imports_its_records(encoding):
    citation = (
        '<MedlineCitation Owner="NLM" Status="MEDLINE"><PMID Version="1">7000003</PMID><Article>'
        "<Journal><Title>Blood</Title></Journal><ArticleTitle>A lone citation.</ArticleTitle></Article>"
        "</MedlineCitation>"
    )
    for name, xml in [
        ("one.xml", citation),
        ("set.xml", f"<MedlineCitationSet>{citation}</MedlineCitationSet>"),
    ]:
        declared = f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n{xml}'
        report = run_import_bytes(name, declared.encode(encoding)).files[0]
        assert (report.error, report.records) == ("", 1), name
    assert Publication.objects.get().title == "A lone citation."


@pytest.mark.parametrize("order", ["republished first", "original first"])
def test_a_retracted_and_republished_article_flags_the_original_as_retracted(order):
    """NLM puts RetractedandRepublishedFrom on the new version; the article it points at is retracted."""
    relation = (
        '<CommentsCorrectionsList><CommentsCorrections RefType="RetractedandRepublishedFrom">'
        '<RefSource>J Test. 2019;1:1</RefSource><PMID Version="1">31000001</PMID>'
        "</CommentsCorrections></CommentsCorrectionsList>"
    )
    files = [("original.xml", _article(31000001)), ("new.xml", _article(31000002, relation))]
    for name, data in files[::-1] if order == "republished first" else files:
        run_import_bytes(name, data)
    flags = dict(Publication.objects.values_list("pmid", "is_retracted"))
    assert flags == {31000001: True, 31000002: False}


def test_decomposed_accents_are_composed_so_one_person_is_one_author():
    from literature.models import Author

    person = "<Author><LastName>Mu\u0308ller</LastName><ForeName>Ju\u0308rgen</ForeName><Initials>J</Initials></Author>"
    run_import_bytes("nfd.xml", _article(32000001, authors=person, title="Cafe\u0301 au lait spots."))
    run_import_bytes(
        "nfc.nbib", "PMID- 32000002\nTI  - Another.\nFAU - Müller, Jürgen\nAU  - Müller J\n".encode()
    )
    assert list(Author.objects.values_list("last_name", "fore_name")) == [("Müller", "Jürgen")]
    assert Publication.objects.get(pmid=32000001).title == "Café au lait spots."


def test_a_pmcid_under_either_id_type_is_read():
    run_import_bytes(
        "pmcid.xml", _article(34000003, pubmed_data='<ArticleId IdType="pmcid">PMC1234567</ArticleId>')
    )
    assert Publication.objects.get().pmcid == "PMC1234567"


def test_mathml_reads_as_written_without_its_indentation_and_with_prescripts_first():
    """As PMID 29963580 writes '3He/129Xe MRI': indented MathML, isotopes as prescripts."""

    def isotope(symbol, mass):
        return (
            f"<mml:mmultiscripts>\n  <mml:mrow>\n    <mml:mi>{symbol}</mml:mi>\n  </mml:mrow>\n  <mml:mprescripts/>\n"
            f"  <mml:none/>\n  <mml:mrow>\n    <mml:mn>{mass}</mml:mn>\n  </mml:mrow>\n</mml:mmultiscripts>\n"
        )

    math = (
        '<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML">\n<mml:mrow>\n'
        f"{isotope('He', 3)}<mml:mo>/</mml:mo>\n{isotope('Xe', 129)}</mml:mrow>\n</mml:math>"
    )
    data = _article(38000001).replace(
        b"</Article>",
        f"<Abstract><AbstractText>Inhaled {math} MRI of <i>both</i> lungs.</AbstractText></Abstract></Article>".encode(),
    )
    run_import_bytes("mathml.xml", data)
    assert Publication.objects.get().abstract_text == "Inhaled 3He/129Xe MRI of both lungs."


def test_italics_without_spaces_around_them_do_not_run_words_together():
    """As PMID 27797938 writes its title; sub- and superscripts stay joined."""
    run_import_bytes(
        "italics.xml",
        _article(
            27797938,
            title="Variants at the<i>TERT</i>gene region, <i>BCR-ABL</i>-positive cells, H<sub>2</sub>O and "
            "Ca<sup>2+</sup> with<i>imatinib</i>.",
        ),
    )
    assert Publication.objects.get().title == (
        "Variants at the TERT gene region, BCR-ABL-positive cells, H2O and Ca2+ with imatinib."
    )


def test_italic_notation_inside_a_word_stays_joined():
    title = "The p<i>K</i><sub>a</sub> of d<i>N</i>/d<i>S</i> in <i>lox</i>P sites, IL-1<i>β</i>, 2<i>H</i>-pyran, <i>Wnt</i>s."
    run_import_bytes("notation.xml", _article(27797939, title=title))
    assert Publication.objects.get().title == "The pKa of dN/dS in loxP sites, IL-1β, 2H-pyran, Wnts."


def test_nlm_placeholder_title_gives_way_to_the_vernacular_title():
    """As PMID 34969511 (Bulletin du cancer) has it: no English title, only the French one."""
    data = _article(34969511, title="[Not Available].").replace(
        b"</ArticleTitle>",
        "</ArticleTitle><VernacularTitle>\u00ab HER2-faible \u00bb, un nouveau concept.</VernacularTitle>".encode(),
    )
    run_import_bytes("placeholder.xml", data)
    pub = Publication.objects.get()
    assert (pub.title, pub.vernacular_title) == ("\u00ab HER2-faible \u00bb, un nouveau concept.",) * 2


def test_italic_gene_symbols_and_species_run_together_are_spaced():
    title = "Infection with<i>E. coli</i>strain, a<i>BRCA1</i>variant and the<i>p53</i>protein in<i>Müller</i>glia."
    run_import_bytes("genes.xml", _article(27797940, title=title))
    assert Publication.objects.get().title == (
        "Infection with E. coli strain, a BRCA1 variant and the p53 protein in Müller glia."
    )
