"""The index follows the data: admin edits (and their inlines), link reviews, renames, deletions, rebuilds."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from literature.models import Journal, Publication, PublicationDrug
from literature.search import reindex_publications
from tests import factories
from tests.literature.search.conftest import abstract, found, index

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_form(pub, **overrides):
    data = {
        "title": pub.title,
        "language": "eng",
        "abstract": '[{"label": "", "category": "", "text": "An abstract about kinases."}]',
        "other_abstracts": "[]",
        "keywords": "[]",
        "source": "curator",
        "author_list_complete": "on",
        "pmid": str(pub.pmid),
        "doi": pub.doi,
        "journal": str(pub.journal_id),
        "pub_year": str(pub.pub_year),
    }
    for prefix in ["authorships", "drug_links", "mesh_headings", "relations"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    for name in ["abstract", "other_abstracts", "keywords"]:
        data[f"initial-{name}"] = data[name]
    return data


@pytest.fixture
def pub(db):
    p = factories.PublicationFactory(title="Mast cell progenitors", authors=[])
    index(p)
    return p


def test_a_title_corrected_in_the_admin_is_searched_at_once(curator_client, pub):
    response = curator_client.post(
        admin_url(Publication, "change", pub.pk), change_form(pub, title="Basophil progenitors")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("basophil") == ["Basophil progenitors"]
    assert found("mast") == []


def test_an_author_added_inline_is_searched_at_once(curator_client, pub):
    author = factories.AuthorFactory(last_name="Dahlin", fore_name="Joakim", initials="JS")
    data = change_form(pub, **{"authorships-TOTAL_FORMS": "1", "authorships-0-position": "1",
                                "authorships-0-author": str(author.pk)})  # fmt: skip
    response = curator_client.post(admin_url(Publication, "change", pub.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("dahlin js[au]") == [pub.title]


def test_a_drug_link_added_inline_and_then_rejected_in_review(curator_client, pub):
    drug = factories.DrugFactory(name="Masitinib", slug="masitinib")
    data = change_form(pub, **{"drug_links-TOTAL_FORMS": "1", "drug_links-0-drug": str(drug.pk),
                                "drug_links-0-origin": "curator", "drug_links-0-status": "confirmed"})  # fmt: skip
    response = curator_client.post(admin_url(Publication, "change", pub.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found(drug=drug) == [pub.title]
    assert found("masitinib") == [pub.title]  # the name finds the literature linked to it
    link = PublicationDrug.objects.get(publication=pub, drug=drug)
    curator_client.post(
        admin_url(PublicationDrug, "changelist"), {"action": "reject_links", "_selected_action": [link.pk]}
    )
    assert found(drug=drug) == []


def test_a_renamed_journal_is_searched_under_its_new_name(curator_client, pub):
    journal = pub.journal
    data = {
        "title": "Haematologica",
        "iso_abbreviation": "Haematologica",
        "issn": "",
        "eissn": "",
        "nlm_id": "",
    }
    response = curator_client.post(admin_url(Journal, "change", journal.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("haematologica[ta]") == [pub.title]


def test_a_publication_deleted_in_the_admin_leaves_the_index(curator_client, pub):
    other = factories.PublicationFactory(title="Mast cell tumours", authors=[])
    index(other)
    response = curator_client.post(admin_url(Publication, "delete", pub.pk), {"post": "yes"})
    assert response.status_code == 302
    assert found("mast") == ["Mast cell tumours"]


def test_a_publication_deleted_by_code_is_never_found(pub):
    Publication.objects.filter(pk=pub.pk).delete()
    assert found("mast") == []
    assert found("") == []
    reindex_publications([pub.pk])  # what writers do; harmless for an id that is gone
    assert found("mast") == []


def test_admin_search_is_full_text(curator_client, pub):
    url = admin_url(Publication, "changelist")
    factories.PublicationFactory(title="Unrelated basophil paper", authors=["Dahlin J"])
    index(*Publication.objects.all())
    response = curator_client.get(url, {"q": "progenitor"})
    assert list(response.context["cl"].result_list) == [pub]
    response = curator_client.get(url, {"q": "dahlin[au]"})
    assert [p.title for p in response.context["cl"].result_list] == ["Unrelated basophil paper"]
    response = curator_client.get(url, {"q": str(pub.pmid)})
    assert list(response.context["cl"].result_list) == [pub]
    response = curator_client.get(url, {"q": "-progenitor"})
    assert response.status_code == 200 and list(response.context["cl"].result_list) == []


def test_rebuild_command_rebuilds_the_index_from_the_table(pub):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM literature_searchdoc")
    assert found("mast") == []
    out = StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=out)
    assert "Would rebuild" in out.getvalue() and found("mast") == []
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed 1 publications" in out.getvalue()
    assert found("mast") == [pub.title]


def test_reindexing_is_idempotent_and_set_based(db):
    pubs = [
        factories.PublicationFactory(title=f"Topic {i}", abstract=abstract("words"), authors=[])
        for i in range(30)
    ]
    index(*pubs)
    index(*pubs)
    assert len(found("topic")) == 30


@pytest.mark.django_db(transaction=True)
def test_a_parallel_rebuild_outside_a_transaction_and_a_flush_of_the_tables(monkeypatch):
    """Committed data, several connections (PostgreSQL), then the test database is flushed (TRUNCATE)."""
    from literature.search.backends import postgres

    monkeypatch.setattr(postgres, "REBUILD_BATCH", 3)  # several ranges for two connections
    pubs = [factories.PublicationFactory(title=f"Committed topic {i}", authors=[]) for i in range(10)]
    out = StringIO()
    call_command("rebuild_search_index", "--jobs", "2", stdout=out)
    assert "Indexed 10 publications" in out.getvalue()
    assert len(found("committed topic")) == 10
    Publication.objects.filter(pk=pubs[0].pk).delete()
    assert len(found("committed topic")) == 9


def test_reindexing_while_the_connection_is_reading_works():
    """A live test server shares the test's SQLite connection: a save in the server reindexed while
    the test thread's statement was still running, and redefining the index's functions then failed."""
    pubs = factories.PublicationFactory.create_batch(3, title="Basophil counts")
    with connection.cursor() as reading:
        reading.execute("SELECT id FROM literature_publication ORDER BY id")
        reading.fetchone()  # the statement is still in progress
        reindex_publications([p.pk for p in pubs])
        assert reading.fetchone() is not None
    assert found("basophil") == ["Basophil counts"] * 3
