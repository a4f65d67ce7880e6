"""The import report: what happened to every file and record, and its text for the command and the admin."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Problem:
    file: str
    position: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, record {self.position}" if self.position else self.file
        return f"{where}: {self.reason}"


@dataclass
class FileReport:
    name: str
    format: str = ""
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links_created: int = 0
    unlinked: int | None = None  # records that named none of the drugs looked for (None: no linking asked)
    flagged: int = 0  # existing publications whose erratum/retraction flag a notice in this file raised
    skipped: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    # Imported, with something a curator should look at (a probable duplicate, say).
    notes: list[Problem] = field(default_factory=list)
    error: str = ""  # why the whole file was refused or rolled back
    interrupted: bool = False
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def landed(self) -> bool:
        return not self.error and not self.interrupted and not self.dry_run

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    dry_run: bool = False

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files if f.landed or self.dry_run)

    @property
    def skipped(self) -> list[Problem]:
        return [p for f in self.files for p in f.skipped]

    @property
    def failed(self) -> list[Problem]:
        return [p for f in self.files for p in f.failed]

    @property
    def failed_files(self) -> list[FileReport]:
        return [f for f in self.files if f.error or f.interrupted]

    @property
    def interrupted(self) -> bool:
        return any(f.interrupted for f in self.files)


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
        if f.unlinked:
            extra.append(f"{f.unlinked} records named none of the drugs and were not linked")
        if f.flagged:
            extra.append(f"{f.flagged} stored publications flagged by erratum/retraction notices")
        timing = f" in {f.seconds:.1f} s ({f.rate:,.0f} records/s)" if verbose or f.records >= 1000 else ""
        line = prefix + head + counts + (f"; {', '.join(extra)}" if extra else "") + timing
        yield ("warning" if f.failed or f.notes else "success"), line
        for label, problems, level in (
            ("skipped", f.skipped, ""),
            ("failed", f.failed, "warning"),
            ("to review", f.notes, "warning"),
        ):
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
