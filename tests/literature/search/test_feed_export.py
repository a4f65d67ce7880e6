"""The Atom feed of a search and its exports in every format, each parsed back by a real parser."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import bibtexparser
import nbib
import pytest
import rispy
from django.urls import reverse

from literature.citations import EXPORT_FORMATS
from tests import factories
from tests.literature.search.conftest import abstract, found, index

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def many(db):
    journal = factories.JournalFactory(title="Blood", iso_abbreviation="Blood", issn="0006-4971")
    article = factories.PublicationTypeFactory(name="Journal Article")
    pubs = []
    for i in range(120):
        p = factories.PublicationFactory(
            title=f"Imatinib and the marrow, part {i}",
            abstract=abstract(f"Part {i} of a long series about marrow."),
            journal=journal,
            pub_year=1990 + i % 30,
            pub_month=1 + i % 12,
            authors=["Dahlin JS", "Löf L"],
        )
        p.publication_types.add(article)
        pubs.append(p)
    index(*pubs)
    return pubs


def test_the_feed_is_atom_of_the_same_search_newest_first(client, many):
    response = client.get(
        reverse("literature:search_feed"), {"q": "marrow", "year_min": "2000", "sort": "oldest"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.tag == f"{ATOM}feed"
    assert "marrow" in root.find(f"{ATOM}title").text
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == found("marrow", year_min=2000, sort="newest")[:50]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href").startswith("http://testserver/publications/")
    assert "Dahlin JS, Löf L." in first.find(f"{ATOM}summary").text
    link = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link == "http://testserver/publications/?q=marrow&year_min=2000&sort=oldest"


def test_the_page_links_to_its_feed(client, many):
    html = client.get(reverse("literature:search"), {"q": "marrow", "page": "2"}).content.decode()
    assert 'href="/publications/feed/?q=marrow"' in html


def test_a_bad_feed_query_is_a_400(client, many):
    assert client.get(reverse("literature:search_feed"), {"year_min": "abc"}).status_code == 400
    assert client.get(reverse("literature:search_feed"), {"q": "-marrow"}).status_code == 400


@pytest.mark.parametrize("param", ["q", "author", "journal"])
def test_control_characters_in_a_feeds_parameters_are_dropped_not_a_500(client, many, param):
    # XML 1.0 cannot carry them, and the search's words reach the feed's title.
    value = {"q": "marrow\x1b", "author": "Dahlin\x07", "journal": "Blood\x1f"}[param]
    response = client.get(reverse("literature:search_feed"), {param: value})
    assert response.status_code == 200
    title = ET.fromstring(response.content).find(f"{ATOM}title").text  # noqa: S314 (our own feed)
    assert value.strip("\x00\x07\x1b\x1f") in title and "\x1b" not in title


def export(client, fmt, **params):
    response = client.get(reverse("literature:export"), {**params, "format": fmt})
    assert response.status_code == 200
    assert response.streaming
    content_type, extension = EXPORT_FORMATS[fmt]
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith('attachment; filename="publications-marrow-')
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    return b"".join(response.streaming_content).decode()


def test_ris_export_holds_the_whole_result_set_in_order(client, many):
    entries = rispy.loads(export(client, "ris", q="marrow", sort="oldest"))
    assert [e["title"] for e in entries] == found("marrow", sort="oldest")
    assert len(entries) == 120
    assert entries[0]["authors"] == ["Dahlin, JS", "Löf, L"]


def test_bibtex_export_parses(client, many):
    library = bibtexparser.parse_string(export(client, "bibtex", q="marrow", year_max="1995"))
    assert not library.failed_blocks
    assert len(library.entries) == len(found("marrow", year_max=1995)) == 24
    assert {e["journal"] for e in library.entries} == {"Blood"}


def test_nbib_export_parses(client, many):
    records = nbib.read(export(client, "nbib", q="marrow part 7"))
    assert {r["title"] for r in records} == {f"{t}." for t in found("marrow part 7")}
    assert all(r["journal_abbreviated"] == "Blood" for r in records)


def test_csv_and_csl_json_exports_parse(client, many):
    rows = list(csv.DictReader(io.StringIO(export(client, "csv", q="marrow", sort="newest"))))
    assert [r["title"] for r in rows] == found("marrow", sort="newest")
    items = json.loads(export(client, "csljson", q="marrow"))
    assert [i["title"] for i in items] == found("marrow")
    assert items[0]["author"][1] == {"family": "Löf", "given": "L"}


def test_an_empty_result_exports_an_empty_file_that_still_parses(client, many):
    assert json.loads(export(client, "csljson", q="marrow zebrafish")) == []


def test_export_needs_a_known_format_and_valid_parameters(client, many):
    url = reverse("literature:export")
    assert client.get(url, {"q": "marrow"}).status_code == 400
    assert client.get(url, {"q": "marrow", "format": "docx"}).status_code == 400
    assert client.get(url, {"format": "ris", "type": "Nope"}).status_code == 400


def test_the_page_offers_every_export_with_the_same_parameters(client, many):
    html = client.get(
        reverse("literature:search"), {"q": "marrow", "sort": "oldest", "page": "2"}
    ).content.decode()
    for fmt in EXPORT_FORMATS:
        assert f'href="/publications/export/?q=marrow&amp;sort=oldest&amp;format={fmt}"' in html
