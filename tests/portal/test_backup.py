"""Backup and restore round trips (README, "Backup and restore"): every record, curated field and comment identical."""

import shutil
import subprocess

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from literature.models import Comment, Publication
from literature.services import pin_publication
from tests import factories

BACKED_UP_APPS = ["drugs", "literature", "auth", "admin"]


def curate():
    """Curator work worth keeping: a pinned excerpt, a hand correction, moderated comments, history."""
    call_command("load_demo", verbosity=0)
    pub = Publication.objects.get(title__startswith="Kinase Inhibitors")
    pub.title = "Kinase Inhibitors: The Reality Behind the Success (corrected)"
    pub.curated_fields = ["title"]
    pub.save()
    from drugs.models import Drug

    pin_publication(
        drug=Drug.objects.get(slug="imatinib"), publication=pub, rank=1, excerpt="..curated excerpt.."
    )
    post = factories.PostFactory()
    factories.CommentFactory(
        post=post, body="Approved <b>comment</b> ünïcode", status=Comment.Status.APPROVED
    )
    factories.CommentFactory(post=post, status=Comment.Status.SPAM)
    factories.CuratorFactory(username="keeper")


def snapshot():
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        # Permissions are rebuilt by migrate, not restored; groups keep theirs by natural key.
        if model._meta.app_label in BACKED_UP_APPS and model._meta.label != "auth.Permission":
            # Many-to-many rows are restored from their parents' lists: their own ids are new.
            skip = {"content_type_id", "permission_id"} | ({"id"} if model._meta.auto_created else set())
            rows = [{k: v for k, v in row.items() if k not in skip} for row in model.objects.values()]
            tables[model._meta.label] = sorted(rows, key=repr)
    return tables


@pytest.mark.django_db(transaction=True)
def test_dumpdata_loaddata_round_trip_keeps_everything(tmp_path):
    curate()
    before = snapshot()
    backup = tmp_path / "backup.exactjson"
    call_command(
        "dumpdata", "--natural-foreign", "--exclude=contenttypes", "--exclude=auth.permission",
        "--exclude=sessions", "--format=exactjson", f"--output={backup}", verbosity=0,
    )  # fmt: skip
    call_command("flush", "--no-input", verbosity=0)
    assert Publication.objects.count() == 0
    call_command("loaddata", str(backup), verbosity=0)
    assert snapshot() == before
    assert Publication.objects.filter(curated_fields=["title"]).count() == 1


def table_digests(dsn: str, tables: list[str]) -> dict[str, str]:
    import psycopg

    with psycopg.connect(dsn) as conn:
        return {
            t: conn.execute(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x.id)), '') FROM {t} x"
            ).fetchone()[0]  # noqa: S608
            for t in tables
        }


@pytest.mark.django_db(transaction=True)
def test_pg_dump_pg_restore_round_trip_keeps_everything(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore round trip: runs when DATABASE_URL points at PostgreSQL")
    for tool in ("pg_dump", "pg_restore"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed")
    curate()
    s = connection.settings_dict
    base = ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"] or "postgres"]
    restored = f"{s['NAME']}_restored"
    dump = tmp_path / "portal.dump"
    subprocess.run(
        ["pg_dump", *base, "--format=custom", "--no-owner", f"--file={dump}", s["NAME"]], check=True
    )
    subprocess.run(["dropdb", *base, "--if-exists", restored], check=True)
    subprocess.run(["createdb", *base, restored], check=True)
    try:
        subprocess.run(
            ["pg_restore", *base, "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
            check=True,
        )
        tables = [
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.app_label in BACKED_UP_APPS + ["contenttypes"]
        ]
        dsn = f"host={base[1]} port={base[3]} user={base[5]} dbname="
        original, copy = table_digests(dsn + s["NAME"], tables), table_digests(dsn + restored, tables)
        assert original == copy
        assert original["literature_comment"].startswith("2:")
    finally:
        subprocess.run(["dropdb", *base, "--if-exists", restored], check=True)
