"""The admin's import page: curators upload a file and read the same report as the command."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from literature.models import Publication, PublicationDrug
from tests import factories
from tests.literature.importers.conftest import FIXTURES

pytestmark = pytest.mark.django_db

URL = "admin:literature_publication_import"


def upload(name="pubmed_articles.xml", data=None, **fields):
    data = (FIXTURES / name).read_bytes() if data is None else data
    return {"file": SimpleUploadedFile(name, data), "format": "auto", **fields}


def test_the_changelist_offers_the_import_to_a_curator(curator_client):
    response = curator_client.get(reverse("admin:literature_publication_changelist"))
    assert response.status_code == 200
    assert reverse(URL).encode() in response.content
    assert b"Import literature" in response.content


def test_a_curator_uploads_a_file_and_reads_the_report(curator_client):
    page = curator_client.get(reverse(URL))
    assert page.status_code == 200 and b'type="file"' in page.content
    response = curator_client.post(reverse(URL), upload())
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        "pubmed_articles.xml (pubmed): 6 records: 4 created, 0 updated, 0 unchanged, 2 skipped, 0 failed"
        in text
    )
    assert "skipped: record 6: DeleteCitation: NLM withdrew PMID 90000006" in text
    assert Publication.objects.count() == 4


def test_the_upload_takes_the_same_options_as_the_command(curator_client):
    drug = factories.DrugFactory(name="Dasatinib", slug="dasatinib")
    response = curator_client.post(reverse(URL), upload(drug="dasatinib", dry_run="on"))
    assert "Dry run (nothing written)" in response.content.decode()
    assert not Publication.objects.exists()
    curator_client.post(reverse(URL), upload(drug="Dasatinib"))
    assert list(PublicationDrug.objects.values_list("publication__pmid", "drug", "status")) == [
        (90000003, drug.pk, "pending")
    ]


def test_an_unknown_drug_is_a_form_error_and_nothing_is_imported(curator_client):
    response = curator_client.post(reverse(URL), upload(drug="no such drug"))
    assert response.status_code == 200
    assert "No drug is called" in response.content.decode()
    assert not Publication.objects.exists()


def test_a_malformed_file_is_reported_not_a_server_error(curator_client):
    response = curator_client.post(reverse(URL), upload("broken.xml", b"<PubmedArticleSet><PubmedArticle>"))
    assert response.status_code == 200
    assert "not well-formed XML" in response.content.decode()
    assert not Publication.objects.exists()


def test_an_oversized_upload_is_refused_with_a_clear_message(curator_client, settings):
    settings.LITERATURE_IMPORT_MAX_UPLOAD_SIZE = 1000
    response = curator_client.post(reverse(URL), upload())  # ~12 kB
    assert response.status_code == 200
    text = response.content.decode()
    assert "larger than the upload limit" in text and "manage.py import_literature" in text
    assert not Publication.objects.exists()


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.post(reverse(URL), upload())
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert not Publication.objects.exists()


def test_staff_without_publication_permissions_is_refused(client):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), upload()).status_code == 403
    assert not Publication.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(curator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    assert client.post(reverse(URL), upload()).status_code == 403
    assert not Publication.objects.exists()


def test_a_post_with_the_csrf_token_is_accepted(curator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    page = client.get(reverse(URL))
    token = page.context["csrf_token"]
    response = client.post(reverse(URL), {**upload(), "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 200 and Publication.objects.count() == 4
