"""Root URLs. Each app owns its namespace; the portal owns home, site search and health."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import site_search, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", site_search.site_search, name="site_search"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("drugs/", include("drugs.urls")),
    path("", include("literature.urls")),
]

if settings.PORTAL_BENCHMARK_VIEWS:
    # The benchmark's floors (bench/views.py), only when bench/run.py starts the server.
    urlpatterns += [path("bench/", include("bench.urls"))]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
