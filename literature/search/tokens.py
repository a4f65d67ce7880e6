"""The vocabulary of the search index besides words: field tokens, and the date tokens that slice it.

A publication's document holds its words (title, MeSH and keywords, abstract, author and
journal names) and a set of *field tokens*: whole values folded to ``[a-z0-9_]`` and ending
in ``_``, such as ``au_dahlin_j_s_`` (author Dahlin JS), ``ta_blood_`` (journal), ``mh_imatinib_mesylate_``
(MeSH heading), ``pt_review_`` (publication type), ``dr_12_`` (linked to drug 12), ``la_eng_``,
``ab_yes_``, ``si_nct00006343_`` (trial) and the date tokens below. Words never contain ``_``
(the query tokenizer splits on it and the document side treats it as a space), so a field token
can never be matched by a word, and a value is matched whole (``ta_blood_``) or by its
beginning (``au_dahlin_``: every Dahlin).

Filters, field tags and slices of the time axis are all field tokens, so a whole search is
one full-text query the index answers alone: a GIN bitmap on PostgreSQL, a doclist merge in
FTS5. The trailing ``_`` also keeps SQLite's porter stemmer off these tokens (no suffix rule
ends in ``_``).

The PostgreSQL backend builds the same tokens in SQL (``backends/postgres.py``); the tests run
the same cases on both engines to keep the two in step.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable

from literature.models import ascii_letters, normalize_text

# Date tokens: a publication carries its year, month (00 when unknown) and day, and the decade,
# century and millennium of its year; one without a year carries ``dp_none_``.
MIN_YEAR = 0
MAX_YEAR = 32767  # the largest year a PositiveSmallIntegerField holds
UNDATED = "dp_none_"
YES, NO = "ab_yes_", "ab_no_"


# The longest token body: folding lengthens a value (Greek letters spelled out) and PostgreSQL
# refuses a word over 2,047 bytes; its SQL fold (migration 0005) cuts at the same length.
MAX_FOLD = 1000


def fold(value: str | None) -> str:
    """A value as a token body: 'Dahlin JS' -> 'dahlin_js', 'Löf' -> 'lof', 'N Engl J Med' -> 'n_engl_j_med'."""
    return normalize_text(value or "").replace(" ", "_")[:MAX_FOLD]


def _token(prefix: str, value: str | None) -> str | None:
    body = fold(value)
    return f"{prefix}_{body}_" if body else None


def author_token(last_name: str = "", initials: str = "", collective_name: str = "") -> str | None:
    """``au_dahlin_j_s_``: the last name, then each initial; a collective is one value."""
    if collective_name:
        return _token("au", collective_name)
    last = fold(last_name)
    if not last:
        return None
    letters = fold(initials).replace("_", "")
    return f"au_{last}_" + "".join(f"{ch}_" for ch in letters)


def author_query_token(value: str) -> str | None:
    """The token prefix an author search means, as PubMed reads '[au]'.

    'dahlin' -> every Dahlin (``au_dahlin_``); 'dahlin j' -> Dahlin J, JS, JA... (``au_dahlin_j_``);
    'dahlin js' -> Dahlin JS (``au_dahlin_j_s_``); 'iris investigators' -> that collective. A last
    word of one to three letters after a name is read as initials.
    """
    words = fold(value).split("_") if fold(value) else []
    if not words:
        return None
    if len(words) >= 2 and len(words[-1]) <= 3 and words[-1].isalpha():
        return "au_" + "_".join(words[:-1]) + "_" + "".join(f"{ch}_" for ch in words[-1])
    return "au_" + "_".join(words) + "_"


def journal_tokens(title: str = "", iso_abbreviation: str = "", issn: str = "", eissn: str = "") -> list[str]:
    return [t for t in (_token("ta", v) for v in (title, iso_abbreviation, issn, eissn)) if t]


def journal_query_token(value: str) -> str | None:
    return _token("ta", value)


def mesh_tokens(name: str, qualifiers: Iterable[str] = ()) -> list[str]:
    base = fold(name)
    if not base:
        return []
    return [f"mh_{base}_"] + [f"mh_{base}_{fold(q)}_" for q in qualifiers if fold(q)]


def mesh_query_token(value: str) -> str | None:
    """'Neoplasms/drug therapy' reaches the heading with that qualifier, as in PubMed."""
    return _token("mh", value)


def type_token(name: str) -> str | None:
    return _token("pt", name)


def language_token(code: str) -> str | None:
    return _token("la", code)


def trial_token(identifier: str) -> str | None:
    return _token("si", identifier)


def drug_token(drug_id: int) -> str:
    return f"dr_{int(drug_id)}_"


def date_tokens(year: int | None, month: int | None = None, day: int | None = None) -> list[str]:
    if not year:
        return [UNDATED]
    tokens = [
        f"dp_{year}_",
        f"dp_{year}_{month or 0:02d}_",
        f"dd_{year // 10}_",
        f"dc_{year // 100}_",
        f"dm_{year // 1000}_",
    ]
    if month and day:
        tokens.append(f"dp_{year}_{month:02d}_{day:02d}_")
    return tokens


# --- covering a stretch of time with as few tokens as possible -------------------------------
#
# Months are numbered ``year * 13 + month`` with month 0 standing for "month unknown", which
# sorts before January as ``date_key`` does (2017-00 < 2017-01). A stretch of whole millennia,
# centuries, decades or years takes one token each; the ragged ends take month tokens.


def month_index(year: int, month: int) -> int:
    return year * 13 + month


def month_of(index: int) -> tuple[int, int]:
    return divmod(index, 13)


def _year_cover(first: int, last: int) -> list[str]:
    """Tokens for the whole years first..last inclusive, using the coarsest units that fit."""
    tokens: list[str] = []
    year = first
    while year <= last:
        for size, prefix in ((1000, "dm"), (100, "dc"), (10, "dd")):
            if year % size == 0 and year + size - 1 <= last:
                tokens.append(f"{prefix}_{year // size}_")
                year += size
                break
        else:
            tokens.append(f"dp_{year}_")
            year += 1
    return tokens


def month_cover(first: int, last: int) -> list[str]:
    """Tokens matching exactly the publications dated in months first..last (``month_index`` values)."""
    if first > last:
        return []
    (y1, m1), (y2, m2) = month_of(first), month_of(last)
    if y1 == y2:
        if m1 == 0 and m2 == 12:
            return [f"dp_{y1}_"]
        return [f"dp_{y1}_{m:02d}_" for m in range(m1, m2 + 1)]
    tokens: list[str] = []
    full_from, full_to = y1 + 1, y2 - 1
    if m1 == 0:
        full_from = y1
    else:
        tokens += [f"dp_{y1}_{m:02d}_" for m in range(m1, 13)]
    if m2 == 12:
        full_to = y2
    else:
        tokens += [f"dp_{y2}_{m:02d}_" for m in range(0, m2 + 1)]
    return _year_cover(full_from, full_to) + tokens


FIRST_MONTH = month_index(MIN_YEAR, 0)
LAST_MONTH = month_index(MAX_YEAR, 12)


# --- the document side, for SQLite (PostgreSQL builds the same in SQL) --------------------------


def _loads(value) -> list:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


def author_tags(author_list) -> list[str]:
    tokens = []
    for a in _loads(author_list):
        if isinstance(a, dict):
            token = author_token(a.get("last_name", ""), a.get("initials", ""), a.get("collective_name", ""))
            if token:
                tokens.append(token)
    return tokens


def author_names(author_list) -> str:
    names = []
    for a in _loads(author_list):
        if isinstance(a, dict):
            names.append(
                a.get("collective_name") or " ".join(p for p in (a.get("last_name"), a.get("initials")) if p)
            )
    return ", ".join(n for n in names if n)


def abstract_text(abstract) -> str:
    """As ``Publication.abstract_text``: 'LABEL: text' sections, blank lines between."""
    parts = []
    for s in _loads(abstract):
        if isinstance(s, dict):
            text = s.get("text") or ""
            parts.append(f"{s['label']}: {text}" if s.get("label") else text)
    return "\n\n".join(parts)


def keyword_text(keywords) -> str:
    return "; ".join(k for k in _loads(keywords) if isinstance(k, str))


def qualifier_list(qualifiers) -> list[str]:
    return [q for q in _loads(qualifiers) if isinstance(q, str)]


_WORD_SEPARATOR = re.compile(r"_+")


def words_only(text: str | None) -> str:
    """Document text for FTS5, whose tokenizer keeps '_' inside tokens: '_' becomes a space, as in PostgreSQL."""
    return _WORD_SEPARATOR.sub(" ", text or "")


def name_words(text: str | None) -> str:
    """Author and journal names for FTS5: ``words_only``, with 'ø', 'æ', 'ß', 'ł' and the like spelled
    in ASCII, as PostgreSQL's unaccent spells them ('Sørensen' is found as 'Sorensen'; unicode61 drops
    only marks). Titles and abstracts keep them: FTS5 shows those columns' own text in results."""
    return ascii_letters(words_only(text))


def strip_accents(text: str) -> str:
    value = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in value if not unicodedata.combining(ch))
