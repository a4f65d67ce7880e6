"""Root URLs. Each app owns its namespace; the portal owns home, site search, health and metadata."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page

from portal import site_search, views
from portal.sitemaps import SITEMAPS

SITEMAP_CACHE_SECONDS = 60 * 60

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", site_search.site_search, name="site_search"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("admin/", admin.site.urls),
    path("drugs/", include("drugs.urls")),
    path("", include("literature.urls")),
]

if settings.PORTAL_BENCHMARK_VIEWS:
    # The benchmark's floors (bench/views.py), only when bench/run.py starts the server.
    urlpatterns += [path("bench/", include("bench.urls"))]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
