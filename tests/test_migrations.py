"""Migrations apply backward and forward cleanly on a populated database."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from literature.models import Post, Publication, PublicationDrug
from portal.roles import CURATORS_GROUP


def counts():
    return (Publication.objects.count(), PublicationDrug.objects.count(), Post.objects.count())


@pytest.mark.django_db(transaction=True)
def test_migrations_go_back_to_the_initial_schema_and_forward_keeping_the_data():
    call_command("load_demo", verbosity=0)
    before = counts()
    assert before == (66, 62, 1)
    # Undo everything after each app's initial migration, then apply it all again.
    call_command("migrate", "portal", "zero", verbosity=0)
    assert not Group.objects.filter(name=CURATORS_GROUP).exists()
    call_command("migrate", "literature", "0001", verbosity=0)
    call_command("migrate", verbosity=0)
    assert counts() == before
    assert Group.objects.get(name=CURATORS_GROUP).permissions.count() > 0
    # The search index rebuilt from the restored table finds the demo literature.
    from literature import search

    search.rebuild_index()


@pytest.mark.django_db(transaction=True)
def test_every_migration_unapplies_to_zero_and_reapplies():
    call_command("load_demo", verbosity=0)
    for app in ["portal", "literature", "drugs"]:
        call_command("migrate", app, "zero", verbosity=0)
    call_command("migrate", verbosity=0)
    assert counts() == (0, 0, 0)
    call_command("load_demo", verbosity=0)
    assert counts() == (66, 62, 1)
