"""``Publication.author_list`` carries each author's suffix ('Jr', '2nd'), so citations built from it
read 'Wright JT Jr' as PubMed does.

Only publications with an author who has a suffix are rewritten (their authorships give the order),
in chunks; going back removes the key again.
"""

from django.db import migrations

CHUNK = 2000


def _rewrite(apps, schema_editor, add: bool) -> None:
    alias = schema_editor.connection.alias
    Publication = apps.get_model("literature", "Publication")
    Authorship = apps.get_model("literature", "Authorship")
    ids = sorted(
        set(
            Authorship.objects.using(alias)
            .exclude(author__suffix="")
            .filter(author__collective_name="")
            .values_list("publication_id", flat=True)
        )
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        suffixes: dict[int, list[str]] = {}
        for pub_id, suffix in (
            Authorship.objects.using(alias)
            .filter(publication_id__in=chunk)
            .order_by("publication_id", "position")
            .values_list("publication_id", "author__suffix")
        ):
            suffixes.setdefault(pub_id, []).append(suffix)
        changed = []
        for pub in Publication.objects.using(alias).filter(pk__in=chunk).only("id", "author_list"):
            entries = pub.author_list if isinstance(pub.author_list, list) else []
            for entry, suffix in zip(entries, suffixes.get(pub.pk, []), strict=False):
                if not isinstance(entry, dict) or entry.get("collective_name"):
                    continue
                if add and suffix:
                    entry["suffix"] = suffix
                elif not add:
                    entry.pop("suffix", None)
            changed.append(pub)
        Publication.objects.using(alias).bulk_update(changed, ["author_list"], batch_size=1000)


def forward(apps, schema_editor):
    _rewrite(apps, schema_editor, add=True)


def backward(apps, schema_editor):
    _rewrite(apps, schema_editor, add=False)


class Migration(migrations.Migration):
    dependencies = [("literature", "0007_source_revised")]

    operations = [migrations.RunPython(forward, backward)]
