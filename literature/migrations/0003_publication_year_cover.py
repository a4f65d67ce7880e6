"""A covering index of each publication's year (PostgreSQL).

A drug's evidence timeline counts its publications per year: for a drug linked to 11,000 of a
million publications, reading the year from this index instead of each publication's wide row
takes the query from ~220 to ~120 ms. SQLite is left as it is: it has no INCLUDE, and its rows
are looked up by rowid already.
"""

from django.db import migrations

INDEX = "literature_publication_id_year_cover"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON literature_publication (id) INCLUDE (pub_year)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("literature", "0002_search_index")]

    operations = [migrations.RunPython(create, drop)]
