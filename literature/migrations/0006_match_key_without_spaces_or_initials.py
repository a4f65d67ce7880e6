"""Match keys as ``literature.models.compute_match_key`` now makes them: the title and the first
author's surname without spaces ('NF-κB' = 'NF-kappaB'), and without the initials (PubMed's
'Druker BJ' = Crossref's 'Brian Druker').

Every publication is re-keyed, in chunks of primary keys, each chunk its own transaction (the
keys are recomputed from the rows, so a migration cut short is simply run again, and a large
table is not locked whole until the end); going back restores the earlier form.
The search index holds no match key, so nothing is re-indexed. The normalization is migration
0005's frozen copy, so later changes to the models cannot change what this migration does.
"""

import hashlib
import importlib

from django.db import migrations, transaction

_normalize = importlib.import_module("literature.migrations.0005_ascii_spellings")._normalize

CHUNK = 2000


def _first_author_name(author_list) -> str:
    first = author_list[0] if isinstance(author_list, list) and author_list else None
    if not isinstance(first, dict):
        return ""
    return str(first.get("collective_name") or first.get("last_name") or "")


def _match_key(title, year, author_list, first_author_key: str, compact: bool) -> str:
    if compact:
        name = _normalize(_first_author_name(author_list), True).replace(" ", "")
        raw = f"{_normalize(title, True).replace(' ', '')}|{year or ''}|{name}"
    else:
        raw = f"{_normalize(title, True)}|{year or ''}|{first_author_key}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def _rekey(apps, schema_editor, compact: bool) -> None:
    Publication = apps.get_model("literature", "Publication")
    publications = Publication.objects.using(schema_editor.connection.alias)
    last = 0
    while True:
        rows = list(
            publications.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "title", "pub_year", "author_list", "first_author_key", "match_key")[:CHUNK]
        )
        if not rows:
            return
        last = rows[-1][0]
        changed = []
        for pk, title, year, author_list, first_author_key, old in rows:
            key = _match_key(title, year, author_list, first_author_key, compact)
            if key != old:
                changed.append(Publication(pk=pk, match_key=key))
        with transaction.atomic(using=schema_editor.connection.alias):
            publications.bulk_update(changed, ["match_key"], batch_size=1000)


def forward(apps, schema_editor):
    _rekey(apps, schema_editor, compact=True)


def backward(apps, schema_editor):
    _rekey(apps, schema_editor, compact=False)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("literature", "0005_ascii_spellings")]

    operations = [migrations.RunPython(forward, backward)]
