"""Letters without a decomposition, and Greek letters, are spelled in ASCII in keys and field tokens.

NFKD leaves 'ø', 'æ', 'ß', 'ł' and the like as they are, so folding them to ``[a-z0-9]`` used
to drop them: 'Sørensen J' became the sort key 's rensen j' and the author token
``au_s_rensen_j_``. No ASCII export of the same paper (Web of Science writes 'Sorensen') then
matched it by title + year + first author, an author search for 'Sorensen' missed it, and
'Ødegård' sorted under D. Greek letters were dropped too: 'NF-κB' was 'nf b', where Web of
Science writes 'NF-kappa B' and a drug's name 'interferon beta-1a'. ``literature.models.normalize_text``
now spells them ('o', 'ae', 'ss', 'l'; 'kappa', 'beta'); this migration changes the SQL fold to
match, then recomputes the sort and match keys of the publications whose title or first author
holds such a letter and re-indexes every publication whose tokens hold one (any author, or its
journal).
"""

import hashlib
import re
import unicodedata

from django.db import migrations
from django.db.models import Exists, OuterRef, Q

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
# What to look for: the letters in both cases ('ẞ' is the capital sharp s; 'ı' is the capital I's),
# and anything Greek, the micro sign included.
LETTERS = sorted({*SPELLINGS, *(ch.upper() for ch in SPELLINGS if not ch.upper().isascii()), "ẞ"})
PATTERN = "[" + "".join(LETTERS) + "\u00b5\u0370-\u03ff\u1f00-\u1fff]"

_MARKS = r"'[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]'"
_SINGLE = {k: v for k, v in SPELLINGS.items() if len(v) == 1}
_SPELLED = "lower(coalesce(value, ''))"
_SPELLED = f"translate({_SPELLED}, '{''.join(_SINGLE)}', '{''.join(_SINGLE.values())}')"
for _letter, _spelling in SPELLINGS.items():
    if len(_spelling) > 1:
        _SPELLED = f"replace({_SPELLED}, '{_letter}', '{_spelling}')"


def _greek(sql: str) -> str:
    for letter, spelling in GREEK.items():
        sql = f"replace({sql}, '{letter}', '_{spelling}_')"
    return sql


def _fold_body(spelled: str, greek: bool = False) -> str:
    """The fold of ``value`` in SQL: ASCII as it is; otherwise NFKD with the accents dropped, then
    lowercase, then runs of other characters -> '_' (as in 0004, which this extends)."""
    stripped = f"regexp_replace(normalize({spelled}, NFKD), {_MARKS}, '', 'g')"
    if greek:
        stripped = _greek(f"lower({stripped})")
    return rf"""trim(both '_' from regexp_replace(
    lower(CASE WHEN octet_length(value) = length(value) THEN coalesce(value, '') ELSE {stripped} END),
    '[^a-z0-9]+', '_', 'g'))"""


FOLD_BODY_BEFORE = _fold_body("coalesce(value, '')")
FOLD_BODY = _fold_body(_SPELLED, greek=True)


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


def _holds_letter(field: str) -> Q:
    return Q(**{f"{field}__regex": PATTERN})


def _rekey(apps, schema_editor, spell: bool) -> None:
    alias = schema_editor.connection.alias
    Publication = apps.get_model("literature", "Publication")
    Authorship = apps.get_model("literature", "Authorship")
    Author = apps.get_model("literature", "Author")
    Journal = apps.get_model("literature", "Journal")

    spelled_authors = Author.objects.using(alias).filter(
        _holds_letter("last_name") | _holds_letter("initials") | _holds_letter("collective_name")
    )
    by_author = Authorship.objects.using(alias).filter(publication=OuterRef("pk"), author__in=spelled_authors)
    by_first = by_author.filter(position=1)
    journals = Journal.objects.using(alias).filter(
        _holds_letter("title") | _holds_letter("iso_abbreviation")
    ).values("pk")

    # Sort and match keys: the title and the first author.
    changed = []
    rows = (
        Publication.objects.using(alias)
        .filter(_holds_letter("title") | Exists(by_first))
        .only("id", "title", "pub_year", "author_list", "first_author_key", "match_key")
    )
    for pub in rows.iterator(chunk_size=2000):
        first = pub.author_list[0] if isinstance(pub.author_list, list) and pub.author_list else {}
        first = first if isinstance(first, dict) else {}
        name = first.get("collective_name") or f"{first.get('last_name', '')} {first.get('initials', '')}"
        first_key = _normalize(name, spell)[:200] if first else ""
        raw = f"{_normalize(pub.title, spell)}|{pub.pub_year or ''}|{first_key}"
        match_key = hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
        if (first_key, match_key) != (pub.first_author_key, pub.match_key):
            pub.first_author_key, pub.match_key = first_key, match_key
            changed.append(pub)
    Publication.objects.using(alias).bulk_update(changed, ["first_author_key", "match_key"], batch_size=1000)

    # The search index: its sort key column, and the author and journal tokens.
    ids = set(
        Publication.objects.using(alias)
        .filter(Exists(by_author) | Q(journal__in=journals))
        .values_list("pk", flat=True)
    )
    ids.update(pub.pk for pub in changed)
    if ids and schema_editor.connection.vendor in ("postgresql", "sqlite"):
        # The index is written by the current builder, as 0002 fills it.
        from literature.search import reindex_publications

        reindex_publications(sorted(ids), using=alias)


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
