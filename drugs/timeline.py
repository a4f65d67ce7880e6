"""The evidence timeline on a drug page: publications per year, stacked by evidence category.

``build_timeline`` turns the rows of ``literature.selectors.drug_timeline`` into the geometry a
template draws as an SVG, with no JavaScript. Horizontal positions are percentages of the
chart's width and vertical ones pixels, so the SVG stretches to any screen while its text
keeps its size (a viewBox would shrink the labels to nothing on a phone).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from literature.selectors import EVIDENCE_CATEGORIES, OTHER_CATEGORY

CATEGORIES = [(key, label) for key, label, _names in EVIDENCE_CATEGORIES] + [OTHER_CATEGORY]
LABELS = dict(CATEGORIES)

HEIGHT = 220  # px, the whole SVG
TOP, BOTTOM = 10, 28  # px kept for the top tick label and the year labels
LEFT, RIGHT = 8.0, 1.0  # % of the width kept for the count labels and the right edge
MAX_YEAR_LABELS = 8
MAX_YEARS = 80  # bars drawn; older years (or a mistyped year 1017) are counted, not drawn


@dataclass
class Segment:
    key: str
    label: str
    n: int
    y: float
    height: float


@dataclass
class Bar:
    year: int
    total: int
    x: float  # %
    width: float  # %
    label_x: float  # %
    show_label: bool
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[tuple[str, str]]
    table: list[dict]  # {"year", "total", "counts": [n per legend entry]}
    total: int
    undated: int
    earlier: int  # dated publications before the first year drawn
    first_year: int | None
    last_year: int | None
    peak_year: int | None
    peak: int
    height: int = HEIGHT
    left: float = LEFT
    right_edge: float = 100 - RIGHT
    baseline: float = HEIGHT - BOTTOM

    @property
    def summary(self) -> str:
        """One sentence for the SVG's description and screen readers."""
        if not self.bars:
            return "No dated publications yet."
        span = (
            f"in {self.first_year}"
            if self.first_year == self.last_year
            else f"from {self.first_year} to {self.last_year}"
        )
        drawn = self.total - self.undated - self.earlier
        text = f"{drawn} dated publication{'s' if drawn != 1 else ''} {span}; the most, {self.peak}, in {self.peak_year}."
        if self.earlier:
            text += f" {self.earlier} from before {self.first_year} are not drawn."
        if self.undated:
            text += f" {self.undated} without a year are not shown."
        return text


def _nice_step(maximum: int, ticks: int = 4) -> int:
    """A tick step of 1, 2 or 5 times a power of ten giving at most ``ticks`` intervals."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def build_timeline(rows: list[dict]) -> Timeline:
    """Rows ``{"year", "category", "n"}`` (year None for undated) -> chart geometry and a table."""
    undated = sum(r["n"] for r in rows if r["year"] is None)
    counts: dict[int, dict[str, int]] = {}
    for r in rows:
        if r["year"] is None:
            continue
        per_year = counts.setdefault(r["year"], {})
        per_year[r["category"]] = per_year.get(r["category"], 0) + r["n"]
    total = undated + sum(sum(c.values()) for c in counts.values())
    present = {key for c in counts.values() for key in c}
    legend = [(key, label) for key, label in CATEGORIES if key in present]
    if not counts:
        return Timeline([], [], legend, [], total, undated, 0, None, None, None, 0)

    last = max(counts)
    first = max(min(counts), last - MAX_YEARS + 1)
    years = list(range(first, last + 1))
    totals = {y: sum(counts.get(y, {}).values()) for y in years}
    earlier = sum(sum(c.values()) for y, c in counts.items() if y < first)
    peak_year = max(years, key=lambda y: (totals[y], y))
    step = _nice_step(totals[peak_year])
    top_value = step * math.ceil(totals[peak_year] / step)
    plot_height = HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return round(TOP + plot_height * (1 - value / top_value), 2)

    slot = (100 - LEFT - RIGHT) / len(years)
    label_every = max(1, math.ceil(len(years) / MAX_YEAR_LABELS))
    bars = []
    for i, year in enumerate(years):
        bar = Bar(
            year=year,
            total=totals[year],
            x=round(LEFT + i * slot + slot * 0.14, 3),
            width=round(slot * 0.72, 3),
            label_x=round(LEFT + (i + 0.5) * slot, 3),
            # The last year is always labelled; the others every ``label_every`` years back from it.
            show_label=(len(years) - 1 - i) % label_every == 0,
        )
        stacked = 0
        for key, label in legend:
            n = counts.get(year, {}).get(key, 0)
            if n:
                y = y_of(stacked + n)
                bar.segments.append(Segment(key, label, n, y, round(y_of(stacked) - y, 2)))
                stacked += n
        bars.append(bar)
    ticks = [Tick(v, y_of(v)) for v in range(0, top_value + 1, step)]
    table = [
        {"year": y, "total": sum(counts[y].values()), "counts": [counts[y].get(key, 0) for key, _ in legend]}
        for y in sorted(counts, reverse=True)
    ]
    return Timeline(
        bars, ticks, legend, table, total, undated, earlier, first, last, peak_year, totals[peak_year]
    )
