"""Every operator and field tag, the same cases on whichever engine runs (make test runs both)."""

import pytest
from django.db import connection

from literature.search.backends import get_backend
from tests.literature.search.conftest import found

pytestmark = pytest.mark.django_db

CASES = [
    # words: all required, stemmed
    ("kinase leukemia", {"kinase"}),
    ("kinases", {"kinase", "breast"}),
    ("screened", {"breast"}),
    ("kinase AND leukemia", {"kinase"}),
    # phrases
    ('"chronic myeloid leukemia"', {"kinase", "collective"}),
    ('"myeloid chronic"', set()),
    ("BCR-ABL", {"bcr"}),
    ("NF-κB", {"bcr"}),
    # OR, and AND binding tighter than OR
    ("mast OR screening", {"mast", "breast"}),
    ("mast OR screening mortality", {"mast", "breast"}),
    ("mast OR kinase leukemia", {"mast", "kinase"}),
    ("(mast OR screening) dahlin", {"mast"}),
    # exclusion
    ("leukemia -chronic", {"german"}),
    ("leukemia NOT chronic", {"german"}),
    ('leukemia -"chronic myeloid"', {"german"}),
    ("myeloid -(chronic OR kinetics)", set()),
    # prefix
    ("kinet*", {"undated"}),
    ("kinas*", {"kinase", "breast"}),
    ("progenit*", {"mast"}),
    # accents
    ("Löf", {"mast"}),
    ("lof", {"mast"}),
    ("leukamietherapie", {"german"}),
    # title, title/abstract
    ("leukemia[ti]", {"kinase", "german"}),
    ("myeloid[ti]", {"kinase"}),
    ("myeloid[tiab]", {"kinase", "collective", "undated"}),
    ("mortality[tiab]", {"breast"}),
    ("mortality[ti]", set()),
    ("(mast OR kinase)[ti]", {"mast", "kinase"}),
    ('"myeloid leukemia"[Title]', {"kinase"}),
    # authors: last name, initials as a prefix, collectives, accents
    ("dahlin[au]", {"kinase", "mast"}),
    ("dahlin j[au]", {"kinase", "mast"}),
    ("Dahlin JS[au]", {"kinase"}),
    ("smith j[au]", {"undated", "bcr"}),
    ("smith ja[au]", {"bcr"}),
    ("löf l[au]", {"mast"}),
    ("iris investigators[au]", {"collective"}),
    ("leukemia AND dahlin j[au]", {"kinase"}),
    ("leukemia -dahlin[au]", {"german", "collective"}),
    # journals: abbreviation, title, ISSN, whole values only
    ("n engl j med[ta]", {"breast", "nilotinib"}),
    ('"the new england journal of medicine"[journal]', {"breast", "nilotinib"}),
    ("0006-4971[ta]", {"kinase", "mast", "german", "collective", "undated", "bcr"}),
    ("england[ta]", set()),
    # MeSH headings, with qualifiers, whole values or a prefix
    ('"breast neoplasms"[mh]', {"breast"}),
    ("imatinib mesylate[mh]", {"kinase"}),
    ("imatinib mesylate/therapeutic use[mh]", {"kinase"}),
    ("breast[mh]", set()),
    ("breast*[mh]", {"breast"}),
    # dates
    ("2017[dp]", {"kinase", "collective"}),
    ("2017/10[dp]", {"kinase"}),
    ("2017/10/19[dp]", {"kinase"}),
    ("2017/10/18[dp]", set()),
    ("2015:2017[dp]", {"kinase", "collective", "breast"}),
    ("2017/03:2018/03[dp]", {"collective", "kinase", "mast"}),
    ("2019/12/31:2020/01/02[dp]", {"bcr"}),
    ("kinase 2017[dp]", {"kinase"}),
    # keywords and vernacular titles are indexed
    ('"second line"', {"nilotinib"}),
    ("deutschland", {"german"}),
    # drug names: any name finds the text under every name and the linked literature
    ("Tasigna", {"nilotinib", "breast"}),
    ("amn107", {"nilotinib", "breast"}),
    ("nilotinib", {"nilotinib", "breast"}),
    ("nilotinib -screening", {"nilotinib"}),
]


@pytest.mark.parametrize(("q", "expected"), CASES, ids=[c[0] for c in CASES])
def test_query_language_finds_the_same_publications_on_this_engine(corpus, q, expected):
    titles = {corpus[k].title: k for k in corpus}
    assert {titles[t] for t in found(q)} == expected


def test_the_engine_is_the_databases_own():
    assert get_backend().vendor == connection.vendor


def test_the_index_holds_every_field(corpus):
    doc = get_backend().document(corpus["breast"].pk)
    text = str(doc)
    for token in ("au_jones_a_b_", "ta_n_engl_j_med_", "mh_breast_neoplasms_", "pt_randomized_controlled_trial_",
                  "si_nct00006343_", "la_eng_", "ab_yes_", "dp_2015_", "dp_2015_00_", "dd_201_", "dr_"):  # fmt: skip
        assert token in text, token
    assert doc["pub_year"] == 2015
    assert len(doc["drug_ids"]) == 1 and len(doc["type_ids"]) == 1


def test_relevance_puts_a_title_match_before_an_abstract_match(corpus):
    order = found("kinase")
    assert order.index(corpus["kinase"].title) < order.index(corpus["breast"].title)


def test_an_empty_search_lists_everything_newest_first_with_undated_last(corpus):
    order = found("")
    assert order[0] == corpus["bcr"].title
    assert order[-1] == corpus["undated"].title
    assert len(order) == len(corpus)


def test_letters_that_have_no_accent_to_drop_are_searched_by_their_ascii_spelling():
    """'Sørensen' is found as 'Sorensen' and 'Małecki' as 'Malecki', as PubMed finds them, in field
    searches and in words (names are indexed as both engines spell them in ASCII)."""
    from tests import factories
    from tests.literature.search.conftest import index

    journal = factories.JournalFactory(title="Ugeskrift for læger", iso_abbreviation="Ugeskr Læger")
    pub = factories.PublicationFactory(
        title="A cohort from Tromsø", journal=journal, authors=["Sørensen JØ", "Małecki Ł", "Straße A"]
    )
    other = factories.PublicationFactory(title="Somebody else", authors=["Rensen J", "Malec K"])
    index(pub, other)
    for q in ["sorensen[au]", "Sørensen[au]", "sorensen jo[au]", "SØRENSEN JØ[au]", "malecki l[au]",
              "Małecki[au]", "strasse[au]", "sorensen", "Sørensen", "malecki", "Małecki", "ugeskr laeger[ta]",
              "Ugeskr Læger[ta]", "ugeskrift for laeger[journal]", "laeger", "tromsø"]:  # fmt: skip
        assert found(q) == [pub.title], q
    assert found("rensen j[au]") == [other.title]
    tokens = str(get_backend().document(pub.pk))
    assert "au_sorensen_j_o_" in tokens and "au_malecki_l_" in tokens and "ta_ugeskr_laeger_" in tokens
    if connection.vendor == "postgresql":
        # Titles and abstracts: PostgreSQL's unaccent spells them in ASCII too. (FTS5 keeps those
        # columns as written, to show them; it finds 'tromsø' as typed.)
        assert found("tromso") == [pub.title]
