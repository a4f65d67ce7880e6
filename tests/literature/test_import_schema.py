"""What migration 0004 changed for imports: fewer indexes to maintain, the same search tokens for less work."""

import importlib

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _indexes(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c for c in constraints.values() if c["index"] or c["unique"]]


@pytest.mark.parametrize(
    "table, column, covered_by",
    [
        ("literature_authorship", "publication_id", ["publication_id", "position"]),
        ("literature_meshheading", "publication_id", ["publication_id", "term_id"]),
        ("literature_publicationdrug", "publication_id", ["publication_id", "drug_id"]),
        ("literature_publicationdrug", "drug_id", ["drug_id", "status"]),
    ],
)
def test_a_foreign_key_that_leads_another_index_has_none_of_its_own(table, column, covered_by):
    columns = [c["columns"] for c in _indexes(table)]
    assert [column] not in columns
    assert covered_by in columns


def test_the_match_key_has_one_plain_index():
    on_match_key = [c for c in _indexes("literature_publication") if c["columns"] == ["match_key"]]
    assert len(on_match_key) == 1
    assert not on_match_key[0]["unique"]


MIGRATION = importlib.import_module("literature.migrations.0004_import_indexes")


def test_the_faster_fold_gives_the_tokens_the_old_one_gave():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: set DATABASE_URL to a PostgreSQL server (SQLite folds in Python)")
    values = [
        "N Engl J Med", "Löf", "Ångström", "İstanbul", "ﬁbrosis", "Straße", "Ærø", "Müller-Lüdenscheidt",
        "  spaced  out  ", "__under__", "BCR-ABL1", "Ｆｕｌｌｗｉｄｔｈ", "Δ-9", "", None, "日本語", "e\u0301",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT value, {MIGRATION.FOLD_BODY}, {MIGRATION.FOLD_BODY_BEFORE} "  # noqa: S608
            "FROM unnest(%s::text[]) AS value",
            [values],
        )
        rows = cursor.fetchall()
    assert len(rows) == len(values)
    assert [(v, old) for v, new, old in rows] == [(v, new) for v, new, old in rows]
    assert dict((v, new) for v, new, _ in rows)["Löf"] == "lof"


def test_the_installed_fold_is_the_python_fold():
    """Field tokens are built in SQL on PostgreSQL and in Python for queries (and on SQLite): one spelling."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: set DATABASE_URL to a PostgreSQL server (SQLite folds in Python)")
    from literature.search.tokens import fold

    values = [
        "N Engl J Med", "Löf", "Ångström", "İstanbul", "ﬁbrosis", "Straße", "STRASSE", "ẞ", "Ærø", "Œuvre",
        "Sørensen JØ", "Ødegård", "Małgorzata Łukasiewicz", "Đoković", "Þórður Guðmundsson", "Ħal Far",
        "Müller-Lüdenscheidt", "  spaced  out  ", "__under__", "BCR-ABL1", "Ｆｕｌｌｗｉｄｔｈ", "Δ-9", "", "日本語",
        "e\u0301", "Læger", "NF-κB", "TGF-β1", "PDGFRα", "5 µg", "ϑ ϕ", "Ἀθῆναι", "ΣΟΦΙΑ σοφίας", "αβγ",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value, literature_search_fold(value) FROM unnest(%s::text[]) AS value", [values]
        )
        rows = cursor.fetchall()
    assert len(rows) == len(values)
    assert [(v, sql) for v, sql in rows] == [(v, fold(v)) for v, _ in rows]
    assert dict(rows)["Sørensen JØ"] == "sorensen_jo"
    assert dict(rows)["Straße"] == "strasse"
    assert dict(rows)["NF-κB"] == "nf_kappa_b"


def test_the_fold_spells_the_same_whatever_the_databases_ctype():
    """A database created with LC_CTYPE C lowercases ASCII only: the fold must not rely on lower()."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: set DATABASE_URL to a PostgreSQL server (SQLite folds in Python)")
    from literature.search.tokens import fold

    fold_0005 = importlib.import_module("literature.migrations.0005_ascii_spellings")
    values = [
        "Ødegård",
        "ØYVIND",
        "ŁUKASZ",
        "STRAẞE",
        "ÆRØ",
        "ŒUVRE",
        "ÞÓR",
        "ĐOKOVIĆ",
        "NF-ΚB",
        "ΣΟΦΙΑ",
        "Ωmega",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT value, {fold_0005.FOLD_BODY} FROM (SELECT v COLLATE "C" AS value FROM unnest(%s::text[]) v) t',  # noqa: S608
            [values],
        )
        rows = cursor.fetchall()
    assert [(v, sql) for v, sql in rows] == [(v, fold(v)) for v in values]


def test_a_folded_value_is_cut_before_postgresql_refuses_it_as_a_word():
    from literature.search.tokens import MAX_FOLD, fold

    greek = "Ωμέγα " * 100  # 600 letters, over 3,000 once spelled out
    assert len(fold(greek)) == MAX_FOLD
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT literature_search_fold(%s)", [greek])
            assert cursor.fetchone()[0] == fold(greek)
