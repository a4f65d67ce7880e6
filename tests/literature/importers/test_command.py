"""The import_literature command: what a curator sees at the terminal."""

import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper

from literature.models import Publication, PublicationDrug
from tests import factories
from tests.literature.importers.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = StringIO()
    call_command("import_literature", *[str(a) for a in args], stdout=out, **options)
    return out.getvalue()


def test_the_command_imports_every_format_and_prints_a_report_per_file():
    output = run(
        FIXTURES / "pubmed_articles.xml",
        FIXTURES / "records.nbib",
        FIXTURES / "flavours.ris",
        FIXTURES / "references.bib",
    )
    assert (
        "pubmed_articles.xml (pubmed): 6 records: 4 created, 0 updated, 0 unchanged, 2 skipped, 0 failed"
        in output
    )
    assert "records.nbib (medline): 2 records: 2 created" in output
    assert "flavours.ris (ris): 6 records: 6 created" in output
    assert (
        "references.bib (bibtex): 5 records: 3 created, 0 updated, 0 unchanged, 0 skipped, 2 failed" in output
    )
    assert "skipped: record 5: PMID 90000005: a book record" in output
    assert "failed: record 4: line 32: @article entry is not closed" in output
    assert "Total: 15 created, 0 updated, 0 unchanged, 2 skipped, 2 failed, 0 file(s) not imported" in output
    assert Publication.objects.count() == 15


def test_a_second_run_reports_everything_unchanged():
    run(FIXTURES / "records.nbib")
    assert "2 records: 0 created, 0 updated, 2 unchanged" in run(FIXTURES / "records.nbib")


def test_dry_run_says_so_and_writes_nothing():
    output = run(FIXTURES / "pubmed_articles.xml", "--dry-run")
    assert output.startswith("Dry run (nothing written): ")
    assert "4 created" in output
    assert not Publication.objects.exists()


def test_drug_takes_any_name_of_a_drug_and_links_to_it():
    drug = factories.DrugFactory(name="Imatinib", slug="imatinib")
    factories.DrugNameFactory(drug=drug, name="Gleevec")
    output = run(FIXTURES / "pubmed_articles.xml", "--drug", "gleevec")
    assert "drug links created (pending review)" in output
    assert PublicationDrug.objects.filter(drug=drug, origin="automatic", status="pending").exists()


def test_an_unknown_drug_or_path_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(CommandError, match="No drug is called 'nodrugatall'"):
        run(FIXTURES / "records.nbib", "--drug", "nodrugatall")
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.xml")
    assert not Publication.objects.exists()


def test_a_file_that_cannot_be_imported_makes_the_command_fail_after_reporting(tmp_path):
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(gzip.compress((FIXTURES / "pubmed_articles.xml").read_bytes())[:-40])
    out = StringIO()
    with pytest.raises(CommandError, match="1 file\\(s\\) not imported"):
        call_command("import_literature", str(path), str(FIXTURES / "records.nbib"), stdout=out)
    assert "cut.xml.gz (format unknown): the gzip file is truncated" in out.getvalue()
    assert Publication.objects.count() == 2  # the good file after it landed


def test_format_is_checked_against_the_content():
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_literature", str(FIXTURES / "records.nbib"), "--format", "bibtex", stdout=out)
    assert "the content is medline, not bibtex" in out.getvalue()


def test_verbosity_two_prints_progress_and_timing():
    output = run(FIXTURES / "flavours.ris", verbosity=2)
    assert "records/s" in output


def test_the_progress_line_gives_no_rate_until_a_second_has_passed(monkeypatch):
    from literature.importers.report import FileReport
    from literature.management.commands import import_literature as command

    clock = [100.0]
    monkeypatch.setattr(command.time, "monotonic", lambda: clock[0])
    out = StringIO()
    progress = command.Progress(OutputWrapper(out), {"a.xml": 1000}, interactive=False)
    progress(FileReport("a.xml"), 1, 10)
    clock[0] += 12.0
    progress(FileReport("a.xml"), 24_000, 500)
    first, second = out.getvalue().splitlines()
    assert "records/s" not in first
    assert second.endswith("24,000 records  2,000 records/s")
