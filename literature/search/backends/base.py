"""What every search backend does, and the one algorithm they share for large result sets.

A backend compiles the parsed query for its engine and answers a handful of primitives:
``estimate`` (how many match), ``fetch`` (the matches of a query, in date order, at most k,
with the total), ``histogram`` (how many publications per month) and ``snippets``. On top of
them ``window`` returns the k newest (or oldest) matches of any query at a bounded cost:

- A query that matches few publications is fetched whole: one index lookup, and the count is
  exact.
- A query that matches many is cut into slices of time, newest first, each sized from the
  estimate and the month histogram to hold about 1.5 x the rows still needed. A slice is a set
  of date tokens ANDed into the query (``tokens.month_cover``), so the engine's full-text index
  answers it alone, touching only the matches inside the slice: the cost follows k, not the
  number of matches. Slices partition time exactly whatever the histogram says, so a stale
  histogram costs speed, never results.

The count of a large result set is then the engine's estimate ("about 290,000"): exact counts
and full ranking over hundreds of thousands of matches are what does not scale (see issue 6).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache

from literature.search import tokens as tk

# A query estimated to match at most RARE publications is fetched whole, reading at most PROBE
# rows: if the estimate was wrong and PROBE rows come back, the slices take over.
RARE = 2_000
PROBE = 5_000
# Slices are sized to hold this many times the rows still needed.
SLICE_MARGIN = 1.5
MAX_SLICES = 4
HISTOGRAM_TTL = 600


@dataclass(frozen=True)
class Compiled:
    """A query in the engine's own language: ``match`` selects, ``rank`` scores (None: everything / no score)."""

    match: str | None
    rank: str | None


@dataclass
class Candidate:
    """One match with what sorting and facets need, read from the index table alone."""

    id: int
    date_key: int
    pub_year: int | None
    journal_id: int | None
    first_author_key: str
    type_ids: list[int]
    drug_ids: list[int]
    score: float = 0.0


@dataclass
class Window:
    rows: list[Candidate]
    complete: bool  # rows are all the matches
    total: int | None  # the exact number of matches, when known
    estimate: int  # the best estimate of the number of matches (== total when exact)


@dataclass(frozen=True)
class DateRange:
    """Months first..last (``tokens.month_index``), and whether publications with no date count."""

    first: int = tk.FIRST_MONTH
    last: int = tk.LAST_MONTH
    undated: bool = True

    @classmethod
    def years(cls, year_min: int | None, year_max: int | None) -> DateRange:
        if year_min is None and year_max is None:
            return cls()
        return cls(
            first=tk.month_index(year_min, 0) if year_min is not None else tk.FIRST_MONTH,
            last=tk.month_index(year_max, 12) if year_max is not None else tk.LAST_MONTH,
            undated=False,
        )

    @property
    def is_everything(self) -> bool:
        return self.first == tk.FIRST_MONTH and self.last == tk.LAST_MONTH and self.undated

    def tokens(self) -> list[str] | None:
        """The date tokens restricting a query to this range; None when it is all time."""
        if self.is_everything:
            return None
        return tk.month_cover(self.first, self.last) + ([tk.UNDATED] if self.undated else [])


class SearchBackend:
    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    # --- index maintenance (see ``literature.search.reindex_publications``) ---

    def reindex(self, ids: list[int]) -> None:
        raise NotImplementedError

    def rebuild(self, *, progress=None, jobs: int = 1) -> int:
        raise NotImplementedError

    def start_reindex(self, chunks: list[list[int]]) -> Callable[[], None]:
        """Reindex these id lists, aside from the caller where possible; returns the wait (see
        ``literature.search.start_reindex``). By default the work is done now."""
        for ids in chunks:
            self.reindex(ids)
        return lambda: None

    def refresh_statistics(self) -> None:
        """Let the planner know how large the index's source tables are now (after a bulk write)."""

    def document(self, publication_id: int) -> dict:
        """What the index holds for one publication (for tests and the curious)."""
        raise NotImplementedError

    # --- primitives ---

    def compile(self, tree) -> Compiled:
        raise NotImplementedError

    def restrict(self, compiled, date_tokens: list[str] | None):
        raise NotImplementedError

    def estimate(self, compiled) -> tuple[int, bool]:
        """(number of matches, whether it is exact)."""
        raise NotImplementedError

    def fetch(
        self, compiled, *, k: int, newest: bool, score_query=None, probe: int | None = None
    ) -> tuple[list[Candidate], int]:
        """The first k matches in date order and how many there are (of the first ``probe`` if given)."""
        raise NotImplementedError

    def snippets(self, query: Compiled, ids: list[int]) -> dict[int, tuple[str, str]]:
        """{id: (title, abstract excerpt)} with matches between ``MARK_START`` and ``MARK_END``."""
        raise NotImplementedError

    def month_counts(self) -> list[tuple[int, int]]:
        """[(year*100+month, publications)], month 0 for unknown months, 0 for undated."""
        raise NotImplementedError

    # --- shared ---

    def histogram(self) -> list[tuple[int, int]]:
        """[(month_index or -1 for undated, publications)], oldest first; cached, used only to size slices."""
        key = f"literature.search.histogram.{self.vendor}.{self.connection.alias}"
        hist = cache.get(key)
        if hist is None:
            hist = []
            for ym, n in self.month_counts():
                hist.append((-1 if not ym else tk.month_index(ym // 100, ym % 100), n))
            hist.sort()
            cache.set(key, hist, HISTOGRAM_TTL)
        return hist

    def forget_histogram(self) -> None:
        cache.delete(f"literature.search.histogram.{self.vendor}.{self.connection.alias}")

    def window(
        self,
        query: Compiled,
        *,
        dates: DateRange = DateRange(),
        k: int,
        newest: bool = True,
        scores: bool = False,
    ) -> Window:
        """The k newest (or oldest) matches of ``query`` within ``dates``, with their count or its estimate."""
        k = max(1, k)
        compiled = query.match
        whole = self.restrict(compiled, dates.tokens())
        score_query = query.rank if scores else None
        estimate, exact = self.estimate(whole)
        if (exact and estimate <= k) or (not exact and estimate <= RARE):
            probe = None if exact else PROBE
            rows, total = self.fetch(whole, k=k, newest=newest, score_query=score_query, probe=probe)
            if probe is None or total < probe:  # every match was counted: the total is exact
                return Window(rows, total <= k, total, total)
            estimate = max(estimate, 4 * probe)  # the estimate was wrong: many match
        return self._sliced(compiled, dates, k, newest, score_query, estimate, exact)

    def _sliced(self, compiled, dates, k, newest, score_query, estimate, exact) -> Window:
        hist = [
            (m, n)
            for m, n in self.histogram()
            if (dates.first <= m <= dates.last) or (m < 0 and dates.undated)
        ]
        dated = [(m, n) for m, n in hist if m >= 0]
        if newest:
            dated.reverse()
        population = sum(n for _, n in hist) or 1
        selectivity = min(1.0, max(estimate, 1) / population)
        rows: list[Candidate] = []
        seen_matches = 0
        position = 0  # index into ``dated`` of the next month to cover
        edge = dates.last if newest else dates.first  # the first month not yet covered
        for step in range(MAX_SLICES + 1):
            need = k - len(rows)
            want = SLICE_MARGIN * need / selectivity
            months, docs = 0, 0
            while position + months < len(dated) and (docs < want or months == 0):
                docs += dated[position + months][1]
                months += 1
            final = step == MAX_SLICES or position + months >= len(dated)
            if final:
                first, last = (dates.first, edge) if newest else (edge, dates.last)
                slice_tokens = tk.month_cover(first, last) + ([tk.UNDATED] if dates.undated else [])
            else:
                boundary = dated[position + months - 1][0]
                first, last = (boundary, edge) if newest else (edge, boundary)
                slice_tokens = tk.month_cover(first, last)
                edge = boundary - 1 if newest else boundary + 1
            got, total = self.fetch(
                self.restrict(compiled, slice_tokens), k=need, newest=newest, score_query=score_query
            )
            rows += got
            seen_matches += total
            if final:
                if total <= need:
                    return Window(rows, True, len(rows), len(rows))
                break
            if total >= need:
                break
            position += months
            observed = total / docs if docs else 0.0
            selectivity = max(observed, selectivity / 8, 1 / population)
        estimate = max(estimate, seen_matches)
        return Window(rows, False, estimate if exact else None, estimate)


def dedupe(ids: Iterable[int]) -> list[int]:
    return sorted({int(i) for i in ids})


# Highlight markers: characters that do not occur in text, escaped away before marking up.
MARK_START = "\ue000"
MARK_END = "\ue001"
