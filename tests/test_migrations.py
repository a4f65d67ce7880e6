"""Migrations apply backward and forward cleanly on a populated database."""

import hashlib

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from literature.models import Post, Publication, PublicationDrug
from portal.roles import CURATORS_GROUP


def old_match_key(title, year, first_author_key):
    """The match key before migration 0006: spaced title words and the first author's initials."""
    from literature.models import normalize_text

    raw = f"{normalize_text(title)}|{year or ''}|{first_author_key}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


# The columns read while the database is migrated back (later columns do not exist there yet).
KEYS = ["first_author_key", "match_key", "title"]


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
    pub.refresh_from_db(fields=KEYS)
    assert (pub.first_author_key, pub.match_key) == (
        "s rensen j",
        old_match_key("r cohort", 2019, "s rensen j"),
    )
    greek.refresh_from_db(fields=KEYS)
    assert greek.match_key == old_match_key("NF-B signalling", 2019, "kim s")
    maths.refresh_from_db(fields=KEYS)
    assert maths.match_key == old_match_key("Amyloid- in plasma", 2019, "kim s")

    call_command("migrate", "literature", "0005", verbosity=0)
    pub.refresh_from_db(fields=KEYS)
    plain.refresh_from_db(fields=KEYS)
    assert pub.first_author_key == "sorensen jo"
    assert pub.match_key == old_match_key(pub.title, 2019, "sorensen jo")
    assert plain.first_author_key == plain_keys[0]
    greek.refresh_from_db(fields=KEYS)
    assert greek.match_key == old_match_key("NF-kappa B signalling", 2019, "kim s")
    maths.refresh_from_db(fields=KEYS)
    assert maths.match_key == old_match_key("Amyloid beta in plasma", 2019, "kim s")

    call_command("migrate", verbosity=0)
    pub.refresh_from_db()
    plain.refresh_from_db()
    assert pub.match_key == compute_match_key(pub.title, 2019, "Sørensen")
    assert (plain.first_author_key, plain.match_key) == plain_keys
    greek.refresh_from_db()
    assert greek.match_key == compute_match_key("NF-kappaB signalling", 2019, "Kim")
    # Every author's and the journal's tokens, not only the first author's.
    for q in ["sorensen jo[au]", "malecki l[au]", "ugeskr laeger[ta]"]:
        assert found(q) == [pub.title], q


@pytest.mark.django_db(transaction=True)
def test_0006_keys_titles_without_spaces_and_first_authors_without_initials_and_back():
    from literature.models import compute_match_key
    from tests import factories

    pub = factories.PublicationFactory(title="TGF-β1 and NF-κB in CML", pub_year=2020, authors=["Druker BJ"])
    group = factories.PublicationFactory(title="Long-term follow-up", pub_year=2021, authors=[])
    group.author_list = [{"collective_name": "IRIS Study Group"}]
    group.first_author_key = "iris study group"
    group.save()
    lone = factories.PublicationFactory(title="No authors at all", pub_year=None, authors=[])
    new = {
        pub.pk: compute_match_key("TGF-beta1 and NF-kappaB in CML", 2020, "Druker"),
        group.pk: compute_match_key("Longterm followup", 2021, "IRISStudy group"),
        lone.pk: compute_match_key("No authors at all", None, ""),
    }
    assert dict(Publication.objects.values_list("pk", "match_key")) == new

    call_command("migrate", "literature", "0005", verbosity=0)
    assert dict(Publication.objects.values_list("pk", "match_key")) == {
        pub.pk: old_match_key(pub.title, 2020, "druker bj"),
        group.pk: old_match_key(group.title, 2021, "iris study group"),
        lone.pk: old_match_key(lone.title, None, ""),
    }
    call_command("migrate", verbosity=0)
    assert dict(Publication.objects.values_list("pk", "match_key")) == new


@pytest.mark.django_db(transaction=True)
def test_0008_writes_author_suffixes_into_author_list_and_back():
    from literature.services import AuthorName, set_authors
    from tests import factories

    pub = factories.PublicationFactory(title="Blood pressure targets", authors=[])
    set_authors(
        publication=pub,
        names=[AuthorName(collective_name="SPRINT Research Group"),
               AuthorName(last_name="Wright", fore_name="Jackson T", initials="JT", suffix="Jr")],
    )  # fmt: skip
    plain = factories.PublicationFactory(title="Plain", authors=["Smith J"])
    with_suffix = [{"collective_name": "SPRINT Research Group"},
                   {"last_name": "Wright", "fore_name": "Jackson T", "initials": "JT", "suffix": "Jr"}]  # fmt: skip
    assert Publication.objects.get(pk=pub.pk).author_list == with_suffix

    call_command("migrate", "literature", "0007", verbosity=0)
    assert Publication.objects.only("author_list").get(pk=pub.pk).author_list == [
        with_suffix[0],
        {k: v for k, v in with_suffix[1].items() if k != "suffix"},
    ]
    call_command("migrate", verbosity=0)
    assert Publication.objects.get(pk=pub.pk).author_list == with_suffix
    assert Publication.objects.get(pk=plain.pk).author_list == [{"last_name": "Smith", "initials": "J"}]
