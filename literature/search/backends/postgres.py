"""PostgreSQL full-text search: a stored, weighted tsvector with a GIN index, ts_rank_cd and ts_headline.

The index is the table ``literature_searchdoc`` (migration ``0002_search_index``): one row per
publication with its ``document`` (title A; MeSH headings and keywords B; abstract C; author and
journal names D; field tokens without weight) and the few columns sorting and facets read
(date, year, journal, first author, type and drug ids), so that a search never joins.

Text goes through the ``literature_search`` configuration: the English Snowball stemmer with
no stop words (as SQLite's porter tokenizer has none), after ``unaccent`` when the extension
is available. A query's words are normalized by the same configuration (``to_tsquery``) in one
round trip, and the whole query becomes one tsquery literal that every later statement of the
search reuses as a constant, so the planner estimates it from the column statistics.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import transaction

from literature.models import Publication
from literature.search.backends.base import MARK_END, MARK_START, Candidate, Compiled, SearchBackend
from literature.search.query import And, Not, Or, Tag, Text, rank_tree

CONFIG = "literature_search"
TABLE = "literature_searchdoc"
WEIGHTS = {"": "", "ti": "A", "tiab": "AC"}
# Every fetch runs with these: no sequential scan and no walk of the date index (either rechecks
# the full-text match row by row, which is what takes seconds at a million rows: the date
# restriction of a slice is in the tsquery, where only the GIN index can use it), and a ceiling
# on the time one statement may take.
STATEMENT_TIMEOUT_MS = 10_000
REBUILD_BATCH = 50_000


def _types_table() -> str:
    return Publication.publication_types.through._meta.db_table


def _trials_table() -> str:
    return Publication.trials.through._meta.db_table


def _source_tables() -> list[str]:
    """The tables document_select() reads."""
    from literature import models

    return [
        m._meta.db_table
        for m in (models.Publication, models.Journal, models.MeshHeading, models.MeshTerm, models.PublicationType,
                  models.PublicationDrug, models.Trial, Publication.publication_types.through,
                  Publication.trials.through)
    ]  # fmt: skip


def _abstract_sql(alias: str = "p") -> str:
    """``Publication.abstract_text`` in SQL: 'LABEL: text' sections separated by a blank line."""
    return f"""(SELECT string_agg(CASE WHEN coalesce(s->>'label', '') <> ''
                                   THEN (s->>'label') || ': ' || coalesce(s->>'text', '')
                                   ELSE coalesce(s->>'text', '') END, E'\\n\\n' ORDER BY n)
               FROM jsonb_array_elements(CASE WHEN jsonb_typeof({alias}.abstract) = 'array'
                                              THEN {alias}.abstract ELSE '[]'::jsonb END)
                    WITH ORDINALITY AS x(s, n)
               WHERE jsonb_typeof(s) = 'object')"""


def document_select() -> str:
    """The index rows for the publications picked by the caller's WHERE on ``p`` (set-based, no Python per row)."""
    fold = "literature_search_fold"
    return f"""
SELECT p.id, p.date_key, p.pub_year, p.journal_id, p.first_author_key,
       coalesce(t.ids, '{{}}'), coalesce(dr.ids, '{{}}'),
       setweight(to_tsvector('{CONFIG}', concat_ws(' ', p.title, p.vernacular_title)), 'A')
    || setweight(to_tsvector('{CONFIG}', concat_ws(' ', m.names, kw.words)), 'B')
    || setweight(to_tsvector('{CONFIG}', coalesce({_abstract_sql()}, '')), 'C')
    || setweight(to_tsvector('{CONFIG}', concat_ws(' ', au.names, j.title, j.iso_abbreviation)), 'D')
    || array_to_tsvector(array_remove(
         ARRAY[
           CASE WHEN p.pub_year IS NULL THEN 'dp_none_' ELSE 'dp_' || p.pub_year || '_' END,
           CASE WHEN p.pub_year IS NOT NULL
                THEN 'dp_' || p.pub_year || '_' || lpad(coalesce(p.pub_month, 0)::text, 2, '0') || '_' END,
           CASE WHEN p.pub_year IS NOT NULL AND p.pub_month IS NOT NULL AND p.pub_day IS NOT NULL
                THEN 'dp_' || p.pub_year || '_' || lpad(p.pub_month::text, 2, '0') || '_'
                     || lpad(p.pub_day::text, 2, '0') || '_' END,
           CASE WHEN p.pub_year IS NOT NULL THEN 'dd_' || (p.pub_year / 10) || '_' END,
           CASE WHEN p.pub_year IS NOT NULL THEN 'dc_' || (p.pub_year / 100) || '_' END,
           CASE WHEN p.pub_year IS NOT NULL THEN 'dm_' || (p.pub_year / 1000) || '_' END,
           'la_' || nullif({fold}(p.language), '') || '_',
           CASE WHEN jsonb_typeof(p.abstract) = 'array' AND jsonb_array_length(p.abstract) > 0
                THEN 'ab_yes_' ELSE 'ab_no_' END,
           'ta_' || nullif({fold}(j.title), '') || '_',
           'ta_' || nullif({fold}(j.iso_abbreviation), '') || '_',
           'ta_' || nullif({fold}(j.issn), '') || '_',
           'ta_' || nullif({fold}(j.eissn), '') || '_'
         ]
         || coalesce(au.tokens, '{{}}') || coalesce(m.tokens, '{{}}') || coalesce(string_to_array(m.qualified, ' '), '{{}}')
         || coalesce(t.tokens, '{{}}') || coalesce(dr.tokens, '{{}}') || coalesce(tr.tokens, '{{}}'),
         NULL))
FROM literature_publication p
LEFT JOIN literature_journal j ON j.id = p.journal_id
LEFT JOIN LATERAL (
    SELECT string_agg(coalesce(nullif(a->>'collective_name', ''),
                               concat_ws(' ', a->>'last_name', a->>'initials')), ', ' ORDER BY n) AS names,
           array_agg(CASE WHEN coalesce(a->>'collective_name', '') <> ''
                          THEN 'au_' || nullif({fold}(a->>'collective_name'), '') || '_'
                          ELSE 'au_' || nullif({fold}(a->>'last_name'), '') || '_'
                               || regexp_replace(replace({fold}(coalesce(a->>'initials', '')), '_', ''),
                                                 '(.)', '\\1_', 'g') END) AS tokens
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.author_list) = 'array'
                                   THEN p.author_list ELSE '[]'::jsonb END) WITH ORDINALITY AS x(a, n)
    WHERE jsonb_typeof(a) = 'object'
) au ON true
LEFT JOIN LATERAL (
    -- One pass over the headings (each term folded once): their names, their tokens, and the tokens
    -- of each heading/qualifier pair, joined by spaces (tokens hold none) and split again below.
    SELECT string_agg(mt.name, '; ' ORDER BY h.id) AS names,
           array_agg('mh_' || nullif(mf.folded, '') || '_') AS tokens,
           string_agg((SELECT string_agg('mh_' || nullif(mf.folded, '') || '_'
                                         || nullif({fold}(q #>> '{{}}'), '') || '_', ' ')
                       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(h.qualifiers) = 'array'
                                                      THEN h.qualifiers ELSE '[]'::jsonb END) AS q
                       WHERE jsonb_typeof(q) = 'string'), ' ') AS qualified
    FROM literature_meshheading h JOIN literature_meshterm mt ON mt.id = h.term_id,
         LATERAL (SELECT {fold}(mt.name) AS folded) mf
    WHERE h.publication_id = p.id
) m ON true
LEFT JOIN LATERAL (
    SELECT string_agg(k #>> '{{}}', '; ' ORDER BY n) AS words
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.keywords) = 'array'
                                   THEN p.keywords ELSE '[]'::jsonb END) WITH ORDINALITY AS x(k, n)
    WHERE jsonb_typeof(k) = 'string'
) kw ON true
LEFT JOIN LATERAL (
    SELECT array_agg(pt.id ORDER BY pt.id) AS ids, array_agg('pt_' || nullif({fold}(pt.name), '') || '_') AS tokens
    FROM {_types_table()} x JOIN literature_publicationtype pt ON pt.id = x.publicationtype_id
    WHERE x.publication_id = p.id
) t ON true
LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT l.drug_id) AS ids, array_agg(DISTINCT 'dr_' || l.drug_id || '_') AS tokens
    FROM literature_publicationdrug l
    WHERE l.publication_id = p.id AND l.status <> 'rejected'
) dr ON true
LEFT JOIN LATERAL (
    SELECT array_agg('si_' || nullif({fold}(tl.identifier), '') || '_') AS tokens
    FROM {_trials_table()} x JOIN literature_trial tl ON tl.id = x.trial_id
    WHERE x.publication_id = p.id
) tr ON true
"""


COLUMNS = "publication_id, date_key, pub_year, journal_id, first_author_key, type_ids, drug_ids, document"
CANDIDATE_COLUMNS = "publication_id, date_key, pub_year, journal_id, first_author_key, type_ids, drug_ids"


def _quote(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    # --- index maintenance ---

    def reindex(self, ids: list[int]) -> None:
        with self.connection.cursor() as cursor:
            for sql, params in self._reindex_statements(ids):
                cursor.execute(sql, params)

    @staticmethod
    def _reindex_statements(ids: list[int]) -> list[tuple[str, list]]:
        return [
            (f"DELETE FROM {TABLE} WHERE publication_id = ANY(%s)", [ids]),
            (f"INSERT INTO {TABLE} ({COLUMNS}) {document_select()} WHERE p.id = ANY(%s)", [ids]),
        ]

    def start_reindex(self, chunks: list[list[int]]) -> Callable[[], None]:
        """Send the statements from a helper thread over this very connection (same transaction).

        A psycopg connection serializes its users, so a statement the caller sends before waiting
        queues behind these; the thread only sits in the driver, waiting for the server, so the
        caller's Python runs meanwhile. Django's wrapper is not used from the thread (it belongs
        to the thread that opened it), which also keeps these statements out of its query log.
        """
        self.connection.ensure_connection()
        raw = self.connection.connection
        statements = [s for ids in chunks for s in self._reindex_statements(ids)]
        failure: list[BaseException] = []

        def run() -> None:
            try:
                with raw.cursor() as cursor:
                    for sql, params in statements:
                        cursor.execute(sql, params)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                failure.append(exc)

        thread = threading.Thread(target=run, name="search-reindex", daemon=True)
        thread.start()

        def wait() -> None:
            thread.join()
            if failure:
                with self.connection.wrap_database_errors:
                    raise failure[0]

        return wait

    def refresh_statistics(self) -> None:
        """ANALYZE the tables the document query reads.

        Inside a transaction ANALYZE counts that transaction's own new rows, which autovacuum
        cannot see until it commits. A table never analyzed is assumed to hold 200 distinct
        values per column, so as a long import grows it, the planner thinks each publication
        has thousands of MeSH headings and switches the document query to scanning every MeSH
        term per publication: 0.5 ms per record became 5 ms between 20,000 and 40,000 records.
        """
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(_source_tables())}")

    def rebuild(self, *, progress=None, jobs: int = 1) -> int:
        """Rebuild the whole index set-based: empty it, drop its indexes, refill by id ranges, re-index, analyze.

        With ``jobs`` 1 this is one transaction (searches wait, then see the new index). With more,
        the ranges are filled by that many connections at once, each range committed on its own,
        which uses more cores for a bulk load (searches meanwhile see a partial index).
        """
        alias = self.connection.alias
        # After a bulk load the planner may know nothing of the source tables yet (autovacuum
        # has not analyzed them); the document query's joins then take hours instead of minutes.
        self.refresh_statistics()
        with transaction.atomic(using=alias), self.connection.cursor() as cursor:
            if jobs > 1:
                self._empty(cursor)
                cursor.execute("SELECT min(id), max(id), count(*) FROM literature_publication")
                low, high, count = cursor.fetchone()
            else:
                done = self._refill(cursor, progress)
                self._index(cursor)
        if jobs > 1:
            done = self._refill_in_parallel(low, high, count, jobs, progress)
            with transaction.atomic(using=alias), self.connection.cursor() as cursor:
                self._index(cursor)
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
        self.forget_histogram()
        return done

    def _empty(self, cursor) -> None:
        cursor.execute(f"TRUNCATE {TABLE}")
        cursor.execute("DROP INDEX IF EXISTS literature_searchdoc_document_gin")
        cursor.execute("DROP INDEX IF EXISTS literature_searchdoc_newest")

    def _index(self, cursor) -> None:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(f"CREATE INDEX literature_searchdoc_document_gin ON {TABLE} USING gin (document)")
        cursor.execute(
            f"CREATE INDEX literature_searchdoc_newest ON {TABLE} (date_key DESC, publication_id DESC)"
        )

    def _insert_range(self, cursor, start: int) -> int:
        cursor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}) {document_select()} WHERE p.id >= %s AND p.id < %s",
            [start, start + REBUILD_BATCH],
        )
        return cursor.rowcount

    def _refill(self, cursor, progress) -> int:
        self._empty(cursor)
        cursor.execute("SELECT min(id), max(id), count(*) FROM literature_publication")
        low, high, count = cursor.fetchone()
        done = 0
        if count:
            for start in range(low, high + 1, REBUILD_BATCH):
                done += self._insert_range(cursor, start)
                if progress:
                    progress(done, count)
        return done

    def _refill_in_parallel(self, low, high, count, jobs, progress) -> int:
        from concurrent.futures import ThreadPoolExecutor

        from django.db import connections

        if not count:
            return 0
        alias = self.connection.alias
        lock = threading.Lock()
        done = [0]

        def fill(start: int) -> None:
            try:
                with connections[alias].cursor() as cursor:  # this thread's own connection
                    n = self._insert_range(cursor, start)
                with lock:
                    done[0] += n
                    if progress:
                        progress(done[0], count)
            finally:
                connections[alias].close()

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(fill, range(low, high + 1, REBUILD_BATCH)))
        return done[0]

    def document(self, publication_id: int) -> dict:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {CANDIDATE_COLUMNS}, document::text FROM {TABLE} WHERE publication_id = %s",
                [publication_id],
            )
            row = cursor.fetchone()
        if row is None:
            return {}
        keys = [*CANDIDATE_COLUMNS.split(", "), "document"]
        return dict(zip(keys, row, strict=True))

    # --- querying ---

    def compile(self, tree) -> Compiled:
        """The query as one tsquery literal, its words normalized by the text search configuration."""
        if tree is None:
            return Compiled(None, None)
        operands: dict[str, str] = {}
        self._collect(tree, operands)
        if operands:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT w, to_tsquery('{CONFIG}', w)::text FROM unnest(%s::text[]) AS w",
                    [list(operands)],
                )
                normalized = dict(cursor.fetchall())
        else:
            normalized = {}
        ranked = rank_tree(tree)
        return Compiled(
            self._render(tree, normalized) or None,
            self._render(ranked, normalized) or None if ranked else None,
        )

    def _operand(self, node: Text) -> str:
        weights = WEIGHTS[node.fields]
        parts = []
        for i, piece in enumerate(node.pieces):
            last = i == len(node.pieces) - 1
            star = "*" if node.prefix and last else ""
            suffix = f":{star}{weights}" if (star or weights) else ""
            parts.append(piece + suffix)
        return " <-> ".join(parts)

    def _collect(self, node, out: dict) -> None:
        if isinstance(node, Text):
            out[self._operand(node)] = ""
        elif isinstance(node, And | Or):
            for c in node.children:
                self._collect(c, out)
        elif isinstance(node, Not):
            self._collect(node.child, out)

    def _render(self, node, normalized: dict[str, str]) -> str:
        if isinstance(node, Text):
            return normalized.get(self._operand(node), "")
        if isinstance(node, Tag):
            return " | ".join(_quote(t) + (":*" if prefix else "") for t, prefix in node.tokens)
        if isinstance(node, Not):
            inner = self._render(node.child, normalized)
            return f"!({inner})" if inner else ""
        parts = [p for p in (self._render(c, normalized) for c in node.children) if p]
        if not parts:
            return ""
        if isinstance(node, And):
            # An exclusion that lost its positive partner would exclude from everything.
            if all(p.startswith("!(") for p in parts):
                return ""
            return " & ".join(f"({p})" for p in parts)
        return " | ".join(f"({p})" for p in parts)

    def restrict(self, compiled: str | None, date_tokens: list[str] | None) -> str | None:
        if not date_tokens:
            return compiled
        dates = " | ".join(_quote(t) for t in date_tokens)
        return f"({compiled}) & ({dates})" if compiled else dates

    def estimate(self, compiled: str | None) -> tuple[int, bool]:
        where, params = self._where(compiled)
        with self.connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} {where}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):  # a driver that does not decode json
            import json

            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"]), False

    def _where(self, compiled: str | None) -> tuple[str, list]:
        if compiled is None:
            return "", []
        return "WHERE document @@ %s::tsquery", [compiled]

    def _guarded(self, sql: str, params: list) -> list[tuple]:
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), "
                "set_config('statement_timeout', %s, true)",
                [str(STATEMENT_TIMEOUT_MS)],
            )
            cursor.execute(sql, params)
            return cursor.fetchall()

    def fetch(self, compiled, *, k, newest, score_query=None, probe=None):
        where, params = self._where(compiled)
        order = (
            "date_key DESC, publication_id DESC"
            if newest
            else "(date_key = 0), date_key ASC, publication_id ASC"
        )
        score = "0::real"
        score_params: list = []
        if score_query:
            score = "ts_rank_cd(document, %s::tsquery)"
            score_params = [score_query]
        source = TABLE
        source_params: list = []
        if probe is not None:
            source = f"(SELECT * FROM {TABLE} {where} LIMIT %s) AS d"
            source_params = [*params, probe]
            where, params = "", []
        sql = (
            f"SELECT {CANDIDATE_COLUMNS}, {score}, count(*) OVER () FROM {source} {where} "
            f"ORDER BY {order} LIMIT %s"
        )
        rows = self._guarded(sql, [*score_params, *source_params, *params, k])
        total = rows[0][-1] if rows else 0
        return [
            Candidate(r[0], r[1], r[2], r[3], r[4] or "", list(r[5] or []), list(r[6] or []), float(r[7]))
            for r in rows
        ], int(total)

    def month_counts(self) -> list[tuple[int, int]]:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT date_key / 100, count(*) FROM {TABLE} GROUP BY 1")
            return cursor.fetchall()

    def snippets(self, query, ids):
        compiled = query.rank
        if not ids or not compiled:
            return {}
        options = f"StartSel={MARK_START}, StopSel={MARK_END}"
        sql = f"""
            SELECT p.id,
                   ts_headline('{CONFIG}', p.title, q, %s),
                   ts_headline('{CONFIG}', coalesce({_abstract_sql()}, ''), q, %s)
            FROM literature_publication p, (SELECT %s::tsquery AS q) AS query
            WHERE p.id = ANY(%s)
        """
        title_opts = f"HighlightAll=true, {options}"
        abstract_opts = f'MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … ", {options}'
        with self.connection.cursor() as cursor:  # a page of primary keys: nothing to guard against
            cursor.execute(sql, [title_opts, abstract_opts, compiled, list(ids)])
            return {r[0]: (r[1], r[2]) for r in cursor.fetchall()}
