"""The evidence timeline's geometry: stacked bars that add up, gaps kept, readable labels."""

from drugs.timeline import _nice_step, build_timeline


def rows(*items):
    return [{"year": y, "category": c, "n": n} for y, c, n in items]


def test_segments_stack_to_the_year_total_in_category_order():
    t = build_timeline(rows((2019, "other", 3), (2019, "rct", 2), (2021, "review", 1)))
    assert [b.year for b in t.bars] == [2019, 2020, 2021]  # the empty year keeps its slot
    bar = t.bars[0]
    assert bar.total == 5
    assert [(s.key, s.n) for s in bar.segments] == [
        ("rct", 2),
        ("other", 3),
    ]  # strongest evidence at the base
    # Segments touch: each starts where the one below ends, and the stack ends at the baseline.
    assert bar.segments[0].y + bar.segments[0].height == t.baseline
    assert round(bar.segments[1].y + bar.segments[1].height, 2) == bar.segments[0].y
    assert t.bars[1].segments == [] and t.bars[1].total == 0
    assert t.legend == [
        ("rct", "Randomized controlled trials"),
        ("review", "Reviews"),
        ("other", "Other or unclassified"),
    ]


def test_the_table_lists_years_with_publications_newest_first():
    t = build_timeline(rows((2019, "other", 3), (2019, "rct", 2), (2021, "review", 1), (None, "other", 4)))
    assert t.table == [
        {"year": 2021, "total": 1, "counts": [0, 1, 0]},
        {"year": 2019, "total": 5, "counts": [2, 0, 3]},
    ]
    assert (
        t.summary
        == "6 dated publications from 2019 to 2021; the most, 5, in 2019. 4 without a year are not shown."
    )


def test_bars_fit_the_width_and_year_labels_thin_out_over_long_spans():
    t = build_timeline(rows(*((y, "other", 1) for y in range(1960, 2026))))
    assert len(t.bars) == 66
    assert t.bars[0].x >= t.left and t.bars[-1].x + t.bars[-1].width <= t.right_edge
    labelled = [b.year for b in t.bars if b.show_label]
    assert labelled[-1] == 2025 and len(labelled) <= 9


def test_ticks_are_round_numbers_covering_the_peak():
    assert [_nice_step(m) for m in (3, 9, 26, 140, 999)] == [1, 5, 10, 50, 500]
    t = build_timeline(rows((2000, "other", 26)))
    assert [tick.value for tick in t.ticks] == [0, 10, 20, 30]


def test_no_dated_publications_draw_nothing():
    t = build_timeline(rows((None, "other", 2)))
    assert t.bars == [] and t.summary == "No dated publications yet." and t.undated == 2


def test_a_stray_ancient_year_does_not_draw_a_thousand_empty_bars():
    t = build_timeline(rows((1017, "other", 1), (2000, "other", 2), (2024, "rct", 3)))
    assert len(t.bars) == 80 and t.bars[-1].year == 2024 and t.bars[0].year == 1945
    assert (
        t.summary
        == "5 dated publications from 1945 to 2024; the most, 3, in 2024. 1 from before 1945 are not drawn."
    )
    assert [r["year"] for r in t.table] == [2024, 2000, 1017]  # the table still lists every year
