"""Site-wide pages: home, robots.txt, health, errors."""

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from literature import selectors as lit

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    """One search box, the drugs with most literature, the latest commentary and publications: 5 queries."""
    context = {
        "top_drugs": lit.drugs_with_most_literature(limit=8),
        "latest_posts": lit.published_posts()[:3],
        "latest_publications": lit.latest_publications(limit=8),
        "canonical_path": "/",
        "json_ld": {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": request.build_absolute_uri(reverse("site_search")) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        },
    }
    return render(request, "portal/home.html", context)


@require_safe
def robots_txt(request):
    """Pages are open to crawlers; search results, exports and the admin are not."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /publications/export/",
        # The publication search with parameters: endless combinations of one result set.
        "Disallow: /publications/?",
        "Disallow: /publications/feed/?",
        "Disallow: /publications/*/cite.",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not. Touches no session."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception):
    return HttpResponse(
        loader.render_to_string("404.html", {"request_path": request.path}, request), status=404
    )


FALLBACK_500 = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head>'
    "<body><main><h1>Something went wrong</h1><p>The error has been logged. Please try again in a moment, "
    'or go back to the <a href="/">home page</a>.</p></main></body></html>'
)


def server_error(request):
    # No request context (context processors could fail again) and, should even the template
    # fail (a missing static manifest entry, say), a page written out here.
    try:
        body = loader.render_to_string("500.html")
    except Exception:
        logger.exception("the 500 template failed to render")
        body = FALLBACK_500
    return HttpResponse(body, status=500)
