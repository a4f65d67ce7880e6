"""SQLite FTS5 search for the embedded default: bm25 ranking, snippet() and highlight().

Two tables (migration ``0002_search_index``): the FTS5 table ``literature_searchfts`` whose rowid
is the publication id, with the columns title, vtitle (vernacular title), subject (MeSH
headings and keywords), abstract, names (authors, journal) and tags (field tokens); and
``literature_searchdoc`` with the columns sorting and facets read, as on PostgreSQL.

The tokenizer is porter over unicode61 with diacritics removed, keeping '_' inside tokens so a
field token is one token; document text has its '_' turned into spaces, as PostgreSQL's parser
does. The document side is built by INSERT ... SELECT with a few Python functions registered on
the connection (``tokens.py`` holds them), so the token encoding is the same code the query
side uses.
"""

from __future__ import annotations

import json

from literature.models import Publication, ascii_letters
from literature.search import tokens as tk
from literature.search.backends.base import MARK_END, MARK_START, Candidate, Compiled, SearchBackend
from literature.search.query import And, Not, Or, Tag, Text

FTS = "literature_searchfts"
TABLE = "literature_searchdoc"
COLUMNS = {"": None, "ti": "{title vtitle}", "tiab": "{title vtitle abstract}"}
# bm25 weights per column: title, vtitle, subject, abstract, names, tags.
BM25 = "bm25(literature_searchfts, 10.0, 10.0, 4.0, 2.0, 1.0, 0.0)"
CHUNK = 500
CANDIDATE_COLUMNS = (
    "d.publication_id, d.date_key, d.pub_year, d.journal_id, d.first_author_key, d.type_ids, d.drug_ids"
)


def tags(
    year,
    month,
    day,
    language,
    abstract,
    author_list,
    j_title,
    j_iso,
    j_issn,
    j_eissn,
    mesh,
    types,
    drugs,
    trials,
):
    """The field tokens of one publication, space-separated (registered as ``literature_search_tags``)."""
    out = tk.date_tokens(year, month, day)
    out += [t for t in [tk.language_token(language)] if t]
    out.append(tk.YES if tk._loads(abstract) else tk.NO)
    out += tk.journal_tokens(j_title or "", j_iso or "", j_issn or "", j_eissn or "")
    out += tk.author_tags(author_list)
    for heading in tk._loads(mesh):
        if isinstance(heading, dict):
            out += tk.mesh_tokens(heading.get("name") or "", tk.qualifier_list(heading.get("q")))
    out += [t for t in (tk.type_token(n) for n in tk._loads(types)) if t]
    out += [tk.drug_token(d) for d in tk._loads(drugs) if d is not None]
    out += [t for t in (tk.trial_token(i) for i in tk._loads(trials)) if t]
    return " ".join(dict.fromkeys(out))


FUNCTIONS = {
    "literature_search_fold": (1, tk.fold),
    "literature_search_words": (1, tk.words_only),
    "literature_search_names": (1, tk.name_words),
    "literature_search_abstract": (1, tk.abstract_text),
    "literature_search_authors": (1, tk.author_names),
    "literature_search_keywords": (1, tk.keyword_text),
    "literature_search_tags": (14, tags),
}


def _document_selects(where: str) -> tuple[str, str]:
    types_table = Publication.publication_types.through._meta.db_table
    trials_table = Publication.trials.through._meta.db_table
    doc = f"""
        INSERT INTO {TABLE} (publication_id, date_key, pub_year, journal_id, first_author_key, type_ids, drug_ids)
        SELECT p.id, p.date_key, p.pub_year, p.journal_id, p.first_author_key,
               (SELECT json_group_array(x) FROM (SELECT publicationtype_id AS x FROM {types_table}
                                                  WHERE publication_id = p.id ORDER BY 1)),
               (SELECT json_group_array(x) FROM (SELECT DISTINCT drug_id AS x FROM literature_publicationdrug
                                                  WHERE publication_id = p.id AND status <> 'rejected' ORDER BY 1))
        FROM literature_publication p WHERE {where}
    """
    fts = f"""
        INSERT INTO {FTS} (rowid, title, vtitle, subject, abstract, names, tags)
        SELECT p.id,
               literature_search_words(p.title),
               literature_search_words(p.vernacular_title),
               literature_search_words(
                   coalesce((SELECT group_concat(name, '; ') FROM (
                       SELECT mt.name FROM literature_meshheading h JOIN literature_meshterm mt ON mt.id = h.term_id
                       WHERE h.publication_id = p.id ORDER BY h.id)), '')
                   || ' ' || literature_search_keywords(p.keywords)),
               literature_search_words(literature_search_abstract(p.abstract)),
               literature_search_names(literature_search_authors(p.author_list) || ' '
                                       || coalesce(j.title, '') || ' ' || coalesce(j.iso_abbreviation, '')),
               literature_search_tags(
                   p.pub_year, p.pub_month, p.pub_day, p.language, p.abstract, p.author_list,
                   j.title, j.iso_abbreviation, j.issn, j.eissn,
                   (SELECT json_group_array(json_object('name', mt.name, 'q', json(h.qualifiers)))
                    FROM literature_meshheading h JOIN literature_meshterm mt ON mt.id = h.term_id
                    WHERE h.publication_id = p.id),
                   (SELECT json_group_array(pt.name) FROM {types_table} x
                    JOIN literature_publicationtype pt ON pt.id = x.publicationtype_id WHERE x.publication_id = p.id),
                   (SELECT json_group_array(drug_id) FROM literature_publicationdrug
                    WHERE publication_id = p.id AND status <> 'rejected'),
                   (SELECT json_group_array(tl.identifier) FROM {trials_table} x
                    JOIN literature_trial tl ON tl.id = x.trial_id WHERE x.publication_id = p.id))
        FROM literature_publication p LEFT JOIN literature_journal j ON j.id = p.journal_id
        WHERE {where}
    """
    return doc, fts


def _phrase(node: Text) -> str:
    phrase = " ".join(node.pieces)
    spelled = ascii_letters(phrase)
    if spelled == phrase:
        return _quoted(phrase, node.prefix)
    # The names column holds 'ø' and the like spelled in ASCII (tokens.name_words), the others as written.
    return f"({_quoted(phrase, node.prefix)} OR {_quoted(spelled, node.prefix)})"


def _quoted(phrase: str, prefix: bool) -> str:
    return '"' + phrase + '"' + ("*" if prefix else "")


def register_functions(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the index's functions, once (``connection_created``).

    Not before each use: SQLite refuses to (re)define a function while the connection has a statement
    in progress ("Error creating function"), which happens when two threads share one connection, as
    a live test server and its test do on an in-memory database.
    """
    if connection.vendor == "sqlite":
        for name, (nargs, func) in FUNCTIONS.items():
            connection.connection.create_function(name, nargs, func, deterministic=True)


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    # --- index maintenance ---

    def reindex(self, ids: list[int]) -> None:
        with self.connection.cursor() as cursor:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                marks = ", ".join("%s" for _ in chunk)
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)
                cursor.execute(f"DELETE FROM {TABLE} WHERE publication_id IN ({marks})", chunk)
                doc, fts = _document_selects(f"p.id IN ({marks})")
                cursor.execute(doc, chunk)
                cursor.execute(fts, chunk)

    def rebuild(self, *, progress=None, jobs: int = 1) -> int:
        """Rebuild the index by id ranges (SQLite has one writer: ``jobs`` is ignored)."""
        batch = 20_000
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS}")
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute("SELECT min(id), max(id), count(*) FROM literature_publication")
            low, high, count = cursor.fetchone()
            done = 0
            if count:
                for start in range(low, high + 1, batch):
                    doc, fts = _document_selects("p.id >= %s AND p.id < %s")
                    cursor.execute(doc, [start, start + batch])
                    done += cursor.rowcount
                    cursor.execute(fts, [start, start + batch])
                    if progress:
                        progress(done, count)
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
        self.forget_histogram()
        return done

    def document(self, publication_id: int) -> dict:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {CANDIDATE_COLUMNS}, f.title, f.vtitle, f.subject, f.abstract, f.names, f.tags "
                f"FROM {TABLE} d JOIN {FTS} f ON f.rowid = d.publication_id WHERE d.publication_id = %s",
                [publication_id],
            )
            row = cursor.fetchone()
        if row is None:
            return {}
        keys = [c.split(".")[1] for c in CANDIDATE_COLUMNS.split(", ")]
        keys += ["title", "vtitle", "subject", "abstract", "names", "tags"]
        doc = dict(zip(keys, row, strict=True))
        doc["type_ids"], doc["drug_ids"] = json.loads(doc["type_ids"]), json.loads(doc["drug_ids"])
        return doc

    # --- querying ---

    def compile(self, tree) -> Compiled:
        match = self._render(tree) if tree is not None else ""
        return Compiled(match or None, match or None)

    def _render(self, node) -> str:
        if isinstance(node, Text):
            column = COLUMNS[node.fields]
            return f"{column} : {_phrase(node)}" if column else _phrase(node)
        if isinstance(node, Tag):
            alternatives = " OR ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in node.tokens)
            return f"tags : ({alternatives})"
        if isinstance(node, Or):
            parts = [p for p in (self._render(c) for c in node.children) if p]
            return " OR ".join(f"({p})" for p in parts)
        if isinstance(node, And):
            positive = [p for p in (self._render(c) for c in node.children if not isinstance(c, Not)) if p]
            negative = [p for p in (self._render(c.child) for c in node.children if isinstance(c, Not)) if p]
            if not positive:
                return ""
            out = " AND ".join(f"({p})" for p in positive)
            return f"({out})" + "".join(f" NOT ({n})" for n in negative) if negative else out
        return ""  # a bare exclusion never reaches here (query._check_exclusions)

    def restrict(self, compiled: str | None, date_tokens: list[str] | None) -> str | None:
        if not date_tokens:
            return compiled
        dates = "tags : (" + " OR ".join(f'"{t}"' for t in date_tokens) + ")"
        return f"({compiled}) AND {dates}" if compiled else dates

    def estimate(self, compiled: str | None) -> tuple[int, bool]:
        with self.connection.cursor() as cursor:
            if compiled is None:
                cursor.execute(f"SELECT count(*) FROM {TABLE}")
            else:
                cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", [compiled])
            return int(cursor.fetchone()[0]), True

    def fetch(self, compiled, *, k, newest, score_query=None, probe=None):
        order = (
            "d.date_key DESC, d.publication_id DESC"
            if newest
            else "(d.date_key = 0), d.date_key ASC, d.publication_id ASC"
        )
        if compiled is None:
            sql = (
                f"SELECT {CANDIDATE_COLUMNS}, 0.0, count(*) OVER () FROM {TABLE} d ORDER BY {order} LIMIT %s"
            )
            params = [k]
        else:
            # bm25() only works in the query that scans the FTS table: score the matches there.
            score = f"-{BM25}" if score_query else "0.0"
            sql = (
                f"WITH m (id, score) AS MATERIALIZED (SELECT rowid, {score} FROM {FTS} WHERE {FTS} MATCH %s) "
                f"SELECT {CANDIDATE_COLUMNS}, m.score, count(*) OVER () FROM m "
                f"JOIN {TABLE} d ON d.publication_id = m.id ORDER BY {order} LIMIT %s"
            )
            params = [compiled, k]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        total = rows[0][-1] if rows else 0
        return [
            Candidate(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4] or "",
                json.loads(r[5] or "[]"),
                json.loads(r[6] or "[]"),
                float(r[7]),
            )
            for r in rows
        ], int(total)

    def month_counts(self) -> list[tuple[int, int]]:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT date_key / 100, count(*) FROM {TABLE} GROUP BY 1")
            return cursor.fetchall()

    def snippets(self, query, ids):
        if not ids or not query.match:
            return {}
        marks = ", ".join("%s" for _ in ids)
        sql = (
            f"SELECT rowid, highlight({FTS}, 0, %s, %s), snippet({FTS}, 3, %s, %s, ' … ', 24) "
            f"FROM {FTS} WHERE {FTS} MATCH %s AND rowid IN ({marks})"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [MARK_START, MARK_END, MARK_START, MARK_END, query.match, *ids])
            return {r[0]: (r[1], r[2]) for r in cursor.fetchall()}
