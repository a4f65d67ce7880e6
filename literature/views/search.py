"""Publication search at /publications/ (to be replaced by the full-text search)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from literature.models import Publication


@require_safe
def publication_search(request):
    page = Paginator(Publication.objects.for_listing(), 20).get_page(request.GET.get("page"))
    return render(request, "literature/search/results.html", {"page": page})
