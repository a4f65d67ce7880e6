"""Site-wide pages: home, health, errors."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from drugs.models import Drug


@require_safe
def home(request):
    drugs = Drug.objects.order_by("name")[:20]
    return render(request, "portal/home.html", {"drugs": drugs})


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


def server_error(request):
    # No context processors that could fail again: a static page.
    return HttpResponse(loader.render_to_string("500.html"), status=500)
