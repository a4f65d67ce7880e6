"""A search, from validated parameters to a page of results, a feed or an export.

The same ``PublicationSearch`` serves the page, its Atom feed and its exports, so a bookmarked
URL means the same thing in all three. Its cost is bounded whatever the corpus (see
``backends/base.py``):

- Date sorts read the newest (or oldest) ``max(1,000, offset + per page)`` matches, at most
  ``MAX_RESULTS``: paging stops at the first 10,000 results, as PubMed's does.
- Relevance, first-author and journal sorts order the ``WINDOW`` most recent matches; when a
  search matches more, the page says so.
- Facets count the ``WINDOW`` most recent matches (all of them when there are fewer).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from drugs.models import Drug
from literature.citations import portal_citation_parts
from literature.models import Journal, Publication, PublicationType
from literature.search import tokens as tk
from literature.search.backends import DateRange, get_backend
from literature.search.backends.base import MARK_END, MARK_START, Candidate, Window
from literature.search.expand import expand_drug_names
from literature.search.query import QueryError, Tag, conjunction, has_text, parse_query

SORTS = {
    "relevance": "Best match",
    "newest": "Newest",
    "oldest": "Oldest",
    "first_author": "First author",
    "journal": "Journal",
}
PER_PAGE_CHOICES = (10, 20, 50, 100, 200)
DEFAULT_PER_PAGE = 20
MAX_RESULTS = 10_000
WINDOW = 1_000
FEED_SIZE = 50
TOP_FACETS = 10
YEAR_BAR_STEP = 10

__all__ = ["QueryError", "SearchRequest", "PublicationSearch", "PageOutOfRange", "mark_up"]


class PageOutOfRange(Exception):
    """The page asked for is past the last page of results."""


@dataclass(frozen=True)
class SearchRequest:
    """A validated search (``literature.filters.PublicationFilterSet`` builds one from a query string)."""

    q: str = ""
    drug: Drug | None = None
    author: str = ""
    journal: str = ""
    year_min: int | None = None
    year_max: int | None = None
    types: tuple[str, ...] = ()
    language: str = ""
    has_abstract: bool | None = None
    trial: str = ""
    sort: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def default_sort(self) -> str:
        return "relevance" if self.q.strip() else "newest"

    @property
    def effective_sort(self) -> str:
        if self.sort == "relevance" and not self.q.strip():
            return "newest"
        return self.sort or self.default_sort


@dataclass
class ResultRow:
    publication: Publication
    authors: str  # 'Dahlin J, Ekoff M, et al.' (the seed's citation style, in parts)
    title_html: SafeString  # the title, matches marked, ending as a sentence
    source: str  # 'Blood. 2017;130:1785-1794'
    snippet_html: SafeString


@dataclass
class FacetValue:
    label: str
    count: int
    param: str
    value: str
    active: bool = False
    url: str = ""


@dataclass
class YearBar:
    year: int
    count: int
    height: int  # 1..100, for the histogram
    x: int = 0  # left edge in the histogram's coordinates
    url: str = ""

    @property
    def y(self) -> int:
        return 100 - self.height


@dataclass
class Facets:
    years: list[YearBar] = field(default_factory=list)
    types: list[FacetValue] = field(default_factory=list)
    journals: list[FacetValue] = field(default_factory=list)
    drugs: list[FacetValue] = field(default_factory=list)
    exact: bool = True  # counted over every match, not the most recent WINDOW
    sample_size: int = 0

    @property
    def histogram_width(self) -> int:
        return len(self.years) * YEAR_BAR_STEP


@dataclass
class SearchPage:
    rows: list[ResultRow]
    page: int
    per_page: int
    sort: str
    count: int  # exact count, or the estimate when not exact
    exact: bool
    last_page: int | None  # None when only an estimate is known
    has_next: bool
    facets: Facets
    messages: list[str]
    ranked_window: bool  # relevance/author/journal ordered the WINDOW most recent only
    capped: bool  # paging stops at MAX_RESULTS before the end

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1


def mark_up(text: str) -> SafeString:
    """Escape a snippet from the engine and turn its match markers into <mark>."""
    html = escape(text or "")
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _plain(text: str) -> str:
    return (text or "").replace(MARK_START, "").replace(MARK_END, "")


class PublicationSearch:
    """One reader's search. Raises ``QueryError`` when ``q`` cannot be read."""

    def __init__(self, request: SearchRequest, *, using: str = DEFAULT_DB_ALIAS):
        self.request = request
        self.using = using
        self.backend = get_backend(using)
        parsed = parse_query(request.q)
        self.notices: list[str] = list(parsed.notices)
        tree, self.expansions = expand_drug_names(parsed.tree)
        self.has_text = has_text(tree)
        self.tree = conjunction([tree, *self._filters()])
        self.query = self.backend.compile(self.tree)
        self.dates = DateRange.years(request.year_min, request.year_max)
        self.sort = request.effective_sort

    def _filters(self) -> list:
        r = self.request
        out = []
        if r.drug is not None:
            out.append(Tag(((tk.drug_token(r.drug.pk), False),), label=f"drug {r.drug}"))
        if r.author and (token := tk.author_query_token(r.author)):
            out.append(Tag(((token, True),), label=f"author {r.author}"))
        if r.journal and (token := tk.journal_query_token(r.journal)):
            out.append(Tag(((token, False),), label=f"journal {r.journal}"))
        types = [t for t in (tk.type_token(name) for name in r.types) if t]
        if types:
            out.append(Tag(tuple((t, False) for t in types), label="types"))
        if r.language and (token := tk.language_token(r.language)):
            out.append(Tag(((token, False),), label=f"language {r.language}"))
        if r.has_abstract is not None:
            out.append(Tag(((tk.YES if r.has_abstract else tk.NO, False),), label="abstract"))
        if r.trial and (token := tk.trial_token(r.trial)):
            out.append(Tag(((token, False),), label=f"trial {r.trial}"))
        return out

    # --- windows ---

    def _window(self, *, k: int, newest: bool = True, scores: bool = False) -> Window:
        return self.backend.window(self.query, dates=self.dates, k=k, newest=newest, scores=scores)

    def _ordered(self, offset: int, limit: int) -> tuple[list[Candidate], Window, bool]:
        """Matches in the requested order up to offset + limit, the window read, and whether it is ranked."""
        if self.sort in ("newest", "oldest"):
            k = min(MAX_RESULTS, max(WINDOW, offset + limit))
            window = self._window(k=k, newest=self.sort == "newest")
            return window.rows, window, False
        window = self._window(k=WINDOW, scores=self.sort == "relevance")
        return self._sort(window.rows), window, True

    def _sort(self, rows: list[Candidate]) -> list[Candidate]:
        if self.sort == "relevance":
            return sorted(rows, key=lambda r: (-r.score, -r.date_key, -r.id))
        if self.sort == "first_author":
            return sorted(
                rows, key=lambda r: (r.first_author_key == "", r.first_author_key, -r.date_key, -r.id)
            )
        if self.sort == "journal":
            names = {
                pk: (iso or title).lower()
                for pk, iso, title in Journal.objects.using(self.using)
                .filter(pk__in={r.journal_id for r in rows if r.journal_id})
                .values_list("pk", "iso_abbreviation", "title")
            }
            return sorted(
                rows,
                key=lambda r: (r.journal_id not in names, names.get(r.journal_id, ""), -r.date_key, -r.id),
            )
        return rows

    # --- a page ---

    def page(self) -> SearchPage:
        r = self.request
        offset = (r.page - 1) * r.per_page
        if offset >= MAX_RESULTS:
            raise PageOutOfRange
        ordered, window, ranked = self._ordered(offset, r.per_page)
        exact = window.total is not None
        count = window.total if exact else window.estimate
        # Ranked sorts page through their window; date sorts through every match, up to MAX_RESULTS.
        pageable = len(ordered) if ranked or window.complete else min(count, MAX_RESULTS)
        page_rows = ordered[offset : offset + r.per_page]
        if not page_rows and r.page > 1:
            raise PageOutOfRange
        known = window.complete or exact or ranked
        last_page = max(1, -(-pageable // r.per_page)) if known else None
        has_next = offset + r.per_page < pageable
        facet_rows, facets_exact = self._facet_rows(window)
        messages = self._messages(window, ranked, count, exact, pageable)
        return SearchPage(
            rows=self._rows([c.id for c in page_rows]),
            page=r.page,
            per_page=r.per_page,
            sort=self.sort,
            count=count,
            exact=exact,
            last_page=last_page,
            has_next=has_next,
            facets=self._facets(facet_rows, facets_exact),
            messages=messages,
            ranked_window=ranked and not window.complete,
            capped=not ranked and count > MAX_RESULTS,
        )

    def _facet_rows(self, window: Window) -> tuple[list[Candidate], bool]:
        """The WINDOW most recent matches, and whether they are all the matches."""
        if window.complete:
            rows = window.rows
            if len(rows) > WINDOW:
                rows = sorted(rows, key=lambda c: (-c.date_key, -c.id))[:WINDOW]
                return rows, False
            return rows, True
        if self.sort == "oldest":
            newest = self._window(k=WINDOW)
            return newest.rows, newest.complete
        return window.rows[:WINDOW], False

    def _messages(self, window: Window, ranked: bool, count: int, exact: bool, pageable: int) -> list[str]:
        out = list(self.notices)
        for e in self.expansions:
            others = [n for n in e.names if n.lower() != e.typed.lower()]
            out.append(
                f"“{e.typed}” was searched as {e.drug_name} under all its names"
                + (f" ({', '.join(others)})" if others else "")
                + " and with the literature curators linked to it."
            )
        about = "" if exact else "about "
        if ranked and not window.complete:
            label = SORTS[self.sort].lower()
            out.append(
                f"Sorted by {label} among the {len(window.rows):,} most recent of {about}{count:,} results. "
                "Sort by date to page through all of them, or narrow the search."
            )
        elif not ranked and count > MAX_RESULTS:
            out.append(
                f"Paging stops at the first {MAX_RESULTS:,} of {about}{count:,} results, as PubMed's does: "
                "add terms or filters to narrow the search."
            )
        return out

    def _rows(self, ids: list[int]) -> list[ResultRow]:
        if not ids:
            return []
        found = (
            Publication.objects.using(self.using)
            .for_listing()
            .prefetch_related("publication_types")
            .in_bulk(ids)
        )
        snippets = self.backend.snippets(self.query, ids) if self.has_text else {}
        rows = []
        for pk in ids:
            pub = found.get(pk)
            if pub is None:  # deleted since it was indexed
                continue
            title, snippet = snippets.get(pk, (None, None))
            # The engine's copy of the title is used only when it is the title, with marks added.
            title_html = mark_up(title) if title and _plain(title) == pub.title else escape(pub.title)
            if not pub.title.rstrip().endswith((".", "?", "!")):
                title_html = mark_safe(f"{title_html}.")
            snippet_html = mark_up(snippet) if snippet else escape(Truncator(pub.abstract_text).words(40))
            parts = portal_citation_parts(pub)
            authors = parts["authors"]
            source = " ".join(p for p in (parts["journal"], parts["source"]) if p)
            rows.append(ResultRow(pub, authors, title_html, source, snippet_html))
        return rows

    def _facets(self, rows: list[Candidate], exact: bool) -> Facets:
        r = self.request
        facets = Facets(exact=exact, sample_size=len(rows))
        years = Counter(c.pub_year for c in rows if c.pub_year)
        if years:
            top = max(years.values())
            facets.years = [
                YearBar(y, n, max(1, round(100 * n / top)), x=i * YEAR_BAR_STEP)
                for i, (y, n) in enumerate(sorted(years.items()))
            ]
        type_counts = Counter(t for c in rows for t in c.type_ids)
        if type_counts:
            names = dict(
                PublicationType.objects.using(self.using)
                .filter(pk__in=list(type_counts))
                .values_list("pk", "name")
            )
            facets.types = [
                FacetValue(names[pk], n, "type", names[pk], names[pk] in r.types)
                for pk, n in sorted(type_counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
                if pk in names
            ]
        journal_counts = Counter(c.journal_id for c in rows if c.journal_id)
        if journal_counts:
            top_ids = [
                pk for pk, _ in sorted(journal_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_FACETS]
            ]
            journals = Journal.objects.using(self.using).in_bulk(top_ids)
            for pk in top_ids:
                if pk in journals:
                    j = journals[pk]
                    value = j.iso_abbreviation or j.title
                    active = bool(r.journal) and tk.fold(r.journal) in (
                        tk.fold(j.title),
                        tk.fold(j.iso_abbreviation),
                    )
                    facets.journals.append(
                        FacetValue(j.display_abbreviation, journal_counts[pk], "journal", value, active)
                    )
        drug_counts = Counter(d for c in rows for d in c.drug_ids)
        if drug_counts:
            top_ids = [
                pk for pk, _ in sorted(drug_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_FACETS]
            ]
            drugs = Drug.objects.using(self.using).in_bulk(top_ids)
            for pk in top_ids:
                if pk in drugs:
                    d = drugs[pk]
                    facets.drugs.append(
                        FacetValue(
                            d.name, drug_counts[pk], "drug", d.slug, r.drug is not None and r.drug.pk == pk
                        )
                    )
        return facets

    # --- feeds and exports ---

    def ordered_ids(self, limit: int) -> list[int]:
        """Up to ``limit`` (at most MAX_RESULTS) matching ids in the requested order.

        When a ranked sort (relevance, author, journal) covers every match it is kept; when the
        search matches more than ``WINDOW``, the newest come first, so an export still holds up
        to MAX_RESULTS records.
        """
        limit = min(limit, MAX_RESULTS)
        if self.sort in ("newest", "oldest"):
            return [c.id for c in self._window(k=limit, newest=self.sort == "newest").rows[:limit]]
        window = self._window(k=WINDOW, scores=self.sort == "relevance")
        if window.complete:
            return [c.id for c in self._sort(window.rows)[:limit]]
        return [c.id for c in self._window(k=limit).rows[:limit]]

    def publications(self, ids: list[int], *, batch: int = 500, queryset=None) -> Iterator[Publication]:
        """These publications in this order, ``batch`` rows per query, so memory stays constant."""
        base = queryset if queryset is not None else Publication.objects.using(self.using).for_listing()
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            found = base.in_bulk(chunk)
            for pk in chunk:
                if pk in found:
                    yield found[pk]


def describe_filters(request: SearchRequest) -> list[tuple[str, str]]:
    """(label, value) for each active filter, for the page's "filters" line."""
    out = []
    if request.drug is not None:
        out.append(("Drug", request.drug.name))
    for label, value in (("Author", request.author), ("Journal", request.journal)):
        if value:
            out.append((label, value))
    for t in request.types:
        out.append(("Type", t))
    if request.year_min is not None or request.year_max is not None:
        out.append(("Years", f"{request.year_min or '…'}–{request.year_max or '…'}"))
    for label, value in (("Language", request.language), ("Trial", request.trial)):
        if value:
            out.append((label, value))
    if request.has_abstract is not None:
        out.append(("Abstract", "with abstract" if request.has_abstract else "without abstract"))
    return out
