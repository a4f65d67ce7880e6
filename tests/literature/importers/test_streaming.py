"""Files are read as streams: memory does not grow with the number of records."""

import gc
import io
import tracemalloc

from literature.importers import bibtex, medline, pubmed_xml, ris
from tests.literature.importers.conftest import FIXTURES


def pubmed_file(n: int) -> bytes:
    text = (FIXTURES / "pubmed_articles.xml").read_text(encoding="utf-8")
    start, end = text.index("<PubmedArticle>"), text.index("</PubmedArticle>") + len("</PubmedArticle>")
    record = text[start:end]
    body = "".join(record.replace("90000001", str(10_000_000 + i)) for i in range(n))
    return (text[:start] + body + "</PubmedArticleSet>\n").encode()


def peak_while_reading(parse, data: bytes) -> tuple[int, int]:
    gc.collect()
    tracemalloc.start()
    try:
        count = sum(1 for _ in parse(io.BytesIO(data)))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_pubmed_xml_memory_does_not_grow_with_the_number_of_records():
    small, large = pubmed_file(100), pubmed_file(2000)
    count_small, peak_small = peak_while_reading(pubmed_xml.parse, small)
    count_large, peak_large = peak_while_reading(pubmed_xml.parse, large)
    assert (count_small, count_large) == (100, 2000)
    # Twenty times the records (and bytes; the input itself is outside the traced parser) ...
    assert len(large) > 19 * len(small)
    # ... and the same working memory, give or take the parser's read buffers.
    assert peak_large < peak_small * 1.25 + 64 * 1024, (peak_small, peak_large)


def test_text_formats_memory_does_not_grow_with_the_number_of_records():
    nbib = (FIXTURES / "records.nbib").read_bytes()
    flavours = (FIXTURES / "flavours.ris").read_bytes()
    bib = (FIXTURES / "references.bib").read_bytes()
    for parse, record in ((medline.parse, nbib), (ris.parse, flavours), (bibtex.parse, bib)):
        peak_while_reading(parse, record)  # first use builds module-level caches (pylatexenc's tables)
        _, peak_small = peak_while_reading(parse, record * 10)
        _, peak_large = peak_while_reading(parse, record * 200)
        assert peak_large < peak_small * 1.25 + 128 * 1024, (parse.__module__, peak_small, peak_large)
