"""Generate a synthetic literature corpus for benchmarks and scale tests.

Deterministic for a seed; written with COPY on PostgreSQL (executemany on SQLite) in chunks,
so a million publications take minutes and memory stays flat. The search index is rebuilt
at the end and the planner's statistics refreshed. Adds to whatever is in the database.
"""

import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from literature import search
from portal.corpus import CorpusGenerator


class Command(BaseCommand):
    help = "Generate N synthetic publications with authors, journals, drugs, MeSH, trials and commentary."

    def add_arguments(self, parser):
        parser.add_argument(
            "--publications", type=int, required=True, help="How many publications to generate."
        )
        parser.add_argument("--drugs", type=int, default=200, help="How many synthetic drugs (default 200).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same corpus."
        )
        parser.add_argument("--chunk", type=int, default=5000, help="Publications written per transaction.")

    def handle(self, *args, publications, drugs, seed, chunk, **options):
        if publications < 1 or drugs < 1 or chunk < 1:
            raise CommandError("--publications, --drugs and --chunk must be positive.")
        verbose = options["verbosity"] >= 1
        started = time.monotonic()
        last = [0.0]

        def progress(message):
            now = time.monotonic()
            if verbose and now - last[0] >= 5:
                last[0] = now
                self.stdout.write(f"  {message}")

        report = CorpusGenerator(publications=publications, drugs=drugs, seed=seed, chunk=chunk,
                                 progress=progress).generate()  # fmt: skip
        t = time.monotonic()
        # Two connections fill the PostgreSQL index at once (two cores), unless the caller holds a
        # transaction (a test): the other connections would wait for it forever.
        parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
        search.rebuild_index(jobs=2 if parallel else 1)
        report.seconds["search index"] = time.monotonic() - t
        if connection.vendor == "postgresql":
            t = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            report.seconds["analyze"] = time.monotonic() - t
        total = time.monotonic() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if verbose:
            self.stdout.write(self.style.SUCCESS(
                f"Generated {report.publications:,} publications, {report.authorships:,} authorships, "
                f"{report.mesh_headings:,} MeSH headings, {report.links:,} drug links, {report.drugs} drugs, "
                f"{report.journals:,} journals, {report.authors:,} authors, {report.posts} posts, "
                f"{report.comments:,} comments in {total:,.1f} s (peak memory {peak_mb:,.0f} MB)."
            ))  # fmt: skip
            for step, seconds in report.seconds.items():
                self.stdout.write(f"  {step}: {seconds:,.1f} s")
