"""Import literature files exported from PubMed, reference managers and databases.

Curators do not type a thousand citations: they bring PubMed XML (efetch output or the
annual baseline, gzipped or not), MEDLINE text (.nbib), RIS or BibTeX. Each file is one
transaction: it lands whole, or not at all, and the report says which. Re-importing a file
changes nothing; what curators corrected by hand is never overwritten.

    python manage.py import_literature pubmed_result.xml.gz citations.ris --link-drugs
    python manage.py import_literature export.nbib --drug imatinib --dry-run
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from drugs.models import Drug
from drugs.selectors import resolve_drug
from literature.importers import FORMATS, ImportSource, import_files
from literature.importers.report import report_lines

BACKGROUND_PARSE_FROM = 4 * 1024 * 1024  # bytes


MIN_RATE_SECONDS = 1.0


class Progress:
    """A one-line progress bar with records/s, redrawn at most a few times a second."""

    def __init__(self, stream, sizes: dict[str, int | None], interactive: bool):
        self.stream = stream
        self.sizes = sizes
        self.interactive = interactive
        self.started = time.monotonic()
        self.shown = 0.0
        self.current = ""

    def __call__(self, file_report, records: int, position: int | None) -> None:
        now = time.monotonic()
        if file_report.name != self.current:
            self.current, self.started = file_report.name, now
        if now - self.shown < (0.25 if self.interactive else 10.0):
            return
        self.shown = now
        elapsed = now - self.started
        # A rate over the first instants says nothing (one record in a microsecond is not a million a second).
        rate = f"  {records / elapsed:,.0f} records/s" if elapsed >= MIN_RATE_SECONDS else ""
        size = self.sizes.get(file_report.name)
        if size and position is not None:
            done = min(position / size, 1.0)
            bar = "#" * int(done * 30)
            line = f"{file_report.name}: [{bar:<30}] {done:4.0%}  {records:,} records{rate}"
        else:
            line = f"{file_report.name}: {records:,} records{rate}"
        if self.interactive:
            self.stream.write("\r" + line.ljust(100), ending="")
            self.stream.flush()
        else:
            self.stream.write(line)

    def finish(self) -> None:
        if self.interactive and self.shown:
            self.stream.write("\r" + " " * 100 + "\r", ending="")


class Command(BaseCommand):
    help = "Import PubMed XML, MEDLINE (.nbib), RIS or BibTeX files into the literature (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="Files to import (gzip is read as such)."
        )
        parser.add_argument(
            "--format",
            choices=["auto", *FORMATS],
            default="auto",
            help="Expected format; 'auto' (default) detects it from the content, not the file name.",
        )
        parser.add_argument(
            "--drug",
            action="append",
            default=[],
            metavar="SLUG",
            help="Link records that name this drug (any of its names, in the title or abstract, or as a MeSH "
            "heading, substance or keyword) to it, as pending automatic links for a curator to confirm; the "
            "report counts the records that do not name it. Repeatable; any name or slug works.",
        )
        parser.add_argument(
            "--link-drugs",
            action="store_true",
            help="Link records to every drug they name (title, abstract, MeSH headings, substances, keywords).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and match everything, report it, write nothing."
        )

    def handle(self, *args, paths, format, drug, link_drugs, dry_run, verbosity, **options):
        drugs: list[Drug] = []
        for name in drug:
            found = resolve_drug(name)
            if found is None:
                raise CommandError(f"No drug is called '{name}'.")
            drugs.append(found)
        files = [Path(p) for p in paths]
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")

        interactive = verbosity >= 1 and hasattr(self.stdout, "isatty") and self.stdout.isatty()
        progress = Progress(self.stdout, {str(p): p.stat().st_size for p in files}, interactive)
        with ExitStack() as stack:
            sources = [
                ImportSource(str(p), stack.enter_context(p.open("rb")), p.stat().st_size) for p in files
            ]
            report = import_files(
                sources=sources,
                fmt=format,
                drug_ids=[d.pk for d in drugs],
                link_drugs=link_drugs,
                dry_run=dry_run,
                progress=progress if (interactive or verbosity >= 2) else None,
                # Large files are parsed in a second process while this one writes.
                background_parse_from=BACKGROUND_PARSE_FROM,
            )
        progress.finish()

        if verbosity >= 1:
            for level, line in report_lines(report, verbose=verbosity >= 2):
                style = {
                    "success": self.style.SUCCESS,
                    "warning": self.style.WARNING,
                    "error": self.style.ERROR,
                }
                self.stdout.write(style[level](line) if level in style else line)
        if report.interrupted:
            raise CommandError(
                "Interrupted: the file being read was rolled back; the files before it landed."
            )
        if report.failed_files:
            raise CommandError(f"{len(report.failed_files)} file(s) not imported; see the report above.")
