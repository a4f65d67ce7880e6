"""Bad input: a bad record fails alone, a bad file fails whole and writes nothing, XML is parsed safely."""

import gzip

import pytest

from literature.models import Author, Journal, Publication
from tests.literature.importers.conftest import FIXTURES, run_import_bytes

pytestmark = pytest.mark.django_db

ARTICLES = (FIXTURES / "pubmed_articles.xml").read_bytes()

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&lol9;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""

XXE_NETWORK = b"""<?xml version="1.0"?>
<!-- padding -->
<!DOCTYPE PubmedArticleSet [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; ]>
<PubmedArticleSet/>
"""


def nothing_written():
    return not Publication.objects.exists() and not Author.objects.exists() and not Journal.objects.exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("bomb.xml", BILLION_LAUGHS, "declares entities"),
        ("xxe.xml", XXE, "declares entities"),
        ("xxe-network.xml", XXE_NETWORK, "declares entities"),
        ("page.xml", b"<!DOCTYPE html><html><body>Not found</body></html>", "web page"),
        ("notes.txt", b"just some words, not a bibliography\n", "format is not recognised"),
        ("empty.ris", b"", "the file is empty"),
        ("data.json", b'[{"title": "x"}]', "looks like JSON"),
        ("ovid.cgi", b"<1. >\nVN  - Ovid Technologies\nDB  - Embase\nTI  - A title.\n", "Ovid citation file"),
    ],
)
def test_unsafe_or_unknown_files_are_refused_with_a_clear_message(name, data, message):
    report = run_import_bytes(name, data).files[0]
    assert message in report.error
    assert report.error.endswith("nothing from this file was written")
    assert nothing_written()


def test_an_undeclared_entity_is_a_parse_error_not_a_lookup():
    data = (
        b'<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>'
        b"<Article><ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    report = run_import_bytes("undeclared.xml", data).files[0]
    assert "not well-formed XML" in report.error and "undefined entity" in report.error
    assert nothing_written()


def test_xml_broken_after_good_records_writes_nothing_from_that_file():
    cut = (
        ARTICLES[: ARTICLES.index(b"<PubmedArticle>", ARTICLES.index(b"90000003"))]
        + b"<PubmedArticle><Medline"
    )
    report = run_import_bytes("truncated.xml", cut).files[0]
    assert "not well-formed XML" in report.error
    assert nothing_written()


def test_a_truncated_gzip_fails_clearly_and_writes_nothing():
    data = gzip.compress(ARTICLES)
    report = run_import_bytes("cut.xml.gz", data[: len(data) - 40]).files[0]
    assert "gzip file is truncated" in report.error
    assert nothing_written()


def test_a_damaged_gzip_fails_clearly():
    data = bytearray(gzip.compress(ARTICLES * 1))
    data[30:60] = b"\x00" * 30
    report = run_import_bytes("damaged.xml.gz", bytes(data)).files[0]
    assert report.error and report.error.endswith("nothing from this file was written")
    assert nothing_written()


def test_text_in_the_wrong_encoding_fails_the_file_and_writes_nothing():
    good = "TY  - JOUR\nTI  - A fine first record\nER  - \n\n" * 50
    data = good.encode() + "TY  - JOUR\nTI  - Müller in Latin-1\nER  - \n".encode("latin-1")
    report = run_import_bytes("latin1.ris", data).files[0]
    assert "not UTF-8 text (line 202: byte 0xfc in 'TI  - M\ufffdller in Latin-1'" in report.error
    assert nothing_written()


def test_a_malformed_record_is_reported_with_its_position_and_the_rest_imports():
    text = ARTICLES.decode().replace("<ArticleTitle>A retracted dasatinib study.</ArticleTitle>", "")
    report = run_import_bytes("one-bad.xml", text.encode()).files[0]
    assert report.created == 3
    assert [(p.file, p.position, p.reason) for p in report.failed] == [
        ("one-bad.xml", 3, "PMID 90000003: no title")
    ]


def test_forcing_the_wrong_format_is_refused():
    report = run_import_bytes("articles.xml", ARTICLES, fmt="ris").files[0]
    assert report.error.startswith("the content is pubmed, not ris")
    assert nothing_written()


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    from literature.importers import ImportSource, import_files

    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_bytes(ARTICLES)
    bad.write_bytes(b"<PubmedArticleSet><PubmedArticle>")
    with bad.open("rb") as b, good.open("rb") as g:
        report = import_files(sources=[ImportSource("bad.xml", b), ImportSource("good.xml", g)])
    assert report.files[0].error and not report.files[1].error
    assert Publication.objects.count() == 4


class Interrupt:
    """A progress callback that presses Ctrl-C after ``after`` records, as a person at the terminal would."""

    def __init__(self, after):
        self.after = after

    def __call__(self, file_report, records, position):
        if records >= self.after:
            raise KeyboardInterrupt


def test_ctrl_c_mid_file_leaves_the_database_as_it_was_before_that_file():
    from literature.importers import ImportSource, import_files

    first = run_import_bytes("first.ris", b"TY  - JOUR\nTI  - Landed before\nER  - \n")
    assert first.files[0].created == 1
    many = "".join(f"TY  - JOUR\nTI  - Record {i}\nPY  - 2001\nER  - \n" for i in range(30)).encode()
    import io

    report = import_files(
        sources=[ImportSource("big.ris", io.BytesIO(many)), ImportSource("never.ris", io.BytesIO(many))],
        progress=Interrupt(after=25),
        batch_size=10,  # two batches were written before the interrupt: they are rolled back too
    )
    assert report.interrupted and len(report.files) == 1
    assert report.files[0].error == "interrupted: nothing from this file was written"
    assert list(Publication.objects.values_list("title", flat=True)) == ["Landed before"]


def test_a_dry_run_reports_everything_and_writes_nothing():
    report = run_import_bytes("articles.xml", ARTICLES, dry_run=True)
    assert report.dry_run and report.files[0].created == 4
    assert nothing_written()


LATIN1_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>\n'
    b'<PMID Version="1">37000001</PMID><Article><ArticleTitle>Caf\xe9 au lait spots.</ArticleTitle></Article>\n'
    b"</MedlineCitation></PubmedArticle></PubmedArticleSet>\n"
)


def test_pubmed_xml_in_latin_1_that_says_utf_8_is_named_for_what_it_is():
    report = run_import_bytes("latin1.xml", LATIN1_XML).files[0]
    assert report.error.startswith("the file is not UTF-8 text (line 3: byte 0xe9 in ")
    assert "export it again as UTF-8" in report.error
    assert nothing_written()


def test_pubmed_xml_that_declares_latin_1_is_read_as_latin_1():
    data = LATIN1_XML.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    assert run_import_bytes("latin1.xml", data).files[0].created == 1
    assert Publication.objects.get().title == "Café au lait spots."
