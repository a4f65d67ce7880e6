"""Citation styles and export formats, checked against known strings and parsed back by real parsers."""

import csv
import io
import json

import bibtexparser
import pytest
import rispy

from literature import citations
from literature.models import Publication
from literature.selectors import for_export
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dahlin():
    journal = factories.JournalFactory(title="Blood", iso_abbreviation="Blood", issn="0006-4971")
    pub = factories.PublicationFactory(
        pmid=28790106,
        doi="10.1182/blood-2017-03-773374",
        title="KIT signaling is dispensable for human mast cell progenitor development.",
        journal=journal,
        volume="130",
        issue="16",
        pages="1785-1794",
        pub_year=2017,
        pub_month=10,
        pub_day=19,
        authors=["Dahlin JS", "Ekoff M", "Grootens J", "Löf L", "Amini RM", "Hagberg H", "Ungerstedt JS",
                 "Olsson-Strömberg U", "Nilsson G"],
    )  # fmt: skip
    pub.publication_types.add(factories.PublicationTypeFactory(name="Journal Article"))
    return for_export(Publication.objects.filter(pk=pub.pk)).get()


def test_portal_citation_is_the_seed_pages_style(dahlin):
    assert citations.portal_citation(dahlin) == (
        "Dahlin JS, Ekoff M, Grootens J, Löf L, Amini RM, Hagberg H, et al. "
        "KIT signaling is dispensable for human mast cell progenitor development. Blood. 2017;130:1785-1794"
    )


def test_nlm_citation_matches_pubmeds(dahlin):
    assert citations.nlm_citation(dahlin) == (
        "Dahlin JS, Ekoff M, Grootens J, Löf L, Amini RM, Hagberg H, et al. KIT signaling is dispensable for "
        "human mast cell progenitor development. Blood. 2017 Oct 19;130(16):1785-1794. "
        "doi: 10.1182/blood-2017-03-773374. PMID: 28790106."
    )


def test_ama_citation_keeps_three_authors_when_there_are_more_than_six(dahlin):
    assert citations.ama_citation(dahlin) == (
        "Dahlin JS, Ekoff M, Grootens J, et al. KIT signaling is dispensable for human mast cell progenitor "
        "development. Blood. 2017;130(16):1785-1794. doi:10.1182/blood-2017-03-773374"
    )


def test_apa_citation_lists_authors_with_an_ampersand(dahlin):
    assert citations.apa_citation(dahlin) == (
        "Dahlin, J. S., Ekoff, M., Grootens, J., Löf, L., Amini, R. M., Hagberg, H., Ungerstedt, J. S., "
        "Olsson-Strömberg, U., & Nilsson, G. (2017). KIT signaling is dispensable for human mast cell progenitor "
        "development. Blood, 130(16), 1785–1794. https://doi.org/10.1182/blood-2017-03-773374"
    )


def test_a_question_mark_title_gets_no_extra_full_stop():
    pub = factories.PublicationFactory(
        title="Does it exist?", authors=["Tzvetkov M"], volume="123", pages="1427-9"
    )
    assert "Does it exist? " in citations.nlm_citation(pub)
    assert "?." not in citations.portal_citation(pub)


def test_ris_parses_back_with_rispy(dahlin):
    text = "".join(citations.export_chunks("ris", [dahlin]))
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "JOUR"
    assert entry["authors"][0] == "Dahlin, JS" and entry["authors"][3] == "Löf, L"
    assert entry["title"].startswith("KIT signaling")
    assert (entry["volume"], entry["number"], entry["start_page"], entry["end_page"]) == (
        "130",
        "16",
        "1785",
        "1794",
    )
    assert entry["doi"] == "10.1182/blood-2017-03-773374"


def test_bibtex_parses_back_with_bibtexparser(dahlin):
    text = "".join(citations.export_chunks("bibtex", [dahlin]))
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "article"
    assert entry["doi"] == "10.1182/blood-2017-03-773374"
    assert entry["pages"] == "1785--1794"
    assert entry["author"].split(" and ")[3] == "Löf, L."


def test_nbib_is_medline_text(dahlin):
    text = "".join(citations.export_chunks("nbib", [dahlin]))
    lines = text.splitlines()
    assert lines[0] == "PMID- 28790106"
    assert "AU  - Löf L" in lines and "PT  - Journal Article" in lines
    assert "SO  - Blood. 2017 Oct 19;130(16):1785-1794." in lines
    assert all(line == "" or line[4:6] == "- " or line.startswith("      ") for line in lines)


def test_csl_json_and_csv_parse_back(dahlin):
    items = json.loads("".join(citations.export_chunks("csljson", [dahlin, dahlin])))
    assert len(items) == 2
    assert items[0]["issued"] == {"date-parts": [[2017, 10, 19]]}
    assert items[0]["author"][0] == {"family": "Dahlin", "given": "JS"}
    rows = list(csv.reader(io.StringIO("".join(citations.export_chunks("csv", [dahlin])))))
    assert rows[0] == citations.CSV_COLUMNS
    assert rows[1][0] == "28790106" and rows[1][6] == "2017"


def test_page_ranges_are_split_for_ris():
    assert citations._split_pages("461-76") == ("461", "476")
    assert citations._split_pages("e146-8") == ("e146", "e148")
    assert citations._split_pages("R114") == ("R114", "")


def test_a_suffix_is_cited_as_pubmed_apa_and_the_export_formats_write_it():
    from literature.services import AuthorName, set_authors

    pub = factories.PublicationFactory(title="Blood pressure targets.", pub_year=2015, authors=[])
    set_authors(
        publication=pub,
        names=[AuthorName(last_name="Wright", fore_name="Jackson T", initials="JT", suffix="Jr"),
               AuthorName(last_name="Williamson", fore_name="Jeff D", initials="JD")],
    )  # fmt: skip
    pub = for_export(Publication.objects.filter(pk=pub.pk)).get()
    assert pub.author_names == ["Wright JT Jr", "Williamson JD"]
    assert citations.nlm_citation(pub).startswith("Wright JT Jr, Williamson JD. Blood pressure targets.")
    assert citations.apa_citation(pub).startswith("Wright, J. T., Jr., & Williamson, J. D.")
    (entry,) = rispy.loads("".join(citations.export_chunks("ris", [pub])))
    assert entry["authors"][0] == "Wright, JT, Jr"
    (bib,) = bibtexparser.parse_string("".join(citations.export_chunks("bibtex", [pub]))).entries
    assert bib["author"].split(" and ")[0] == "Wright, Jr, Jackson T"
    nbib = "".join(citations.export_chunks("nbib", [pub])).splitlines()
    assert "FAU - Wright, Jackson T Jr" in nbib and "AU  - Wright JT Jr" in nbib
    csl = json.loads("".join(citations.export_chunks("csljson", [pub])))
    assert csl[0]["author"][0] == {"family": "Wright", "given": "Jackson T", "suffix": "Jr"}
