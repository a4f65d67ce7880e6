"""Journals, authors, MeSH terms, publication types and trials: found or created in bulk.

One lookup query (and at most one insert) per kind per batch of records, with the ids kept
in memory across batches, instead of a query per name. Inserts skip conflicts, so two
imports running at once never fail on the same new author; the ids are read back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from django.db.models import Exists, Q, Value
from django.db.models.functions import Lower, Replace

from literature.importers import bulk
from literature.importers.records import JournalRecord, PublicationRecord
from literature.models import Author, AuthorAlias, Journal, MeshTerm, PublicationType, Trial
from literature.services import AuthorName

AUTHOR_CACHE_LIMIT = 200_000  # keys; beyond this the cache starts afresh (memory stays bounded)


def plain_title(title: str) -> str:
    title = " ".join(title.lower().split())
    return title[4:] if title.startswith("the ") else title


def plain_abbreviation(abbreviation: str) -> str:
    return "".join(abbreviation.lower().replace(".", "").split())


class Vocabularies:
    """Journals, authors, MeSH terms, publication types and trials, looked up and created in bulk."""

    def __init__(self):
        self.forget()

    def forget(self) -> None:
        """Drop every cached id (after a rolled-back savepoint, some may no longer exist)."""
        self.journals: dict[tuple[str, str], int] = {}
        self.authors: dict[str, int] = {}
        self.corrected: dict[str, Author] = {}  # author key -> the author a curator corrected it to
        self.mesh_by_name: dict[str, int] = {}
        self.mesh_by_ui: dict[str, int] = {}
        self.type_ids: dict[str, int] = {}
        self.trial_ids: dict[str, int] = {}
        # Journals this batch gave NLM's catalogue record (their publications' index changes).
        self.enriched_journals: set[int] = set()

    def resolve(self, records: list[PublicationRecord]) -> None:
        journals = [r.journal for r in records if r.journal]
        self.resolve_journals(journals)
        self.enrich_journals(journals)
        self.resolve_authors([a for r in records for a in r.authors])
        self.resolve_mesh([m for r in records for m in r.mesh_headings])
        self.resolve_types({name: ui for r in records for name, ui in r.publication_types})
        self.resolve_trials({t.identifier: t.registry for r in records for t in r.trials})

    # journals: matched on NLM ID, then ISSN (print or electronic), then title, then abbreviation.
    # Titles and abbreviations compare without case, a leading 'The' and the abbreviation's full
    # stops: 'The New England journal of medicine' (NLM) is 'New England Journal of Medicine'
    # (Scopus, Google Scholar), 'N Engl J Med' is 'N. Engl. J. Med.' and 'N.Engl.J.Med.'.
    @staticmethod
    def journal_keys(j: JournalRecord) -> list[tuple[str, str]]:
        keys = []
        if j.nlm_id:
            keys.append(("nlm", j.nlm_id))
        keys += [("issn", i) for i in (j.issn, j.eissn) if i]
        if j.title:
            keys.append(("title", plain_title(j.title)))
        if j.iso_abbreviation:
            keys.append(("abbr", plain_abbreviation(j.iso_abbreviation)))
        return keys

    def journal_id(self, j: JournalRecord) -> int | None:
        if not j:
            return None
        return next((self.journals[k] for k in self.journal_keys(j) if k in self.journals), None)

    def _remember_journal(self, journal: Journal) -> None:
        for key in self.journal_keys(
            JournalRecord(
                journal.title, journal.iso_abbreviation, journal.issn, journal.eissn, journal.nlm_id or ""
            )
        ):
            self.journals.setdefault(key, journal.pk)

    def resolve_journals(self, journals: list[JournalRecord]) -> None:
        missing = [j for j in journals if self.journal_id(j) is None]
        if not missing:
            return
        keys = {k for j in missing for k in self.journal_keys(j)}
        values = defaultdict(set)
        for kind, value in keys:
            values[kind].add(value)
        titles = values["title"] | {f"the {t}" for t in values["title"]}
        query = Q(nlm_id__in=values["nlm"]) | Q(issn__in=values["issn"]) | Q(eissn__in=values["issn"])
        query |= Q(title_lower__in=titles) | Q(abbr_plain__in=values["abbr"])
        found = Journal.objects.annotate(
            title_lower=Lower("title"),
            abbr_plain=Replace(
                Replace(Lower("iso_abbreviation"), Value("."), Value("")), Value(" "), Value("")
            ),
        ).filter(query)
        # Stronger keys first: a journal found by NLM ID wins over one that only shares a title.
        for journal in sorted(found, key=lambda j: (j.nlm_id is None, j.pk)):
            self._remember_journal(journal)
        new: list[Journal] = []
        pending: dict[tuple[str, str], Journal] = {}
        for j in missing:
            if self.journal_id(j) is not None:
                continue
            journal = next((pending[k] for k in self.journal_keys(j) if k in pending), None)
            if journal is None:
                journal = Journal(
                    title=(j.title or j.iso_abbreviation)[:500],
                    iso_abbreviation=j.iso_abbreviation[:255],
                    issn=j.issn[:9],
                    eissn=j.eissn[:9],
                    nlm_id=j.nlm_id[:32] or None,
                )
                new.append(journal)
            for key in self.journal_keys(j):
                pending.setdefault(key, journal)
        Journal.objects.bulk_create(new)
        for key, journal in pending.items():
            self.journals.setdefault(key, journal.pk)

    def enrich_journals(self, journals: list[JournalRecord]) -> None:
        """Give a journal first stored from a reference manager's export NLM's catalogue record.

        A Web of Science or Google Scholar export names the journal as it likes ('BLOOD', no NLM ID);
        the first PubMed or MEDLINE record found in it (by ISSN or title) brings NLM's ID and fills
        the abbreviation and ISSNs left empty. NLM's title replaces the export's only where the two
        differ in case or a leading 'The' alone, so later exports still find the journal by the name
        they use ('Journal of Clinical Oncology', not NLM's '... : official journal of the American
        Society of Clinical Oncology'). A journal that has an NLM ID keeps its record, and an ID
        another row holds is left for a curator to merge the two.
        """
        todo: dict[int, JournalRecord] = {}
        for j in journals:
            if j.nlm_id and ("nlm", j.nlm_id) not in self.journals:
                pk = self.journal_id(j)
                if pk is not None:
                    todo.setdefault(pk, j)
        if not todo:
            return
        taken = set(
            Journal.objects.filter(nlm_id__in=[j.nlm_id for j in todo.values()]).values_list(
                "nlm_id", flat=True
            )
        )
        changed = []
        for journal in Journal.objects.filter(pk__in=todo, nlm_id__isnull=True):
            j = todo[journal.pk]
            if j.nlm_id in taken:
                continue
            taken.add(j.nlm_id)
            journal.nlm_id = j.nlm_id[:32]
            if j.title and plain_title(j.title) == plain_title(journal.title):
                journal.title = j.title[:500]
            journal.iso_abbreviation = journal.iso_abbreviation or j.iso_abbreviation[:255]
            journal.issn = journal.issn or j.issn[:9]
            journal.eissn = journal.eissn or j.eissn[:9]
            changed.append(journal)
        Journal.objects.bulk_update(changed, ["nlm_id", "title", "iso_abbreviation", "issn", "eissn"])
        for journal in changed:
            self._remember_journal(journal)
            self.enriched_journals.add(journal.pk)

    # authors: matched on Author.key (the ORCID when known, else the exact name)
    @staticmethod
    def author_key(a: AuthorName) -> str:
        return Author.make_key(last_name=a.last_name, fore_name=a.fore_name, initials=a.initials,
                               collective_name=a.collective_name, orcid=a.orcid)  # fmt: skip

    def author_id(self, a: AuthorName) -> int:
        return self.authors[self.author_key(a)]

    def as_corrected(self, names: list[AuthorName]) -> list[AuthorName]:
        """``names`` with those a curator corrected in the admin spelled as corrected (the author list
        a publication shows; the record's affiliation and ORCID stay)."""
        if not self.corrected:
            return names
        out = []
        for a in names:
            author = self.corrected.get(self.author_key(a))
            out.append(
                a if author is None else replace(a, **{f: getattr(author, f) for f in AuthorName.NAME_FIELDS})
            )
        return out

    def resolve_authors(self, names: list[AuthorName]) -> None:
        if len(self.authors) > AUTHOR_CACHE_LIMIT:
            self.authors = {}
        wanted = {}
        for a in names:
            key = self.author_key(a)
            if key not in self.authors:
                wanted.setdefault(key, a)
        if not wanted:
            return
        # A name a curator has since corrected finds the corrected author, and is listed as corrected.
        aliased = dict(bulk.lookup(AuthorAlias, "key", wanted, ["author"]))
        if aliased:
            corrected = {
                a.pk: a
                for a in Author.objects.filter(pk__in=set(aliased.values())).only(*AuthorName.NAME_FIELDS)
            }
            for key, author_id in aliased.items():
                self.authors[key] = author_id
                self.corrected[key] = corrected[author_id]
                del wanted[key]
        if not wanted:
            return
        rows = [
            (
                key,
                a.last_name[:200],
                a.fore_name[:200],
                a.initials[:20],
                a.suffix[:20],
                a.collective_name[:500],
                a.orcid or None,
            )  # fmt: skip
            for key, a in wanted.items()
        ]
        # Insert what is missing and read back every id: on PostgreSQL the insert returns the new
        # ids and only the authors that already existed are looked up; conflicts (an author that
        # exists, or that another import creates meanwhile) are skipped, never errors.
        fields = ["key", "last_name", "fore_name", "initials", "suffix", "collective_name", "orcid"]
        inserted = bulk.insert(Author, fields, rows, ignore_conflicts=True, returning="key")
        if inserted is not None:
            self.authors.update(inserted)
        self.authors.update(bulk.lookup(Author, "key", [k for k in wanted if k not in self.authors]))

    def mesh_id(self, m) -> int:
        return (self.mesh_by_ui.get(m.ui) if m.ui else None) or self.mesh_by_name[m.name]

    def resolve_mesh(self, headings) -> None:
        wanted = {}
        for m in headings:
            if not ((m.ui and m.ui in self.mesh_by_ui) or m.name in self.mesh_by_name):
                wanted.setdefault(m.name, m.ui)
        if not wanted:
            return
        uis = [ui for ui in wanted.values() if ui]
        by_name = bulk.lookup(MeshTerm, "name", wanted, ("ui", "id"))
        for name, ui, pk in by_name + [
            (name, ui, pk) for ui, name, pk in bulk.lookup(MeshTerm, "ui", uis, ("name", "id"))
        ]:
            self.mesh_by_name[name] = pk
            if ui:
                self.mesh_by_ui[ui] = pk
        # A term first stored from MEDLINE text, which names headings without their UI, gains it
        # from the first record that gives it (unless another row holds it), so that a later
        # rename of the descriptor still finds it by UI. Rare: one query per such term, once.
        for name, ui, pk in by_name:
            if not ui and wanted[name] and wanted[name] not in self.mesh_by_ui:
                taken = MeshTerm.objects.filter(ui=wanted[name])
                MeshTerm.objects.filter(pk=pk, ui__isnull=True).exclude(Exists(taken)).update(ui=wanted[name])
                self.mesh_by_ui[wanted[name]] = pk
        new = [
            (name, ui or None)
            for name, ui in wanted.items()
            if name not in self.mesh_by_name and not (ui and ui in self.mesh_by_ui)
        ]
        if new:
            bulk.insert(MeshTerm, ["name", "ui"], new, ignore_conflicts=True)
            for name, ui, pk in bulk.lookup(MeshTerm, "name", [t[0] for t in new], ("ui", "id")):
                self.mesh_by_name[name] = pk
                if ui:
                    self.mesh_by_ui[ui] = pk
        for name in wanted:  # a name that lost a race for its UI: fall back to the row holding the UI
            if name not in self.mesh_by_name and wanted[name] in self.mesh_by_ui:
                self.mesh_by_name[name] = self.mesh_by_ui[wanted[name]]

    def resolve_types(self, types: dict[str, str]) -> None:
        wanted = {n[:200]: ui for n, ui in types.items() if n and n[:200] not in self.type_ids}
        if not wanted:
            return
        self.type_ids.update(bulk.lookup(PublicationType, "name", wanted))
        new = [(n, ui[:16]) for n, ui in wanted.items() if n not in self.type_ids]
        if new:
            bulk.insert(PublicationType, ["name", "ui"], new, ignore_conflicts=True)
            self.type_ids.update(bulk.lookup(PublicationType, "name", [t[0] for t in new]))

    def resolve_trials(self, trials: dict[str, str]) -> None:
        wanted = {i: r for i, r in trials.items() if i not in self.trial_ids}
        if not wanted:
            return
        self.trial_ids.update(bulk.lookup(Trial, "identifier", wanted))
        new = [(i, r, "") for i, r in wanted.items() if i not in self.trial_ids]
        if new:
            bulk.insert(Trial, ["identifier", "registry", "title"], new, ignore_conflicts=True)
            self.trial_ids.update(bulk.lookup(Trial, "identifier", [t[0] for t in new]))
