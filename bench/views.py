"""The two floors every benchmark row is compared with, served by the same gunicorn as the portal.

Mounted only when PORTAL_BENCHMARK_VIEWS is on (bench/run.py sets it); absent otherwise.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines

from literature.models import Publication

ROW_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>{{ p.title }}</title><h1>{{ p.title }}</h1>"
    "<p>{{ p.author_names|join:', ' }}</p><p>{{ p.journal }} {{ p.date_display }};{{ p.volume }}:{{ p.pages }}</p>"
)


def constant(request):
    """Floor 1: Django's request/response cycle and middleware, no database."""
    return HttpResponse("ok", content_type="text/plain")


def one_row(request, pk):
    """Floor 2: read one publication by primary key (with its journal) and render it."""
    pub = get_object_or_404(Publication.objects.select_related("journal"), pk=pk)
    return HttpResponse(ROW_TEMPLATE.render({"p": pub}))
