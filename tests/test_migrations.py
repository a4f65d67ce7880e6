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


@pytest.mark.django_db(transaction=True)
def test_0005_spells_in_ascii_the_keys_and_tokens_it_used_to_drop_letters_from():
    from literature.models import compute_match_key
    from literature.search import reindex_publications
    from tests import factories
    from tests.literature.search.conftest import found

    journal = factories.JournalFactory(title="Ugeskrift for læger", iso_abbreviation="Ugeskr Læger")
    pub = factories.PublicationFactory(
        title="Ærø cohort", pub_year=2019, journal=journal, authors=["Sørensen JØ", "Małecki Ł"]
    )
    plain = factories.PublicationFactory(title="Plain", authors=["Smith J"])
    greek = factories.PublicationFactory(title="NF-κB signalling", pub_year=2019, authors=["Kim S"])
    # NFKD turns mathematical letters into Greek ones: its key changes too.
    maths = factories.PublicationFactory(title="Amyloid-𝛽 in plasma", pub_year=2019, authors=["Kim S"])
    reindex_publications([pub.pk, plain.pk, greek.pk, maths.pk])
    plain_keys = (plain.first_author_key, plain.match_key)

    call_command("migrate", "literature", "0004", verbosity=0)
    pub.refresh_from_db()
    assert (pub.first_author_key, pub.match_key) == (
        "s rensen j",
        compute_match_key("r cohort", 2019, "s rensen j"),
    )
    greek.refresh_from_db()
    assert greek.match_key == compute_match_key("NF-B signalling", 2019, "kim s")
    maths.refresh_from_db()
    assert maths.match_key == compute_match_key("Amyloid- in plasma", 2019, "kim s")

    call_command("migrate", verbosity=0)
    pub.refresh_from_db()
    plain.refresh_from_db()
    assert pub.first_author_key == "sorensen jo"
    assert pub.match_key == compute_match_key(pub.title, 2019, "sorensen jo")
    assert (plain.first_author_key, plain.match_key) == plain_keys
    greek.refresh_from_db()
    assert greek.match_key == compute_match_key("NF-kappa B signalling", 2019, "kim s")
    maths.refresh_from_db()
    assert maths.match_key == compute_match_key("Amyloid beta in plasma", 2019, "kim s")
    # Every author's and the journal's tokens, not only the first author's.
    for q in ["sorensen jo[au]", "malecki l[au]", "ugeskr laeger[ta]"]:
        assert found(q) == [pub.title], q
