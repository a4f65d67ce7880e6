"""The full-text search index, kept outside the Publication table (see literature/search/).

PostgreSQL: the text search configuration ``literature_search`` (English Snowball stemmer, no
stop words, unaccent when the extension can be created), the function ``literature_search_fold``
that turns a value into a field token body, the table ``literature_searchdoc`` with a weighted
tsvector (GIN index, statistics target 1000 so the planner estimates matches well), and triggers
that drop a publication's row when the publication is deleted or the table truncated.

SQLite: the FTS5 table ``literature_searchfts`` and the table ``literature_searchdoc``, whose
rows go with their publication (ON DELETE CASCADE); an FTS5 row left behind by a deletion is
invisible, since searches join the two, and ``reindex_publications`` removes it.

The index is then filled from the publications already in the database.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    r"""
    DO $$ BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'unaccent is not available (%): accented words are indexed as written', SQLERRM;
    END $$
    """,
    "CREATE TEXT SEARCH DICTIONARY literature_search_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION literature_search (COPY = english)",
    """ALTER TEXT SEARCH CONFIGURATION literature_search
       ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH literature_search_stem""",
    r"""
    DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
            ALTER TEXT SEARCH CONFIGURATION literature_search
                ALTER MAPPING FOR word, hword, hword_part WITH unaccent, literature_search_stem;
        ELSE
            ALTER TEXT SEARCH CONFIGURATION literature_search
                ALTER MAPPING FOR word, hword, hword_part WITH literature_search_stem;
        END IF;
    END $$
    """,
    # tokens.fold in SQL: NFKD, combining marks dropped, lowercase, runs of other characters -> '_'.
    r"""
    CREATE FUNCTION literature_search_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT trim(both '_' from regexp_replace(
            lower(regexp_replace(normalize(coalesce(value, ''), NFKD),
                                 '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g')),
            '[^a-z0-9]+', '_', 'g'))
    $$
    """,
    """
    CREATE TABLE literature_searchdoc (
        publication_id bigint PRIMARY KEY,
        date_key integer NOT NULL DEFAULT 0,
        pub_year smallint,
        journal_id bigint,
        first_author_key varchar(200) NOT NULL DEFAULT '',
        type_ids bigint[] NOT NULL DEFAULT '{}',
        drug_ids bigint[] NOT NULL DEFAULT '{}',
        document tsvector NOT NULL
    )
    """,
    "ALTER TABLE literature_searchdoc ALTER COLUMN document SET STATISTICS 1000",
    "CREATE INDEX literature_searchdoc_document_gin ON literature_searchdoc USING gin (document)",
    # The month histogram that sizes search slices is read from this index alone.
    "CREATE INDEX literature_searchdoc_newest ON literature_searchdoc (date_key DESC, publication_id DESC)",
    """
    CREATE FUNCTION literature_searchdoc_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE literature_searchdoc;
        ELSE
            DELETE FROM literature_searchdoc WHERE publication_id = OLD.id;
        END IF;
        RETURN NULL;
    END $$
    """,
    """CREATE TRIGGER literature_searchdoc_forget_deleted AFTER DELETE ON literature_publication
       FOR EACH ROW EXECUTE FUNCTION literature_searchdoc_forget()""",
    """CREATE TRIGGER literature_searchdoc_forget_truncated AFTER TRUNCATE ON literature_publication
       FOR EACH STATEMENT EXECUTE FUNCTION literature_searchdoc_forget()""",
]

POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS literature_searchdoc_forget_truncated ON literature_publication",
    "DROP TRIGGER IF EXISTS literature_searchdoc_forget_deleted ON literature_publication",
    "DROP FUNCTION IF EXISTS literature_searchdoc_forget()",
    "DROP TABLE IF EXISTS literature_searchdoc",
    "DROP FUNCTION IF EXISTS literature_search_fold(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS literature_search",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS literature_search_stem",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE literature_searchfts USING fts5(
        title, vtitle, subject, abstract, names, tags,
        tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_'"
    )
    """,
    """
    CREATE TABLE literature_searchdoc (
        publication_id integer NOT NULL PRIMARY KEY
            REFERENCES literature_publication (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        date_key integer NOT NULL DEFAULT 0,
        pub_year integer NULL,
        journal_id integer NULL,
        first_author_key varchar(200) NOT NULL DEFAULT '',
        type_ids text NOT NULL DEFAULT '[]',
        drug_ids text NOT NULL DEFAULT '[]'
    )
    """,
    "CREATE INDEX literature_searchdoc_newest ON literature_searchdoc (date_key DESC, publication_id DESC)",
]

SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS literature_searchdoc",
    "DROP TABLE IF EXISTS literature_searchfts",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql, params=None)

    return run


def fill(apps, schema_editor):
    # The index is built with the current builder; a later migration that changes the index's
    # shape rebuilds it again the same way.
    from literature.search import rebuild_index

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        rebuild_index(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("literature", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
