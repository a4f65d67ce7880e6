"""HTTP caching and fragment caching, both keyed by one site-wide content version.

Every write to curated content (drugs, literature, commentary, approved comments) bumps the
content version. Anonymous pages send an ``ETag`` and ``Last-Modified`` derived from it, so a
bookmarked page revisited answers 304 without running its view while nothing changed; expensive
fragments (facets, timelines, counts) are cached under keys that include it, so a curator's edit
is visible on the next request, not when a timeout expires.

Bumping happens in two places: model signals for the ORM writes of the curated apps (the one
place every save and delete passes through, whatever the caller: admin, shell, services), and an
explicit ``bump_content_version()`` in the bulk paths that bypass signals (``QuerySet.update`` in
admin actions, COPY in the corpus generator, the importer's bulk inserts through the search index
refresh).
"""

from __future__ import annotations

import hashlib
import os
import time
import zlib
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers

VERSION_KEY = "portal:content-version"
T = TypeVar("T")


def content_version() -> str:
    """The current version: the time of the last change, in nanoseconds, as a string."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # After a cache flush or restart nobody knows what changed: start a new version.
        version = str(time.time_ns())
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump_content_version(**_signal_kwargs) -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), timeout=None)


def cached(name: str, compute: Callable[[], T], timeout: int = 24 * 3600) -> T:
    """``compute()`` once per content version (and at most ``timeout`` seconds)."""
    key = f"portal:fragment:{content_version()}:{hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _release_id() -> str:
    """Changes when the code or templates change, so a deploy never answers 304 with a stale page."""
    if os.environ.get("PORTAL_RELEASE"):
        return os.environ["PORTAL_RELEASE"]
    digest = hashlib.sha1(usedforsecurity=False)
    for folder in ("templates", "portal", "drugs", "literature", "static"):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".css", ".js", ".xml", ".txt"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:16]


RELEASE = None


def release_id() -> str:
    global RELEASE
    if RELEASE is None:
        RELEASE = _release_id()
    return RELEASE


class ConditionalGetMiddleware:
    """ETag / Last-Modified / 304 for anonymous GETs, decided before the view runs.

    Applies to readers without a session or pending messages (a logged-in curator, or a reader
    just redirected with "your comment awaits moderation", always gets a fresh page) and never to
    the admin. Responses that depend on a cookie (a page with a CSRF-protected form) are marked
    private so no shared cache hands one reader's token to another.
    """

    SKIP_PREFIXES = ("/admin/", "/healthz", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._applies(request):
            return self.get_response(request)
        version = content_version()
        # One digest names the page (release, content version, full path): it keys the page cache, whose
        # body does not depend on Accept-Encoding (nothing here compresses), and with the encoding it
        # makes the ETag, so a proxy that compresses keeps its representations apart.
        page = hashlib.sha1(
            f"{release_id()}|{version}|{request.get_full_path()}".encode(), usedforsecurity=False
        ).hexdigest()
        etag = (
            '"'
            + hashlib.sha1(
                f"{page}|{request.headers.get('Accept-Encoding', '')}".encode(), usedforsecurity=False
            ).hexdigest()[:32]
            + '"'
        )
        last_modified = int(version) / 1e9
        if self._not_modified(request, etag, last_modified):
            return _not_modified_response(etag, last_modified)
        page_key = PAGE_KEY_PREFIX + page
        if settings.PORTAL_PAGE_CACHE_SECONDS > 0:
            stored = cache.get(page_key)
            if stored is not None:
                return _stored_response(stored, etag, last_modified)
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.has_header("ETag")
            and request.method in {"GET", "HEAD"}
        ):
            response["ETag"] = etag
            response["Last-Modified"] = formatdate(last_modified, usegmt=True)
            private = response.cookies or "Cookie" in response.get("Vary", "")
            # Revalidate every time (no-cache): the answer is a cheap 304 until something changes.
            response["Cache-Control"] = ("private" if private else "public") + ", no-cache"
            patch_vary_headers(response, ["Accept-Encoding"])
            if not private and settings.PORTAL_PAGE_CACHE_SECONDS > 0:
                _store(page_key, response)
        return response

    def _applies(self, request) -> bool:
        return (
            request.method in {"GET", "HEAD"}
            and not request.path.startswith(self.SKIP_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _not_modified(request, etag: str, last_modified: float) -> bool:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            return (
                etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
                or if_none_match == "*"
            )
        if_modified_since = request.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                return parsedate_to_datetime(if_modified_since).timestamp() >= int(last_modified)
            except (TypeError, ValueError):
                return False
        return False


# The page cache: an anonymous page is rendered once per content version and then served from the
# cache, as a caching proxy in front of the site would, but invalidated exactly (the key holds the
# release, the content version and the full path). What a reader sees depends only on those, since
# pages with a session, a message or a cookie (CSRF forms) are neither served from it nor stored.
PAGE_KEY_PREFIX = "portal:page:"
# Marks a response served from the page cache (the access log reports it).
PAGE_CACHE_HEADER = "X-Page-Cache"
PAGE_MAX_BYTES = 2 * 1024 * 1024


def _store(key: str, response) -> None:
    if response.streaming or len(response.content) > PAGE_MAX_BYTES:
        return
    headers = [(k, v) for k, v in response.items() if k.lower() not in {"content-length", "set-cookie"}]
    # Compressed: a results page is ~100 kB of HTML and ~15 kB deflated, in a cache shared by workers.
    cache.set(key, (zlib.compress(response.content, 1), headers), settings.PORTAL_PAGE_CACHE_SECONDS)


def _stored_response(stored, etag: str, last_modified: float):
    from django.http import HttpResponse

    body, headers = stored
    response = HttpResponse(zlib.decompress(body))
    for name, value in headers:
        response[name] = value
    response["ETag"], response["Last-Modified"] = etag, formatdate(last_modified, usegmt=True)
    response[PAGE_CACHE_HEADER] = "hit"
    return response


def _not_modified_response(etag: str, last_modified: float):
    from django.http import HttpResponseNotModified

    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Last-Modified"] = formatdate(last_modified, usegmt=True)
    response["Cache-Control"] = "public, no-cache"
    return response


def connect_signals() -> None:
    """Bump the version on every ORM write to curated content (see the module docstring)."""
    from django.apps import apps
    from django.db import transaction
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from literature.models import Comment

    def bump_after_commit(**kwargs):
        # After the write is visible to other connections, or a reader could cache the old page
        # under the new version (outside a transaction on_commit runs at once).
        transaction.on_commit(bump_content_version)

    def on_save(sender, instance=None, **kwargs):
        # A new comment awaiting moderation changes no public page; its approval does.
        if sender is Comment and instance is not None and instance.status == Comment.Status.PENDING:
            return
        bump_after_commit()

    for label in ("drugs", "literature"):
        for model in apps.get_app_config(label).get_models():
            post_save.connect(
                on_save, sender=model, dispatch_uid=f"content-version-save-{model._meta.label}", weak=False
            )
            post_delete.connect(
                bump_after_commit,
                sender=model,
                dispatch_uid=f"content-version-del-{model._meta.label}",
                weak=False,
            )

    def on_m2m(sender, **kwargs):
        if sender._meta.app_label in {"drugs", "literature"} and kwargs.get("action", "").startswith("post_"):
            bump_after_commit()

    m2m_changed.connect(on_m2m, dispatch_uid="content-version-m2m", weak=False)


def cached_result(func: Callable[..., T]) -> Callable[..., T]:
    """Cache a selector's result per arguments (model instances by primary key) and content version."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        parts = [getattr(a, "pk", a) for a in args] + [
            (k, getattr(v, "pk", v)) for k, v in sorted(kwargs.items())
        ]
        return cached(f"{func.__module__}.{func.__qualname__}:{parts!r}", lambda: func(*args, **kwargs))

    wrapper.uncached = func
    return wrapper
