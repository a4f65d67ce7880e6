"""The import report as lines of text, shared by the command and the admin page."""

from __future__ import annotations

from collections.abc import Iterator

from literature.importers.service import ImportReport

# Beyond this many skipped or failed records per file, the rest are counted, not listed.
LIST_LIMIT = 200


def report_lines(report: ImportReport, verbose: bool = False) -> Iterator[tuple[str, str]]:
    """(level, line) pairs; level is 'success', 'warning', 'error' or '' (plain)."""
    prefix = "Dry run (nothing written): " if report.dry_run else ""
    for f in report.files:
        head = f"{f.name} ({f.format or 'format unknown'}): "
        if f.error:
            yield "error", f"{head}{f.error}"
            continue
        counts = (
            f"{f.records} records: {f.created} created, {f.updated} updated, {f.unchanged} unchanged, "
            f"{len(f.skipped)} skipped, {len(f.failed)} failed"
        )
        extra = []
        if f.links_created:
            extra.append(f"{f.links_created} drug links created (pending review)")
        if f.flagged:
            extra.append(f"{f.flagged} stored publications flagged by erratum/retraction notices")
        timing = f" in {f.seconds:.1f} s ({f.rate:,.0f} records/s)" if verbose or f.records >= 1000 else ""
        line = prefix + head + counts + (f"; {', '.join(extra)}" if extra else "") + timing
        yield ("warning" if f.failed else "success"), line
        for label, problems, level in (("skipped", f.skipped, ""), ("failed", f.failed, "warning")):
            for problem in problems[:LIST_LIMIT]:
                yield level, f"  {label}: record {problem.position}: {problem.reason}"
            if len(problems) > LIST_LIMIT:
                yield level, f"  ... and {len(problems) - LIST_LIMIT} more {label}"
    if len(report.files) > 1:
        yield (
            "",
            (
                f"{prefix}Total: {report.total('created')} created, {report.total('updated')} updated, "
                f"{report.total('unchanged')} unchanged, {len(report.skipped)} skipped, {len(report.failed)} failed, "
                f"{len(report.failed_files)} file(s) not imported"
            ),
        )
