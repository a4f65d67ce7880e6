"""Rebuild the full-text search index from the publications table.

Writers keep the index in step as they go (``literature.search.reindex_publications``); this
command is for everything else: after a bulk load that skipped the index, after restoring a
database, or when the index's shape changes. It works set-based (one INSERT ... SELECT per range
of ids, then the indexes are built once), which is what makes a million rows take minutes.
On PostgreSQL searches wait while it runs: it empties and refills the table in one transaction.
"""

import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from literature.models import Publication
from literature.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the publication search index (PostgreSQL full-text or SQLite FTS5) from the publications."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be indexed without changing anything."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="PostgreSQL: fill the index over this many connections at once (bulk loads; not one transaction).",
        )

    def handle(self, *args, database, dry_run, jobs, verbosity, **options):
        vendor = connections[database].vendor
        count = Publication.objects.using(database).count()
        if dry_run:
            self.stdout.write(f"Would rebuild the {vendor} search index for {count:,} publications.")
            return
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {done:,} / {total:,} publications")

        done = rebuild_index(using=database, progress=progress, jobs=jobs)
        seconds = time.monotonic() - started
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {done:,} publications for {vendor} full-text search in {seconds:.1f} s."
                )
            )
