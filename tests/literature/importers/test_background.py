"""Large files are parsed in a second process (the command's setting): same records, same failures."""

import gzip
import io
import os
import threading

import pytest

from literature.importers import ImportSource, import_files
from literature.importers.background import available, parsed_in_background
from literature.models import Publication
from tests.literature.importers.conftest import FIXTURES
from tests.literature.importers.test_merge import snapshot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not available(), reason="this platform cannot fork"),
]


def run(name, data, **options):
    return import_files(
        sources=[ImportSource(name, io.BytesIO(data), len(data))], background_parse_from=0, **options
    )


@pytest.mark.parametrize("fixture", ["pubmed_articles.xml", "records.nbib", "flavours.ris", "references.bib"])
def test_background_parsing_imports_exactly_what_in_process_parsing_does(fixture):
    data = (FIXTURES / fixture).read_bytes()
    inline = import_files(sources=[ImportSource(fixture, io.BytesIO(data))]).files[0]
    expected = snapshot()
    Publication.objects.all().delete()
    report = run(fixture, data).files[0]
    assert (report.records, report.created, report.skipped, report.failed) == (
        inline.records, inline.created, inline.skipped, inline.failed,
    )  # fmt: skip
    got = snapshot()
    assert comparable(got[0]) == comparable(expected[0])


def comparable(rows):
    """Rows without what differs between two creations of the same records: ids, times, relation targets."""
    out = []
    for row in rows:
        row = {k: v for k, v in row.items() if k not in ("id", "created_at")}
        row["relations"] = [r[:3] for r in row["relations"]]
        out.append(row)
    return out


def test_a_file_the_background_parser_refuses_writes_nothing():
    data = gzip.compress((FIXTURES / "pubmed_articles.xml").read_bytes() * 3)
    report = run("cut.xml.gz", data[: len(data) * 2 // 3]).files[0]
    assert "gzip file is truncated" in report.error
    assert not Publication.objects.exists()


def test_ctrl_c_while_the_background_parser_runs_rolls_back_the_file():
    many = "".join(f"TY  - JOUR\nTI  - Record {i}\nPY  - 2001\nER  - \n" for i in range(600)).encode()

    def interrupt(file_report, records, position):
        if records >= 400:
            raise KeyboardInterrupt

    report = run("big.ris", many, progress=interrupt, batch_size=100)
    assert report.interrupted
    assert not Publication.objects.exists()
    assert not [t for t in threading.enumerate() if t.name == "import-receive"]


def test_the_thread_that_receives_the_records_ends_with_the_file():
    data = (FIXTURES / "pubmed_articles.xml").read_bytes()
    report = run("articles.xml", data).files[0]
    assert report.created >= 4 and not report.error
    assert not [t for t in threading.enumerate() if t.name == "import-receive"]


def _dies_after_two(stream):
    yield from ["first", "second"]
    os._exit(9)  # in the child: a parser process killed mid-file


def test_a_parser_process_that_dies_fails_the_file_instead_of_hanging():
    got, failure = [], []

    def consume():
        try:
            got.extend(parsed_in_background(_dies_after_two, io.BytesIO(b"<x/>")))
        except RuntimeError as exc:
            failure.append(str(exc))

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    consumer.join(timeout=30)
    assert not consumer.is_alive(), "the importer waited forever for a dead parser"
    assert failure and "ended unexpectedly, exit code 9" in failure[0]


def _niceness(stream):
    yield os.nice(0)


def test_the_parser_process_yields_the_cpu_to_the_writer():
    (child_niceness,) = parsed_in_background(_niceness, io.BytesIO(b"<x/>"))
    assert child_niceness > os.nice(0)
