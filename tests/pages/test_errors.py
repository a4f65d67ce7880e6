"""Errors: a styled 404 for unknown addresses, a friendly 500, no stack traces."""

import pytest
from django.test import Client
from django.test.client import RequestFactory

from portal import views


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page/",
        "/drugs/no-such-drug/",
        "/publications/987654321/",
        "/commentary/no-such-post/",
        "/commentary/authors/nobody/",
        "/commentary/tags/nothing/",
        "/publications/1/cite.exe",
    ],
)
def test_unknown_addresses_get_the_styled_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert (
        '<header class="site-header">' in page
        and '<link rel="stylesheet" href="/static/css/site.css">' in page
    )
    assert '<meta name="robots" content="noindex">' in page
    assert "Traceback" not in page


def test_a_server_error_gets_a_friendly_page_without_a_trace(db, settings):
    settings.ROOT_URLCONF = "tests.pages.urls_boom"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and "home page" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_the_500_page_survives_its_own_template_failing(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(views.loader, "render_to_string", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_unsafe_methods_on_pages_are_refused(client, db):
    assert client.post("/drugs/").status_code == 405
    assert client.post("/").status_code == 405
