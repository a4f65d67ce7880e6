"""The one import service: file -> format -> records -> atomic upsert -> search index -> report.

The management command ``import_literature`` and the admin upload page both call
``import_files``; nothing else writes imported records.

Transactions: **one per file.** A file lands whole or not at all: a malformed file (not
XML, truncated gzip, wrong encoding), a crash or a Ctrl-C part-way leaves the database
exactly as it was before that file, and the report says which files landed. Inside a
file, records are written in batches (each a savepoint); a batch the database refuses
is retried record by record so one bad record fails alone. A dry run does everything,
reports it, and rolls the file back.

Identity: a record is the publication with the same PMID, else the same DOI (whatever its
case), else the same normalized title + year + first author (``match_key``), provided the
identifiers do not contradict each other. Re-importing a file changes nothing.

Merging, so an import never destroys work:

- a field a curator changed (``Publication.curated_fields``, plus ``authors``,
  ``mesh_headings`` and ``relations`` for the inlines) is never overwritten;
- a value the record leaves empty never erases a stored one; the retraction and erratum
  flags are only ever raised by an import, never lowered;
- a record from a less detailed source than the stored one (RIS or BibTeX over PubMed XML
  or MEDLINE, MEDLINE text over PubMed XML) only fills empty fields;
- drug links, ranks and excerpts are never touched; ``--link-drugs`` only adds pending
  automatic links where no link of any kind exists (a rejected one included).
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import BinaryIO, NamedTuple

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from literature.importers import bibtex, bulk, medline, pubmed_xml, ris
from literature.importers.background import available as background_parsing_available
from literature.importers.background import parsed_in_background
from literature.importers.collection import import_collection
from literature.importers.detect import FORMATS, detect_format, open_stream, read_head
from literature.importers.linking import DrugMatcher, create_links
from literature.importers.records import (
    NOTICE_RELATIONS,
    NOTICE_TYPES,
    RETRACTING_RELATIONS,
    DeletedCitation,
    FileFormatError,
    MalformedRecord,
    PublicationRecord,
    SkippedRecord,
    first_initial,
)
from literature.importers.report import FileReport, ImportReport, Problem
from literature.importers.vocabularies import Vocabularies
from literature.models import (
    MATCH_KEY_FIELDS,
    Author,
    Authorship,
    Journal,
    MeshHeading,
    Publication,
    PublicationRelation,
    compute_match_key,
    first_author_name,
)
from literature.search import refresh_statistics, start_reindex
from literature.services import apply_author_fields

logger = logging.getLogger(__name__)

PARSERS = {"pubmed": pubmed_xml.parse, "medline": medline.parse, "ris": ris.parse, "bibtex": bibtex.parse}
SOURCE_OF_FORMAT = {
    "pubmed": Publication.Source.PUBMED,
    "medline": Publication.Source.MEDLINE,
    "ris": Publication.Source.RIS,
    "bibtex": Publication.Source.BIBTEX,
}
# How detailed each source is: a record only fills gaps in a row from a more detailed source.
SOURCE_RANK = {"pubmed": 3, "medline": 2, "ris": 1, "bibtex": 1}
REFERENCE_MANAGER_RANK = SOURCE_RANK["ris"]
VOCABULARY_CHUNK = 10_000  # ids per statement (SQLite caps the parameters of one statement)

BATCH_SIZE = 500
# A file is one transaction, which autovacuum cannot see into: the planner's statistics are
# refreshed by the import itself once this many records were created, then at every fourfold.
ANALYZE_AFTER = 2_000

SCALAR_FIELDS = ["pmid", "doi", "pmcid", "title", "vernacular_title", "abstract", "other_abstracts",
                 "copyright", "journal_id", "volume", "issue", "pages", "language", "keywords"]  # fmt: skip
DATE_FIELDS = ["pub_year", "pub_month", "pub_day", "pub_date_text"]
FLAG_FIELDS = ["is_retracted", "has_erratum"]
CHILD_SETS = ["authors", "mesh_headings", "relations", "publication_types", "trials"]
# Relations a reader must see, added even to a set of relations a curator edited.
WARNING_RELATIONS = {
    "ErratumIn", "ErratumFor", "RetractionIn", "RetractionOf", "RetractedandRepublishedIn",
    "RetractedandRepublishedFrom", "ExpressionOfConcernIn", "ExpressionOfConcernFor",
}  # fmt: skip
THROUGH_SETS = [
    ("publication_types", Publication.publication_types.through, "publicationtype"),
    ("trials", Publication.trials.through, "trial"),
]


@dataclass
class ImportSource:
    """A file to import: a display name (for the report) and a seekable binary file object."""

    name: str
    file: BinaryIO
    size: int | None = None


ProgressCallback = Callable[[FileReport, int, int | None], None]


# --- entry point --------------------------------------------------------------------------


def import_files(
    *,
    sources: Iterable[ImportSource],
    fmt: str = "auto",
    drug_ids: Sequence[int] | None = None,
    link_drugs: bool = False,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
    background_parse_from: int | None = None,
) -> ImportReport:
    """Import each file in its own transaction and report what happened to every record.

    ``drug_ids`` links records to those drugs only (when their names appear); ``link_drugs``
    links them to any drug whose name appears. ``progress(file_report, records, bytes_read)``
    is called as records are read; an exception raised there (Ctrl-C) stops the import and
    rolls back the current file. ``background_parse_from``: parse files of at least that
    many bytes in a child process (see ``background``; the command uses it).
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose auto, {', '.join(FORMATS)}")
    matcher = None
    if drug_ids or link_drugs:
        matcher = DrugMatcher(None if link_drugs else drug_ids)
    report = ImportReport(dry_run=dry_run)
    with import_collection():
        _import_sources(report, sources, fmt, matcher, dry_run, progress, batch_size, background_parse_from)
    return report


def _import_sources(report, sources, fmt, matcher, dry_run, progress, batch_size, background_parse_from):
    for source in sources:
        file_report = FileReport(name=source.name, dry_run=dry_run)
        report.files.append(file_report)
        try:
            background = (
                background_parse_from is not None
                and source.size is not None
                and source.size >= background_parse_from
                and background_parsing_available()
            )
            _import_one(source, file_report, fmt, matcher, dry_run, progress, batch_size, background)
        except KeyboardInterrupt:
            file_report.interrupted = True
            file_report.error = "interrupted: nothing from this file was written"
            break


class _DryRunRollback(Exception):
    pass


def _import_one(source, report, fmt, matcher, dry_run, progress, batch_size, background=False) -> None:
    started = time.monotonic()
    try:
        stream = open_stream(source.file)
        detected = detect_format(read_head(stream))
        if fmt != "auto" and fmt != detected:
            raise FileFormatError(f"the content is {detected}, not {fmt}")
        report.format = detected
        writer = BatchWriter(report, SOURCE_OF_FORMAT[detected], matcher, batch_size)
        if background:
            items = parsed_in_background(PARSERS[detected], source.file)
        else:
            items = PARSERS[detected](stream)
        with transaction.atomic():
            writer.note_new_vocabulary()
            # Nothing may reach the connection (the commit or rollback included) while the last
            # batch is still being indexed.
            try:
                for item in items:
                    writer.add(item)
                    if progress is not None:
                        progress(report, report.records, _position(source.file))
                writer.flush()
            except BaseException:
                # The file is rolled back anyway: what stopped it (Ctrl-C included) is what is reported.
                with suppress(Exception):
                    writer.wait_for_index()
                raise
            writer.finish_index()
            writer.drop_unused_vocabulary()
            if progress is not None:
                progress(report, report.records, _position(source.file))
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except FileFormatError as exc:
        report.error = f"{exc}; nothing from this file was written"
    except Exception as exc:  # noqa: BLE001 - any failure rolls the file back and is reported, never a 500
        logger.exception("import of %s failed", source.name)
        report.error = (
            f"the import failed ({exc.__class__.__name__}: {exc}); nothing from this file was written"
        )
    finally:
        report.seconds = time.monotonic() - started


def _position(file) -> int | None:
    try:
        return file.tell()
    except (OSError, ValueError):
        return None


# --- batched upsert -----------------------------------------------------------------------


@dataclass
class _Plan:
    """What to do with one record: create, update (with the changed fields) or nothing."""

    record: PublicationRecord
    pub: Publication
    created: bool
    fields: set[str] = field(default_factory=set)
    children: dict[str, list] = field(default_factory=dict)  # child sets to replace
    added_relations: list = field(default_factory=list)  # notices added to a curated set of relations

    @property
    def changed(self) -> bool:
        return self.created or bool(self.fields) or bool(self.children) or bool(self.added_relations)


class IndexFailed(Exception):
    """Writing the search index of rows the database accepted failed: the file fails, no record is blamed."""


class BatchWriter:
    def __init__(self, report: FileReport, source: str, matcher: DrugMatcher | None, batch_size: int):
        self.report = report
        self.source = source
        self.matcher = matcher
        self.batch_size = batch_size
        self.pending: list[PublicationRecord] = []
        self.claimed: set[tuple] = set()
        self.vocab = Vocabularies()
        self.analyze_at = ANALYZE_AFTER
        # The search index of written batches: ids waiting in ``to_index`` until started (see
        # ``flush``), those of the last one started in ``started``, ``indexing`` to wait for it.
        self.to_index: list[int] = []
        self.indexing: Callable[[], None] | None = None
        self.started: list[int] = []

    # Authors and journals are resolved for a whole batch before each record's merge decides what
    # changes, so a record that changes nothing (or only fills other gaps) may leave new rows no
    # publication uses: a Scopus export of a stored paper, with its initials-only names.
    def note_new_vocabulary(self) -> None:
        """Remember where this file's new authors and journals start (ids only grow)."""
        self.vocabulary_floor = {
            model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in (Author, Journal)
        }

    def drop_unused_vocabulary(self) -> None:
        """Delete the authors and journals this file created that no publication uses in the end.

        Only rows this file resolved are candidates: an author a curator adds in the admin while
        the import runs (unused until they link it) is not this file's to remove.
        """
        for model, resolved, unused in (
            (Author, self.vocab.authors.values(), Q(authorships__isnull=True)),
            (Journal, self.vocab.journals.values(), Q(publications__isnull=True)),
        ):
            # The unused new rows come from the database (an index range, few rows as a rule);
            # which of them this file resolved is checked here, not by sending every id back.
            resolved = set(resolved)
            floor = self.vocabulary_floor[model]
            doomed = [pk for pk in model.objects.filter(unused, pk__gt=floor).values_list("pk", flat=True)
                      if pk in resolved]  # fmt: skip
            for start in range(0, len(doomed), VOCABULARY_CHUNK):
                model.objects.filter(pk__in=doomed[start : start + VOCABULARY_CHUNK]).delete()

    def start_index(self, count: int | None = None) -> None:
        """Start writing the search index of the first ``count`` ids waiting (all of them by default).

        It is written while this process goes on in Python; the connection serializes it with
        the statements sent meanwhile.
        """
        if count is None:
            count = len(self.to_index)
        ids, self.to_index = self.to_index[:count], self.to_index[count:]
        if ids:
            self.wait_for_index()
            self.indexing = start_reindex(ids)
            self.started = ids

    def wait_for_index(self) -> None:
        """Wait for the search index being written (see ``start_index``); raise if it failed."""
        indexing, self.indexing = self.indexing, None
        if indexing is not None:
            indexing()

    def finish_index(self) -> None:
        """Write the search index of the last batch and wait for it (the end of a file)."""
        self.start_index()
        self.wait_for_index()

    # Records are collected until a batch is full or a record shares an identity with one
    # already waiting (a file that lists a record twice): the first is written before the
    # second is matched, so the second finds it.
    def add(self, item) -> None:
        if isinstance(item, PublicationRecord):
            self.report.records += 1
            keys = identity_keys(item)
            if keys & self.claimed:
                self.flush()
            self.pending.append(item)
            self.claimed |= keys
            if len(self.pending) >= self.batch_size:
                self.flush()
        elif isinstance(item, MalformedRecord):
            self.report.records += 1
            self.report.failed.append(Problem(self.report.name, item.position, item.reason))
        elif isinstance(item, SkippedRecord):
            self.report.records += 1
            self.report.skipped.append(Problem(self.report.name, item.position, item.reason))
        elif isinstance(item, DeletedCitation):
            self.report.records += 1
            self.flush()  # a record this file lists before its deletion is in the portal
            self.wait_for_index()
            present = set(Publication.objects.filter(pmid__in=item.pmids).values_list("pmid", flat=True))
            listed = ", ".join(
                f"{p} ({'in the portal, kept for a curator to review' if p in present else 'not in the portal'})"
                for p in item.pmids
            )
            self.report.skipped.append(
                Problem(
                    self.report.name,
                    item.position,
                    f"DeleteCitation: NLM withdrew PMID {listed}; nothing removed",
                )
            )

    def flush(self) -> None:
        batch, self.pending, self.claimed = self.pending, [], set()
        if not batch:
            return
        self.wait_for_index()
        if self.report.created >= self.analyze_at:
            refresh_statistics()
            self.analyze_at *= 4
        self.started = []
        try:
            with transaction.atomic():
                try:
                    to_index = self.write(batch)
                except BaseException:
                    # The last batch's index, if started inside this savepoint, is rolled back with
                    # it: wait for it to end (nothing may overtake it on the connection), then write
                    # it again later. If the index itself failed, the file fails (see below).
                    self.to_index = self.started + self.to_index
                    try:
                        self.wait_for_index()
                    except Exception as exc:
                        raise IndexFailed(str(exc)) from exc
                    raise
        except (IntegrityError, DatabaseError) as exc:
            if len(batch) == 1:
                self.vocab.forget()
                self.report.failed.append(
                    Problem(
                        self.report.name,
                        batch[0].position,
                        f"{batch[0].label}: refused by the database ({exc})",
                    )
                )
                return
            # One record spoilt the batch: write them one by one so only that one fails.
            self.vocab.forget()
            for record in batch:
                self.pending = [record]
                self.flush()
            return
        # The batch's search index is written in two halves, each while this process works in
        # Python and the database would otherwise wait: the first now, while the next batch is
        # received; the second once that batch has done its lookups, while it is built (``plan``).
        # A failure there fails the file: the index is computed from rows the database accepted.
        self.to_index += to_index
        self.start_index(len(self.to_index) // 2)

    def write(self, records: list[PublicationRecord]) -> list[int]:
        """Write a batch; returns the ids whose search index is to be written (see flush)."""
        plans, ref_ids, problems, notes, reserved = self.plan(records)
        now = timezone.now()
        new = [p.pub for p in plans if p.created]
        for pub in new:
            pub.created_at = pub.updated_at = now
        fields = [f for f in Publication._meta.concrete_fields if not f.primary_key]
        names = [f.name for f in fields]
        rows = [tuple(getattr(pub, f.attname) for f in fields) for pub in new]
        if reserved is None:  # SQLite: the inserts themselves give the ids
            ids, publications = bulk.insert_with_ids(Publication, names, rows), None
        else:
            # The new rows' ids are known (PostgreSQL): every row of the batch is prepared before
            # anything is sent, while the database writes the last batch's search index.
            ids, publications = reserved, bulk.prepared_with_ids(Publication, names, rows, reserved)
        for pub, pk in zip(new, ids, strict=True):
            pub.pk = pub.id = pk
        for p in plans:
            # A notice in this batch finds its article created now or gaining its PMID now.
            if p.record.pmid and (p.created or "pmid" in p.fields):
                ref_ids[p.record.pmid] = p.pub.pk
        children = self.prepare_children(plans, ref_ids)
        if publications is not None:
            bulk.insert_prepared(publications)
        updated = [p for p in plans if not p.created and p.fields]
        if updated:
            for p in updated:
                p.pub.updated_at = now
            fields = sorted(
                set().union(*(p.fields for p in updated)) | {"updated_at", "date_key", "match_key"}
            )
            Publication.objects.bulk_update([p.pub for p in updated], fields)
        self.write_children(plans, children)
        if added := [
            (p.pub.pk, kind, ref_source, ref_pmid, ref_ids.get(ref_pmid) if ref_pmid else None)
            for p in plans
            for kind, ref_source, ref_pmid in p.added_relations
        ]:
            bulk.insert(
                PublicationRelation, ["publication", "kind", "ref_source", "ref_pmid", "target"], added
            )
        flagged = self.flag_notice_targets(plans, ref_ids)

        links, linked, unlinked = 0, [], None
        if self.matcher:
            matches = {p.pub.pk: self.matcher.match(*p.record.text_for_linking()) for p in plans}
            linked = [k for k, v in matches.items() if v]
            links = create_links({k: matches[k] for k in linked})
            unlinked = len(matches) - len(linked)
        # Indexed last (see flush), drug links included: the index holds each publication's drugs.
        to_index = [p.pub.pk for p in plans if p.changed] + flagged + linked
        if self.vocab.enriched_journals:
            # A journal renamed as NLM names it: its publications are found under the new name.
            to_index += Publication.objects.filter(journal_id__in=self.vocab.enriched_journals).values_list(
                "pk", flat=True
            )
            self.vocab.enriched_journals = set()
        # Counted only once the batch is written: a batch the database refuses counts nothing.
        self.report.created += sum(1 for p in plans if p.created)
        self.report.updated += sum(1 for p in plans if not p.created and p.changed)
        self.report.unchanged += sum(1 for p in plans if not p.changed)
        self.report.links_created += links
        if unlinked is not None:
            self.report.unlinked = (self.report.unlinked or 0) + unlinked
        self.report.flagged += len(flagged)
        self.report.failed.extend(problems)
        self.report.notes.extend(notes)
        return to_index

    # --- matching and merging ---

    def plan(
        self, records: list[PublicationRecord]
    ) -> tuple[list[_Plan], dict[int, int], list[Problem], list[Problem], list[int] | None]:
        self.vocab.resolve(records)
        journal_ids = [self.vocab.journal_id(rec.journal) for rec in records]
        existing = self.find_existing(records, journal_ids)
        ref_pmids = {r.ref_pmid for rec in records for r in rec.relations if r.ref_pmid}
        ref_ids = (
            dict(Publication.objects.filter(pmid__in=ref_pmids).values_list("pmid", "id"))
            if ref_pmids
            else {}
        )
        notices = self.inbound_notices(records)
        notice_ids = self.stored_notices(records, existing)
        notes: list[Problem] = []
        matches = []
        for rec, journal_id in zip(records, journal_ids, strict=True):
            said: list[str] = []
            matches.append(self.match(rec, existing, notice_ids, journal_id, notes=said))
            notes += [Problem(self.report.name, rec.position, f"{rec.label}: {note}") for note in said]
        current = self.load_children([pub.pk for pub in matches if isinstance(pub, Publication)])
        # Ids for the new publications (PostgreSQL; None elsewhere), drawn before the first write.
        reserved = bulk.reserve_ids(Publication, sum(1 for pub in matches if pub is None))
        # The last database read of this batch before its writes: the previous batch's index now.
        self.start_index()

        plans, problems = [], []
        for rec, pub in zip(records, matches, strict=True):
            if isinstance(pub, str):
                problems.append(Problem(self.report.name, rec.position, f"{rec.label}: {pub}"))
                continue
            wanted_scalars = self.scalars(rec, notices)
            wanted_children = self.children(rec)
            if pub is None:
                pub = Publication(**wanted_scalars, source=self.source)
                apply_author_fields(pub, self.vocab.as_corrected(rec.authors))
                pub.author_list_complete = rec.authors_complete
                pub.derive_fields()
                pub.match_key = rec.match_key  # the source's spelling, not a curator's correction of it
                plans.append(_Plan(rec, pub, created=True, children=wanted_children))
                continue
            plan = _Plan(rec, pub, created=False)
            self.merge(plan, wanted_scalars, wanted_children, current.get(pub.pk, {}))
            plans.append(plan)
        return plans, ref_ids, problems, notes, reserved

    def find_existing(self, records, journal_ids) -> dict[str, dict]:
        """The stored publications these records may be: by PMID, DOI, PMCID and match key.

        Identifiers are looked up on narrow rows; full rows are then read once, for the
        candidates only. Title keys are looked up only for records no PMID or DOI finds, and a
        stored row under the same key is a candidate only if nothing rules it out (another PMID,
        DOI, volume or page, see ``Candidate``): a key shared by thousands of rows ('Correction.',
        no authors, one year) loads none of them for records that carry a PMID.
        """
        pmids = {r.pmid for r in records if r.pmid}
        dois = {r.doi.lower() for r in records if r.doi}
        pmcids = {r.pmcid for r in records if r.pmcid}
        by_pmid = {pmid: pk for pmid, pk in bulk.lookup(Publication, "pmid", pmids)}
        by_doi = {}
        if dois:
            by_doi = {
                doi.lower(): pk
                for doi, pk in Publication.objects.annotate(doi_lower=Lower("doi"))
                .filter(doi_lower__in=dois)
                .values_list("doi", "pk")
            }
        by_pmcid = {pmcid: pk for pmcid, pk in bulk.lookup(Publication, "pmcid", pmcids)}
        keyed = [
            (rec, journal_id)
            for rec, journal_id in zip(records, journal_ids, strict=True)
            if not (rec.pmid and rec.pmid in by_pmid) and not (rec.doi and rec.doi.lower() in by_doi)
        ]
        keys = {key for rec, _ in keyed for key in (rec.match_key, *rec.neighbour_keys)}
        stored = defaultdict(list)
        for key, *row in bulk.lookup(Publication, "match_key", keys, Candidate._fields):
            stored[key].append(Candidate(*row))
        by_key = defaultdict(set)
        for rec, journal_id in keyed:
            for c in stored.get(rec.match_key, []):
                if c.plausible(rec, journal_id, near=False):
                    by_key[rec.match_key].add(c.id)
            for key in rec.neighbour_keys:
                for c in stored.get(key, []):
                    if c.plausible(rec, journal_id, near=True):
                        by_key[key].add(c.id)
        wanted = set(by_pmid.values()) | set(by_doi.values()) | set(by_pmcid.values())
        wanted |= {pk for pks in by_key.values() for pk in pks}
        rows = Publication.objects.in_bulk(wanted) if wanted else {}
        return {
            "pmid": {k: rows[pk] for k, pk in by_pmid.items()},
            "doi": {k: rows[pk] for k, pk in by_doi.items()},
            "pmcid": {k: rows[pk] for k, pk in by_pmcid.items()},
            "key": {k: [rows[pk] for pk in sorted(pks)] for k, pks in by_key.items()},
        }

    @staticmethod
    def stored_notices(records, existing) -> set[int]:
        """Which stored publications that records may match by title key only are notices (errata...).

        One query, and only when a record has no PMID or DOI match but a title-key candidate.
        """
        candidates = {
            c.pk
            for rec in records
            if not (rec.pmid and rec.pmid in existing["pmid"])
            and not (rec.doi and rec.doi.lower() in existing["doi"])
            for key in (rec.match_key, *rec.neighbour_keys)
            for c in existing["key"].get(key, [])
        }
        if not candidates:
            return set()
        return set(
            Publication.objects.filter(pk__in=candidates)
            .filter(Q(publication_types__name__in=NOTICE_TYPES) | Q(relations__kind__in=NOTICE_RELATIONS))
            .values_list("pk", flat=True)
        )

    @staticmethod
    def match(
        rec: PublicationRecord,
        existing,
        notice_ids: Collection[int] = frozenset(),
        journal_id: int | None = None,
        notes: list[str] | None = None,
    ) -> Publication | str | None:
        """The stored publication this record is, None for a new one, or why it cannot be written.

        The title key finds the same title and first author's surname (see ``compute_match_key``)
        unless something rules it out (``Candidate.plausible``): another volume, first page or
        first initial, or, for a title that says little, another journal. A title of five words or
        more by named authors also finds the same a year either side, when it is the only such
        publication and is in the same journal, volume and first page: Google Scholar's BibTeX gives
        the year an article went online (and no DOI), PubMed the year of its issue. (An ahead-of-print
        row, with no volume or pages yet, is not matched that way: so would a meeting abstract be.)
        """

        def compatible(pub):
            return (not pub.pmid or not rec.pmid or pub.pmid == rec.pmid) and (
                not pub.doi or not rec.doi or pub.doi.lower() == rec.doi.lower()
            )

        def same_kind(pub):
            # An erratum or retraction notice often bears its article's title, year and first author.
            return (pub.pk in notice_ids) == rec.is_notice

        def may_be(pub, near: bool) -> bool:
            # The first author's initial too, where both give one: 'Wang L' is not 'Wang Y'.
            return (
                same_kind(pub)
                and Candidate.of(pub).plausible(rec, journal_id, near=near)  # other PMID, DOI, volume, page
                and not disagree(rec.first_author_initial, first_initial(pub.author_list))
            )

        pub = existing["pmid"].get(rec.pmid) if rec.pmid else None
        if pub is None and rec.doi:
            candidate = existing["doi"].get(rec.doi.lower())
            if candidate is not None:
                if not compatible(candidate):
                    return (
                        f"DOI {rec.doi} already belongs to PMID {candidate.pmid} (publication #{candidate.pk}); "
                        "merge or correct the two records first"
                    )
                pub = candidate
        if pub is None:
            pub = next((c for c in existing["key"].get(rec.match_key, []) if may_be(c, near=False)), None)
        if pub is None and rec.pmcid:
            candidate = existing["pmcid"].get(rec.pmcid)
            if candidate is not None and compatible(candidate):
                pub = candidate
        if pub is None and rec.neighbour_keys:
            near = {
                c.pk: c
                for key in rec.neighbour_keys
                for c in existing["key"].get(key, [])
                if may_be(c, near=True)
            }
            if len(near) == 1:
                pub = next(iter(near.values()))
        for name, attr, holder in (
            ("DOI", "doi", existing["doi"].get(rec.doi.lower()) if rec.doi else None),
            ("PMCID", "pmcid", existing["pmcid"].get(rec.pmcid) if rec.pmcid else None),
        ):
            if holder is None or holder is pub:
                continue
            value = getattr(rec, attr)
            if pub is not None and attr in (pub.curated_fields or []):
                continue  # the curator's value stays and the record's is not written: no conflict
            if (
                pub is not None
                and rec.pmid
                and pub.pmid == rec.pmid
                and not holder.pmid
                and not getattr(pub, attr)
            ):
                # One article stored twice: an export's row holds the identifier, PubMed's row the PMID (an
                # ahead-of-print export a year before the print record). Refusing the record would also
                # refuse its errata and retractions: it updates PubMed's row, and a curator merges the two.
                setattr(rec, attr, None)
                if notes is not None:
                    notes.append(
                        f"{name} {value} stays with publication #{holder.pk} ('{holder.title[:60]}'), probably "
                        f"the same article as #{pub.pk} (PMID {pub.pmid}): merge the two"
                    )
                continue
            return f"{name} {value} already belongs to publication #{holder.pk} ('{holder.title[:60]}')"
        return pub

    def inbound_notices(self, records) -> dict[int, set[str]]:
        """PMID -> kinds of erratum/retraction notices already stored that point at it."""
        pmids = {r.pmid for r in records if r.pmid}
        if not pmids:
            return {}
        found = defaultdict(set)
        for ref_pmid, kind in PublicationRelation.objects.filter(
            ref_pmid__in=pmids, kind__in=["ErratumFor", *RETRACTING_RELATIONS]
        ).values_list("ref_pmid", "kind"):
            found[ref_pmid].add(kind)
        return found

    def scalars(self, rec: PublicationRecord, notices) -> dict:
        inbound = notices.get(rec.pmid, set()) if rec.pmid else set()
        return {
            "pmid": rec.pmid,
            "doi": rec.doi,
            "pmcid": rec.pmcid,
            "title": rec.title,
            "vernacular_title": rec.vernacular_title,
            "abstract": rec.abstract,
            "other_abstracts": rec.other_abstracts,
            "copyright": rec.copyright,
            "journal_id": self.vocab.journal_id(rec.journal),
            "volume": rec.volume[:64],
            "issue": rec.issue[:64],
            "pages": rec.pages[:100],
            "language": rec.language[:16],
            "keywords": rec.keywords,
            "pub_year": rec.pub_year if rec.pub_year and 1000 <= rec.pub_year <= 2200 else None,
            "pub_month": rec.pub_month if rec.pub_year else None,
            "pub_day": rec.pub_day if rec.pub_year and rec.pub_month else None,
            "pub_date_text": rec.pub_date_text[:100],
            "is_retracted": rec.is_retracted or bool(inbound & RETRACTING_RELATIONS),
            "has_erratum": rec.has_erratum or "ErratumFor" in inbound,
            "source_revised": rec.revised,
        }

    def children(self, rec: PublicationRecord) -> dict[str, list]:
        v = self.vocab
        return {
            "authors": [(v.author_id(a), a.affiliation) for a in rec.authors],
            "mesh_headings": list(
                {
                    v.mesh_id(m): (v.mesh_id(m), m.is_major, m.qualifiers)
                    for m in reversed(rec.mesh_headings)
                }.values()
            )[::-1],
            "relations": [(r.kind, r.ref_source[:500], r.ref_pmid) for r in rec.relations],
            "publication_types": sorted(
                {v.type_ids[name[:200]] for name, _ in rec.publication_types if name}
            ),
            "trials": sorted({v.trial_ids[t.identifier] for t in rec.trials}),
        }

    def merge(self, plan: _Plan, wanted: dict, children: dict, current: dict) -> None:
        pub, rec = plan.pub, plan.record
        curated = set(pub.curated_fields or [])
        if "journal" in curated:
            curated.add("journal_id")
        new_rank, old_rank = SOURCE_RANK.get(self.source, 0), SOURCE_RANK.get(pub.source, 0)
        # Reference managers' exports (RIS, BibTeX) of one paper differ by tool, not by date: none is
        # more right than another, so the second only fills gaps (else each import undoes the last).
        fill_only = new_rank < old_rank or new_rank == old_rank == REFERENCE_MANAGER_RANK
        # Two of NLM's versions of one PubMed record (XML and MEDLINE text carry its revision date):
        # the newer is right whatever its format, and the older only fills gaps.
        new_revised, old_revised = wanted["source_revised"], pub.source_revised
        newer = False
        if old_revised and rec.pmid and rec.pmid == pub.pmid and new_revised != old_revised:
            # A version without a revision date (an in-process record from before NLM dated them) is
            # not the newer one: it only fills gaps, else it and the dated one undo each other.
            fill_only, newer = (
                not new_revised or new_revised < old_revised,
                bool(new_revised) and new_revised > old_revised,
            )
        if new_revised and (not old_revised or new_revised > old_revised):
            pub.source_revised = new_revised
            plan.fields.add("source_revised")
        for name in SCALAR_FIELDS:
            new, old = wanted[name], getattr(pub, name)
            if name in curated or empty(new) or (fill_only and not empty(old)):
                continue
            if name == "doi" and old and old.lower() == new.lower():
                continue
            if old != new:
                setattr(pub, name, new)
                plan.fields.add(name)
        # The date is one unit: year, month, day and printed text change together.
        if not curated & set(DATE_FIELDS) and (wanted["pub_year"] or wanted["pub_date_text"]):
            old_date = tuple(getattr(pub, f) for f in DATE_FIELDS)
            new_date = tuple(wanted[f] for f in DATE_FIELDS)
            if (
                old_date != new_date
                and not (fill_only and (pub.pub_year or pub.pub_date_text))
                # Another source's year alone blurs no date; PubMed's own update may (an article online
                # on 15 January goes into the January issue: '2021 Jan 15' becomes '2021 Jan').
                and not (self.source != pub.source and not newer and vaguer(new_date, old_date))
            ):
                for f, value in zip(DATE_FIELDS, new_date, strict=True):
                    setattr(pub, f, value)
                plan.fields.update(DATE_FIELDS)
        for name in FLAG_FIELDS:
            if wanted[name] and not getattr(pub, name) and name not in curated:
                setattr(pub, name, True)
                plan.fields.add(name)
        for name in CHILD_SETS:
            new, old = children[name], current.get(name, [])
            if name == "relations" and name in curated:
                # A curator's relations stay as they are, but an erratum, retraction or expression of
                # concern NLM adds later is added to them: readers must see it.
                # Held already if the curator's row has the same kind and PMID, or the same citation text.
                held = {(kind, ref_pmid) for kind, _, ref_pmid in old if ref_pmid}
                held |= {(kind, citation_text(ref_source)) for kind, ref_source, _ in old if ref_source}
                plan.added_relations = [
                    (kind, ref_source, ref_pmid)
                    for kind, ref_source, ref_pmid in new
                    if kind in WARNING_RELATIONS
                    and (kind, ref_pmid) not in held
                    and (kind, citation_text(ref_source)) not in held
                ]
                continue
            if name in curated or not new or (fill_only and old):
                continue
            if new != old:
                plan.children[name] = new
        if "authors" in plan.children or (
            not fill_only
            and "authors" not in curated
            and "author_list_complete" not in curated
            and rec.authors
            and pub.author_list_complete != rec.authors_complete
        ):
            if "authors" in plan.children:
                apply_author_fields(pub, self.vocab.as_corrected(rec.authors))
                plan.fields.update(["author_list", "author_count", "first_author_key"])
            if "author_list_complete" not in curated and pub.author_list_complete != rec.authors_complete:
                pub.author_list_complete = rec.authors_complete
                plan.fields.add("author_list_complete")
        if plan.fields or plan.children:
            if not fill_only and pub.source != self.source:
                pub.source = self.source
                plan.fields.add("source")
            pub.derive_fields()
            if not curated & MATCH_KEY_FIELDS:
                # The key of what is stored now, spelled as the source spells its first author (an author
                # a curator corrected keeps the record's spelling here: the next import spells it so).
                first = rec.first_author_name if rec.authors else first_author_name(pub.author_list)
                pub.match_key = compute_match_key(pub.title, pub.pub_year, first)

    def load_children(self, pub_ids: list[int]) -> dict[int, dict[str, list]]:
        """What the matched publications hold now, in the shape ``children`` produces. Five queries."""
        current: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        if not pub_ids:
            return current
        for pub_id, author_id, affiliation in (
            Authorship.objects.filter(publication_id__in=pub_ids)
            .order_by("publication_id", "position")
            .values_list("publication_id", "author_id", "affiliation")
        ):
            current[pub_id]["authors"].append((author_id, affiliation))
        for pub_id, term_id, major, qualifiers in (
            MeshHeading.objects.filter(publication_id__in=pub_ids)
            .order_by("publication_id", "id")
            .values_list("publication_id", "term_id", "is_major", "qualifiers")
        ):
            current[pub_id]["mesh_headings"].append((term_id, major, qualifiers))
        for pub_id, kind, ref_source, ref_pmid in (
            PublicationRelation.objects.filter(publication_id__in=pub_ids)
            .order_by("publication_id", "id")
            .values_list("publication_id", "kind", "ref_source", "ref_pmid")
        ):
            current[pub_id]["relations"].append((kind, ref_source, ref_pmid))
        for name, through, column in THROUGH_SETS:
            for pub_id, other_id in (
                through.objects.filter(publication_id__in=pub_ids)
                .order_by("publication_id", f"{column}_id")
                .values_list("publication_id", f"{column}_id")
            ):
                current[pub_id][name].append(other_id)
        return current

    # --- writing ---

    @staticmethod
    def prepare_children(
        plans: list[_Plan], ref_ids: dict[int, int]
    ) -> list[tuple[list[int], bulk.Prepared]]:
        """For each child set, in order: the updated publications whose rows go, and the new rows, ready."""
        replace: dict[str, list[_Plan]] = {name: [] for name in CHILD_SETS}
        for p in plans:
            for name, rows in p.children.items():
                if rows:
                    replace[name].append(p)
        prepared = {
            "authors": bulk.Prepared(
                Authorship,
                ["publication", "author", "position", "affiliation"],
                (
                    (p.pub.pk, author_id, i, affiliation)
                    for p in replace["authors"]
                    for i, (author_id, affiliation) in enumerate(p.children["authors"], start=1)
                ),
            ),
            "mesh_headings": bulk.Prepared(
                MeshHeading,
                ["publication", "term", "is_major", "qualifiers"],
                (
                    (p.pub.pk, term_id, major, qualifiers)
                    for p in replace["mesh_headings"]
                    for term_id, major, qualifiers in p.children["mesh_headings"]
                ),
            ),
            "relations": bulk.Prepared(
                PublicationRelation,
                ["publication", "kind", "ref_source", "ref_pmid", "target"],
                (
                    (p.pub.pk, kind, ref_source, ref_pmid, ref_ids.get(ref_pmid) if ref_pmid else None)
                    for p in replace["relations"]
                    for kind, ref_source, ref_pmid in p.children["relations"]
                ),
            ),
        }
        for name, through, column in THROUGH_SETS:
            prepared[name] = bulk.Prepared(
                through,
                ["publication", column],
                ((p.pub.pk, other_id) for p in replace[name] for other_id in p.children[name]),
            )
        return [([p.pub.pk for p in replace[name] if not p.created], prepared[name]) for name in CHILD_SETS]

    def write_children(self, plans: list[_Plan], children: list[tuple[list[int], bulk.Prepared]]) -> None:
        """Replace the child sets ``prepare_children`` prepared: the old rows of updated publications go first."""
        for stale, rows in children:
            if stale:
                rows.model.objects.filter(publication_id__in=stale).delete()
            bulk.insert_prepared(rows)
        # Relations stored earlier that point at a publication created now, or that gained its PMID
        # now (stored from a reference manager's export, then matched by DOI), get their target.
        new_pmids = [p.record.pmid for p in plans if p.record.pmid and (p.created or "pmid" in p.fields)]
        if new_pmids:
            PublicationRelation.objects.filter(ref_pmid__in=new_pmids, target__isnull=True).update(
                target=Subquery(Publication.objects.filter(pmid=OuterRef("ref_pmid")).values("pk")[:1])
            )

    def flag_notice_targets(self, plans: list[_Plan], ref_ids: dict[int, int]) -> list[int]:
        """An erratum or retraction notice raises the flag on the stored article it is about."""
        wanted: dict[int, set[str]] = defaultdict(set)
        for p in plans:
            for r in p.record.relations:
                target = ref_ids.get(r.ref_pmid) if r.ref_pmid else None
                if target and r.kind == "ErratumFor":
                    wanted[target].add("has_erratum")
                elif target and r.kind in RETRACTING_RELATIONS:
                    wanted[target].add("is_retracted")
        if not wanted:
            return []
        flagged = []
        for pub in Publication.objects.filter(pk__in=list(wanted)).only(
            "id", "has_erratum", "is_retracted", "curated_fields"
        ):
            fields = [
                f for f in wanted[pub.pk] if not getattr(pub, f) and f not in (pub.curated_fields or [])
            ]
            if fields:
                Publication.objects.filter(pk=pub.pk).update(
                    **dict.fromkeys(fields, True), updated_at=timezone.now()
                )
                flagged.append(pub.pk)
        return flagged


def citation_text(text: str | None) -> str:
    """A relation's citation as two exports of it compare: 'Blood. 2021;137:9.' = 'Blood 2021;137:9'."""
    return " ".join(re.sub(r"[^\w;:()-]+", " ", (text or "").lower()).split())


def empty(value) -> bool:
    return value is None or value == "" or value == [] or value is False


def first_number(text: str | None) -> str:
    """The number a volume or page starts with: '35 Suppl 1' -> '35', 'e012345' -> '12345'."""
    m = re.search(r"\d+", str(text or ""))
    return (m.group(0).lstrip("0") or "0") if m else ""


def volume_of(volume: str | None, year: int | None) -> str:
    """The volume's number, or '' where it is the year (Google Scholar gives a Cochrane review's 2020)."""
    number = first_number(volume)
    return "" if year and number in (str(year - 1), str(year), str(year + 1)) else number


def page_of(pages: str | None) -> tuple[str, bool]:
    """The first page's number and whether a range follows: an article number ('12345') and the PDF's
    page range ('1-12', as Google Scholar gives it) are not comparable."""
    start, dash, _ = str(pages or "").partition("-")
    return first_number(start), bool(dash)


def pages_disagree(a: str | None, b: str | None) -> bool:
    (first_a, range_a), (first_b, range_b) = page_of(a), page_of(b)
    return range_a == range_b and disagree(first_a, first_b)


def disagree(a, b) -> bool:
    return bool(a) and bool(b) and a != b


class Candidate(NamedTuple):
    """What rules out a stored publication found by title key, read on a narrow row."""

    id: int
    pmid: int | None
    doi: str | None
    journal: int | None
    volume: str
    pages: str
    pub_year: int | None

    @classmethod
    def of(cls, pub: Publication) -> Candidate:
        return cls(pub.pk, pub.pmid, pub.doi, pub.journal_id, pub.volume, pub.pages, pub.pub_year)

    def plausible(self, rec: PublicationRecord, journal_id: int | None, *, near: bool) -> bool:
        """Whether ``rec`` may be this publication, found under its own title key or (``near``) a
        year either side; see ``BatchWriter.match``."""
        if disagree(rec.pmid, self.pmid) or disagree((rec.doi or "").lower(), (self.doi or "").lower()):
            return False
        volume, stored_volume = volume_of(rec.volume, rec.pub_year), volume_of(self.volume, self.pub_year)
        if disagree(volume, stored_volume) or pages_disagree(rec.pages, self.pages):
            return False
        if near:  # a year apart: the same journal, volume and first page, all given
            page, stored_page = page_of(rec.pages)[0], page_of(self.pages)[0]
            return (
                journal_id is not None
                and self.journal == journal_id
                and volume == stored_volume != ""
                and page == stored_page != ""
            )
        # A short title ('Editorial') or one without authors recurs in many journals every year: such
        # a record is this publication only in the same journal (where both name one).
        return not rec.says_little or self.journal is None or journal_id is None or self.journal == journal_id


def vaguer(new: tuple, old: tuple) -> bool:
    """True when the new date (year, month, day, text) only drops detail from the old one: '2018' after
    '2018 May 17' (a reference manager's export of a PubMed record) erases nothing."""
    (year, month, day, text), (old_year, old_month, old_day, _) = new, old
    return (
        year is not None
        and year == old_year
        and not text
        and (month is None or month == old_month)
        and (day is None or day == old_day)
        and (month, day) != (old_month, old_day)
    )


def identity_keys(rec: PublicationRecord) -> set[tuple]:
    # The neighbour keys too: a record a year apart from one waiting in the batch must find it written.
    keys = {("key", rec.match_key), *(("key", key) for key in rec.neighbour_keys)}
    if rec.pmid:
        keys.add(("pmid", rec.pmid))
    if rec.doi:
        keys.add(("doi", rec.doi.lower()))
    if rec.pmcid:
        keys.add(("pmcid", rec.pmcid))
    return keys
