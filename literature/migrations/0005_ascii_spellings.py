"""Letters without a decomposition, and Greek letters, are spelled in ASCII in keys and field tokens.

NFKD leaves 'ø', 'æ', 'ß', 'ł' and the like as they are, so folding them to ``[a-z0-9]`` used
to drop them: 'Sørensen J' became the sort key 's rensen j' and the author token
``au_s_rensen_j_``. No ASCII export of the same paper (Web of Science writes 'Sorensen') then
matched it by title + year + first author, an author search for 'Sorensen' missed it, and
'Ødegård' sorted under D. Greek letters were dropped too: 'NF-κB' was 'nf b', where Web of
Science writes 'NF-kappa B' and a drug's name 'interferon beta-1a'. ``literature.models.normalize_text``
now spells them ('o', 'ae', 'ss', 'l'; 'kappa', 'beta'); this migration changes the SQL fold to
match, recomputes the sort and match keys that change (a non-ASCII title or first author), and
re-indexes the publications whose keys or field tokens change (an author, the journal or a MeSH
heading that folds differently now).
"""

import hashlib
import re
import unicodedata

from django.db import migrations
from django.db.models import Q

# The letters and their spellings, frozen here as this migration applies them (the models'
# ASCII_SPELLINGS has the same).
SPELLINGS = {
    "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th",
    "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n",
}  # fmt: skip
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip
# Rows whose keys may change: any character beyond ASCII (NFKD also turns mathematical and unit
# forms such as '𝛽' and '㎍' into Greek); which of them do change is checked in Python.
NON_ASCII = r"[^\x01-\x7f]"
# The longest field-token body; a folded value grows (Greek letters spelled out), and PostgreSQL
# refuses a word over 2,047 bytes.
MAX_FOLD = 1000

_MARKS = r"'[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]'"
# Spelled in both cases, without lower() first: lower() leaves non-ASCII letters as they are on a
# database whose LC_CTYPE is C.
_CASED = {**SPELLINGS, **{k.upper(): v.capitalize() for k, v in SPELLINGS.items() if not k.upper().isascii()}}
_CASED["ẞ"] = "Ss"
_SINGLE = {k: v for k, v in _CASED.items() if len(v) == 1}
_SPELLED = f"translate(coalesce(value, ''), '{''.join(_SINGLE)}', '{''.join(_SINGLE.values())}')"
for _letter, _spelling in _CASED.items():
    if len(_spelling) > 1:
        _SPELLED = f"replace({_SPELLED}, '{_letter}', '{_spelling}')"
_GREEK_CASED = {**GREEK, **{k.upper(): v for k, v in GREEK.items() if k != "ς"}}


def _greek(sql: str) -> str:
    for letter, spelling in _GREEK_CASED.items():
        sql = f"replace({sql}, '{letter}', '_{spelling}_')"
    return sql


def _fold_body(spelled: str, greek: bool = False) -> str:
    """The fold of ``value`` in SQL: ASCII as it is; otherwise NFKD with the accents dropped, then
    lowercase, then runs of other characters -> '_' (as in 0004, which this extends)."""
    stripped = f"regexp_replace(normalize({spelled}, NFKD), {_MARKS}, '', 'g')"
    if greek:
        stripped = _greek(stripped)
    return rf"""trim(both '_' from regexp_replace(
    lower(CASE WHEN octet_length(value) = length(value) THEN coalesce(value, '') ELSE {stripped} END),
    '[^a-z0-9]+', '_', 'g'))"""


FOLD_BODY_BEFORE = _fold_body("coalesce(value, '')")
FOLD_BODY = f"left({_fold_body(_SPELLED, greek=True)}, {MAX_FOLD})"


def _fold_function(body: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION literature_search_fold(value text) RETURNS text
               LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {body} $$"""


def _normalize(value: str, spell: bool) -> str:
    """``normalize_text`` as it is after (``spell``) and before this migration."""
    value = (value or "").lower()
    if spell:
        value = value.translate(str.maketrans(SPELLINGS))
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    if spell:
        value = value.translate(str.maketrans({k: f" {v} " for k, v in GREEK.items()}))
    return " ".join(re.findall(r"[a-z0-9]+", value))


CHUNK = 2000


def _respelled(value) -> bool:
    """Whether ``value`` folds differently after this migration than before it."""
    return bool(value) and not value.isascii() and _normalize(value, True) != _normalize(value, False)


def _non_ascii(*fields: str) -> Q:
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__regex": NON_ASCII})
    return q


def _respelled_ids(queryset, *fields: str) -> list[int]:
    """Ids of the rows one of whose ``fields`` folds differently now (non-ASCII ones, checked in Python)."""
    rows = queryset.filter(_non_ascii(*fields)).values_list("pk", *fields)
    return [pk for pk, *values in rows.iterator(chunk_size=CHUNK) if any(_respelled(v) for v in values)]


def _chunks(values):
    values = sorted(values)
    return [values[start : start + CHUNK] for start in range(0, len(values), CHUNK)]


def _rekey(apps, schema_editor, spell: bool) -> None:
    alias = schema_editor.connection.alias
    Publication = apps.get_model("literature", "Publication")
    Authorship = apps.get_model("literature", "Authorship")
    MeshHeading = apps.get_model("literature", "MeshHeading")
    publications = Publication.objects.using(alias)

    # Publications whose field tokens change: an author, the journal or a MeSH heading is spelled anew.
    to_index, authored = set(), set()
    authors = _respelled_ids(apps.get_model("literature", "Author").objects.using(alias),
                             "last_name", "initials", "collective_name")  # fmt: skip
    for chunk in _chunks(authors):
        authored.update(
            Authorship.objects.using(alias)
            .filter(author_id__in=chunk)
            .values_list("publication_id", flat=True)
        )
    to_index |= authored
    journals = _respelled_ids(
        apps.get_model("literature", "Journal").objects.using(alias), "title", "iso_abbreviation"
    )
    for chunk in _chunks(journals):
        to_index.update(publications.filter(journal_id__in=chunk).values_list("pk", flat=True))
    terms = _respelled_ids(apps.get_model("literature", "MeshTerm").objects.using(alias), "name")
    for chunk in _chunks(terms):
        to_index.update(
            MeshHeading.objects.using(alias)
            .filter(term_id__in=chunk)
            .values_list("publication_id", flat=True)
        )

    # Sort and match keys: the title and the first author (whose publications are among ``authored``).
    def rekey(rows) -> None:
        changed = []
        for pub in rows.only("id", "title", "pub_year", "author_list", "first_author_key", "match_key"):
            first = pub.author_list[0] if isinstance(pub.author_list, list) and pub.author_list else {}
            first = first if isinstance(first, dict) else {}
            name = first.get("collective_name") or f"{first.get('last_name', '')} {first.get('initials', '')}"
            first_key = _normalize(name, spell)[:200] if first else ""
            raw = f"{_normalize(pub.title, spell)}|{pub.pub_year or ''}|{first_key}"
            match_key = hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
            if (first_key, match_key) != (pub.first_author_key, pub.match_key):
                pub.first_author_key, pub.match_key = first_key, match_key
                changed.append(pub)
        publications.bulk_update(changed, ["first_author_key", "match_key"], batch_size=1000)
        to_index.update(pub.pk for pub in changed)

    titled = set(publications.filter(_non_ascii("title")).values_list("pk", flat=True))
    for chunk in _chunks(titled | authored):
        rekey(publications.filter(pk__in=chunk))

    if to_index and schema_editor.connection.vendor in ("postgresql", "sqlite"):
        # The index is written by the current builder, as 0002 fills it. (On SQLite that builder is
        # the code's Python fold: after going back to 0004 with older code, run rebuild_search_index.)
        from literature.search import reindex_publications

        reindex_publications(sorted(to_index), using=alias)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_fold_function(FOLD_BODY))
    _rekey(apps, schema_editor, spell=True)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_fold_function(FOLD_BODY_BEFORE))
    _rekey(apps, schema_editor, spell=False)


class Migration(migrations.Migration):
    dependencies = [("literature", "0004_import_indexes")]

    operations = [migrations.RunPython(forward, backward)]
