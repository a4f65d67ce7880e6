"""Reads go to the replica and writes to the primary when a replica is configured."""

import pytest
from django.db import connection, router
from django.test import override_settings

from literature.models import Publication
from portal.db_router import PrimaryReplicaRouter, use_primary
from tests import factories

ROUTED = override_settings(DATABASE_ROUTERS=["portal.db_router.PrimaryReplicaRouter"])


@pytest.fixture
def postgres_only():
    # Two connections to one in-memory SQLite database lock each other's tables; replicas are a
    # PostgreSQL deployment feature in any case.
    if connection.vendor != "postgresql":
        pytest.skip("read replicas: runs when DATABASE_URL points at PostgreSQL")


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_reads_use_the_replica_and_writes_the_primary(postgres_only):
    with ROUTED:
        pub = factories.PublicationFactory(title="Routed record")
        assert router.db_for_write(Publication) == "default"
        queryset = Publication.objects.filter(pk=pub.pk)
        assert queryset.db == "replica"
        # The replica alias mirrors the test database, so the row written to the primary is read back.
        assert queryset.get().title == "Routed record"
        with use_primary():
            assert Publication.objects.all().db == "default"
        assert router.allow_migrate("default", "literature") is True
        assert router.allow_migrate("replica", "literature") is False


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_without_a_replica_alias_everything_uses_the_primary(settings):
    settings.DATABASES = {"default": settings.DATABASES["default"]}
    assert PrimaryReplicaRouter().db_for_read(Publication) == "default"


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_a_comment_post_and_the_admin_read_from_the_primary(client, curator, postgres_only):
    post = factories.PostFactory()
    seen = []

    class Spy:
        def db_for_read(self, model, **hints):
            seen.append(PrimaryReplicaRouter().db_for_read(model, **hints))
            return None  # let the real router decide

    with override_settings(DATABASE_ROUTERS=[Spy(), "portal.db_router.PrimaryReplicaRouter"]):
        client.get(post.get_absolute_url())
        assert "replica" in seen
        client.force_login(curator)
        seen.clear()
        client.get("/admin/literature/comment/")
        assert seen and set(seen) == {"default"}
        seen.clear()
        client.post(post.get_absolute_url(), {"name": "R", "body": "Hello"})
        assert set(seen) <= {"default"}
