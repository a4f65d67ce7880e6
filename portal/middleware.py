"""Middleware of the portal: request ids and access logs, and a ceiling on request size."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.http import HttpResponse

from portal.caching import PAGE_CACHE_HEADER
from portal.logging import request_id_var

access_log = logging.getLogger("portal.access")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestLogMiddleware:
    """Give every request an id (or keep a sane one from the proxy) and log one line when it is served.

    The line has method, path, status, duration and id; never the query string, the body,
    cookies or headers, so no password, token or session can reach the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs a failed request ("django.request") after the
        # middleware chain has returned, and that line must carry the id too. The next request
        # in this thread sets its own.
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        access_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path[:500],
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                # Served from the page cache (portal/caching.py) rather than rendered.
                "page_cache": response.get(PAGE_CACHE_HEADER) == "hit",
            },
        )
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body above PORTAL_MAX_REQUEST_BYTES before anything reads it (413).

    Django's own limits cover form fields; this one also covers uploads, so a huge file is
    refused at the door instead of being spooled to disk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Invalid Content-Length.", status=400, content_type="text/plain")
        limit = settings.PORTAL_MAX_REQUEST_BYTES
        if length > limit:
            return HttpResponse(
                f"Request too large: {length:,} bytes; the limit is {limit:,} bytes.",
                status=413,
                content_type="text/plain",
            )
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """A NUL byte in the path or the query string is never legitimate: answer 400 before any view.

    PostgreSQL refuses NUL in text, so such a value reaching a query would be a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists()
        ):
            return HttpResponse(
                "Bad request: NUL bytes are not allowed.", status=400, content_type="text/plain"
            )
        return self.get_response(request)
