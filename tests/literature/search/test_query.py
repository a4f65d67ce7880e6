"""The query language as a tree, without a database: operators, tags, repairs and refusals."""

import itertools

import pytest

from literature.search import tokens as tk
from literature.search.query import MAX_TERMS, QueryError, describe, parse_query


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("imatinib resistance", "AND(imatinib, resistance)"),
        ("imatinib AND resistance", "AND(imatinib, resistance)"),
        ('"chronic myeloid leukemia"', '"chronic myeloid leukemia"'),
        ("imatinib OR dasatinib leukemia", "OR(imatinib, AND(dasatinib, leukemia))"),
        ("(imatinib OR dasatinib) leukemia", "AND(OR(imatinib, dasatinib), leukemia)"),
        ("imatinib -review", "AND(imatinib, NOT(review))"),
        ("imatinib NOT review", "AND(imatinib, NOT(review))"),
        ("kinas*", "kinas*"),
        ("BCR-ABL", '"bcr abl"'),
        ("Löf", "lof"),
        ("imatinib[ti]", "imatinib[ti]"),
        ("leukemia imatinib[ti]", "AND(leukemia, imatinib[ti])"),
        ("(kinase inhibitor)[tiab]", "AND(kinase[tiab], inhibitor[tiab])"),
        ("dahlin j[au]", "au_dahlin_j_*"),
        ("Dahlin JS[au]", "au_dahlin_j_s_*"),
        ("dahlin[au]", "au_dahlin_*"),
        ("n engl j med[ta]", "ta_n_engl_j_med_"),
        ('"breast neoplasms"[mh]', "mh_breast_neoplasms_"),
        ("neoplasm*[mh]", "mh_neoplasm*"),
        ("2017[dp]", "dp_2017_"),
        ("2017/10/19[pdat]", "dp_2017_10_19_"),
        ("2015:2018[dp]", "dp_2015_|dp_2016_|dp_2017_|dp_2018_"),
        ("2018:2015[dp]", "dp_2015_|dp_2016_|dp_2017_|dp_2018_"),
        ("kinase 2017[dp]", "AND(kinase, dp_2017_)"),
        ("-dahlin j[au] imatinib", "AND(NOT(au_dahlin_j_*), imatinib)"),
        ("(smith j OR jones a)[au]", "OR(au_smith_j_*, au_jones_a_*)"),
    ],
)
def test_queries_read_as_trees(q, tree):
    parsed = parse_query(q)
    assert describe(parsed.tree) == tree
    assert parsed.notices == []


@pytest.mark.parametrize(
    ("q", "tree", "notice"),
    [
        ('"unbalanced quote', '"unbalanced quote"', "quotation mark was not closed"),
        ("(imatinib OR gleevec", "OR(imatinib, gleevec)", "bracket was not closed"),
        ("imatinib) leukemia", "AND(imatinib, leukemia)", "closing bracket without an opening"),
        ("imatinib[zz]", "imatinib", "[zz] is not one this search knows"),
        ("imatinib [ti", "AND(imatinib, ti)", "square bracket was not closed"),
        ("imatinib]", "imatinib", "closing square bracket"),
        ("ki*", "ki", "at least 3 letters"),
        ("imatinib or dasatinib", "AND(imatinib, or, dasatinib)", "operators are written in capitals"),
        ("AND imatinib OR", "imatinib", "AND with nothing before it"),
        ("x[ti][au]", "x[ti]", "Only one field tag"),
    ],
)
def test_what_can_be_read_sensibly_is_repaired_with_a_notice(q, tree, notice):
    parsed = parse_query(q)
    assert describe(parsed.tree) == tree
    assert any(notice in n for n in parsed.notices), parsed.notices


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("-review", "cannot be only exclusions"),
        ("-a -b", "cannot be only exclusions"),
        ("NOT review", "cannot be only exclusions"),
        ("imatinib OR -review", "cannot be one side of an OR"),
        ("201x[dp]", "is not a date"),
        ("2017/13[dp]", "months run 1–12"),
    ],
)
def test_what_cannot_be_read_is_refused_with_a_message(q, message):
    with pytest.raises(QueryError, match=message):
        parse_query(q)


def test_a_5000_character_query_is_cut_and_limited_to_a_bounded_number_of_terms():
    parsed = parse_query("leukemia " * 600)
    assert len(parsed.text) <= 500
    assert describe(parsed.tree).count("leukemia") == MAX_TERMS
    assert any("shortened" in n for n in parsed.notices)
    assert any(f"first {MAX_TERMS} terms" in n for n in parsed.notices)


def test_punctuation_alone_is_no_query():
    assert parse_query("  + & ; ").tree is None
    assert parse_query("").tree is None


def test_folding_matches_the_document_side():
    assert tk.fold("Löf") == "lof"
    assert tk.fold("N Engl J Med") == "n_engl_j_med"
    assert tk.author_token("Olsson-Strömberg", "U") == "au_olsson_stromberg_u_"
    assert tk.author_token(collective_name="IRIS Investigators") == "au_iris_investigators_"
    assert tk.author_query_token("olsson-stromberg u") == "au_olsson_stromberg_u_"


def test_month_covers_match_exactly_the_months_of_their_range():
    """Every month from 1998-00 to 2031-12 against many ranges: a cover holds its months and no others."""
    months = [(y, m) for y in range(1998, 2032) for m in range(13)]
    bounds = [tk.month_index(*ym) for ym in months[::7]] + [tk.month_index(1998, 0), tk.month_index(2031, 12)]
    for first, last in itertools.combinations(sorted(set(bounds)), 2):
        cover = set(tk.month_cover(first, last))
        for y, m in months:
            tokens = set(tk.date_tokens(y, m or None, None))
            if m == 0:
                tokens = set(tk.date_tokens(y, None, None))
            inside = first <= tk.month_index(y, m) <= last
            assert bool(tokens & cover) == inside, (y, m, first, last)


def test_the_whole_time_axis_is_covered_by_few_tokens():
    assert len(tk.month_cover(tk.FIRST_MONTH, tk.LAST_MONTH)) < 60
    assert tk.month_cover(tk.month_index(2017, 0), tk.month_index(2017, 12)) == ["dp_2017_"]
    assert tk.month_cover(tk.month_index(1900, 0), tk.month_index(1999, 12)) == ["dc_19_"]
