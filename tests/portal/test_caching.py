"""Conditional GET (ETag, Last-Modified, 304) and fragments cached until curators change data."""

import pytest
from django.urls import reverse

from drugs.models import Drug
from literature.models import Comment
from portal.caching import cached, content_version
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_unchanged_drug_page_revisited_answers_304_without_running_the_view(
    client, demo, django_assert_num_queries
):
    url = reverse("drugs:detail", args=["imatinib"])
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, no-cache"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_bookmarked_search_revisited_answers_304(client, demo):
    url = reverse("literature:search") + "?q=imatinib&sort=newest"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Another query is another page with another tag.
    assert client.get(url + "&page=2", HTTP_IF_NONE_MATCH=etag).status_code in {200, 404}


def test_a_curators_edit_changes_the_tag_and_the_page(client, demo, django_capture_on_commit_callbacks):
    url = reverse("drugs:detail", args=["imatinib"])
    etag = client.get(url)["ETag"]
    drug = Drug.objects.get(slug="imatinib")
    with django_capture_on_commit_callbacks(execute=True):
        drug.summary = "A revised summary for clinicians."
        drug.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "A revised summary for clinicians." in response.content.decode()


def test_a_pending_comment_does_not_invalidate_but_its_approval_does(django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        comment = factories.CommentFactory(status=Comment.Status.PENDING)
    pending = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        comment.status = Comment.Status.APPROVED
        comment.save()
    # The factory's post is new content; the pending comment itself bumps nothing more.
    assert pending != content_version() and before != content_version()


def test_readers_with_a_session_or_a_message_always_get_a_fresh_page(client, demo, curator):
    url = reverse("drugs:detail", args=["imatinib"])
    etag = client.get(url)["ETag"]
    client.force_login(curator)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and not response.has_header("ETag")


def test_a_page_with_a_csrf_form_is_private(client, demo):
    post = factories.PostFactory()
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_the_admin_is_never_conditional(client, curator):
    client.force_login(curator)
    assert not client.get(reverse("admin:index")).has_header("ETag")


def test_fragments_are_cached_until_the_content_version_changes(django_capture_on_commit_callbacks):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("answer", compute) == 1
    assert cached("answer", compute) == 1
    with django_capture_on_commit_callbacks(execute=True):
        factories.DrugFactory()
    assert cached("answer", compute) == 2


def test_the_drug_pages_aggregates_are_cached_between_readers(client, demo, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("drugs:detail", args=["imatinib"])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)  # a new reader: no If-None-Match, so the view runs
    # Timeline, publication types, co-mentioned drugs and trials come from the cache the second time.
    assert len(second) <= len(first) - 4


def test_an_import_invalidates_cached_pages(client, demo, django_capture_on_commit_callbacks, tmp_path):
    from django.core.management import call_command

    url = reverse("literature:search") + "?q=kinase"
    etag = client.get(url)["ETag"]
    record = tmp_path / "one.nbib"
    record.write_text(
        "PMID- 12345678\nTI  - A kinase study imported by a curator.\nDP  - 2020\nAU  - Smith J\n\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_literature", str(record), verbosity=0)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "study imported by a curator" in response.content.decode()


def test_without_redis_every_worker_process_shares_one_content_version(tmp_path):
    """Production settings without REDIS_URL: a bump in one process (a worker where a curator saved)
    is seen by another (a worker serving readers), so no worker answers 304 or serves fragments
    older than the edit."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_SECRET_KEY": "test-only-" + "k" * 50,
        "PORTAL_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("REDIS_URL", None)
    script = (
        "import django, sys; django.setup(); from portal import caching; "
        "caching.bump_content_version() if sys.argv[1] == 'bump' else None; print(caching.content_version())"
    )

    def run(action):
        out = subprocess.run([sys.executable, "-c", script, action], env=env, cwd=settings.BASE_DIR,
                             capture_output=True, text=True, check=True)  # fmt: skip
        return out.stdout.strip()

    reader = run("read")
    assert run("read") == reader  # a second process reads the same version
    bumped = run("bump")
    assert bumped != reader
    assert run("read") == bumped


def test_an_anonymous_page_is_rendered_once_per_content_version(
    client, demo, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("literature:search") + "?q=imatinib&sort=newest"
    first = client.get(url)
    assert first.status_code == 200 and not first.has_header("X-Page-Cache")
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == first["Content-Type"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    # A curator's change is on the very next request, not when the entry expires.
    shown = first.context["page"].rows[0].publication
    with django_capture_on_commit_callbacks(execute=True):
        shown.title = "Zanzibarine displaces imatinib in a curated title"
        shown.save()
    fresh = client.get(url)
    assert not fresh.has_header("X-Page-Cache") and fresh["ETag"] != first["ETag"]
    assert "Zanzibarine displaces" in fresh.content.decode()  # "imatinib" may come marked up


def test_pages_of_readers_with_a_session_or_a_csrf_cookie_are_never_stored_or_served(client, demo, curator):
    url = reverse("drugs:detail", args=["imatinib"])
    client.force_login(curator)
    personal = client.get(url)
    assert personal.status_code == 200
    client.logout()
    client.cookies.clear()
    anonymous = client.get(url)
    assert not anonymous.has_header("X-Page-Cache")  # the curator's page was not stored
    client.force_login(curator)
    assert not client.get(url).has_header("X-Page-Cache")  # nor is the anonymous one served to a session
    client.logout()
    client.cookies.clear()
    post = factories.PostFactory()
    client.get(post.get_absolute_url())  # sets a CSRF cookie: private, so not stored
    client.cookies.clear()
    assert not client.get(post.get_absolute_url()).has_header("X-Page-Cache")


def test_the_page_cache_can_be_turned_off(client, demo, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    url = reverse("drugs:detail", args=["imatinib"])
    client.get(url)
    assert not client.get(url).has_header("X-Page-Cache")


def test_one_stored_page_serves_every_accept_encoding_under_its_own_tag(client, demo):
    url = reverse("drugs:detail", args=["imatinib"])
    plain = client.get(url, HTTP_ACCEPT_ENCODING="identity")
    gzip = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert gzip["X-Page-Cache"] == "hit" and gzip.content == plain.content
    assert gzip["ETag"] != plain["ETag"]
    assert (
        client.get(url, HTTP_ACCEPT_ENCODING="gzip, br", HTTP_IF_NONE_MATCH=gzip["ETag"]).status_code == 304
    )


def _folder_cache(tmp_path, **options):
    from portal.cache_backends import FolderCache

    return FolderCache(str(tmp_path / "cache"), {"OPTIONS": options})


def test_the_folder_cache_never_culls_the_content_version(tmp_path):
    """Without Redis, a cull once deleted entries at random, the content version among them: a new
    version then emptied the whole cache (every page, every drug's aggregates) at once."""
    from portal import cache_backends
    from portal.caching import VERSION_KEY

    folder = _folder_cache(tmp_path, MAX_ENTRIES=20, CULL_FREQUENCY=0)  # 0: a cull deletes everything
    folder.set(VERSION_KEY, "12345", timeout=None)
    for i in range(3 * cache_backends.CULL_EVERY):
        folder.set(f"page-{i}", "x")
    assert folder.get(VERSION_KEY) == "12345"
    # The cull ran (pages were deleted), and the folder stays bounded.
    assert folder.get("page-0") is None
    assert len(folder._list_cache_files()) <= 20 + cache_backends.CULL_EVERY


def test_the_folder_cache_culls_a_share_of_the_entries_when_full(tmp_path):
    from portal import cache_backends

    folder = _folder_cache(tmp_path, MAX_ENTRIES=250, CULL_FREQUENCY=2)
    for i in range(10 * cache_backends.CULL_EVERY):
        folder.set(f"page-{i}", "x")
        # Over by at most the writes between two looks at the folder.
        assert len(folder._list_cache_files()) <= 250 + cache_backends.CULL_EVERY
    assert len(folder._list_cache_files()) >= 250 // 2


def test_the_folder_cache_lists_its_folder_once_per_hundred_writes_not_on_every_write(tmp_path, monkeypatch):
    """Listing 5,000 files took 12 ms: Django's file cache did it before every write."""
    from portal import cache_backends

    folder = _folder_cache(tmp_path, MAX_ENTRIES=10_000)
    listings = []
    real = folder._list_cache_files
    monkeypatch.setattr(folder, "_list_cache_files", lambda: listings.append(1) or real())
    for i in range(2 * cache_backends.CULL_EVERY):
        folder.set(f"page-{i}", "x")
    assert len(listings) == 2


def test_the_access_log_says_which_requests_the_page_cache_served(client, demo, caplog):
    import logging

    url = reverse("literature:search") + "?q=imatinib"
    with caplog.at_level(logging.INFO, logger="portal.access"):
        client.get(url)
        client.get(url)
    served = [r.page_cache for r in caplog.records if r.name == "portal.access"]
    assert served == [False, True]
