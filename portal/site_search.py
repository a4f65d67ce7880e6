"""Site-wide search at /search/?q= (drugs by any name; to grow publications and commentary sections)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from drugs.models import Drug


@require_safe
def site_search(request):
    q = request.GET.get("q", "").strip()[:200]
    drugs = Drug.objects.filter(names__name__icontains=q).distinct()[:20] if q else []
    return render(request, "portal/site_search.html", {"q": q, "drugs": drugs})
