from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from drugs.models import Drug
from drugs.selectors import resolve_drug


@require_safe
def index(request):
    return render(request, "drugs/drug_index.html", {"drugs": Drug.objects.order_by("name")})


@require_safe
def detail(request, slug):
    drug = Drug.objects.filter(slug=slug).first()
    if drug is None:
        drug = resolve_drug(slug)
        if drug is None:
            raise Http404("No drug by that name.")
        # Any other name of the drug lands on its one canonical address.
        return redirect(drug, permanent=True)
    return render(request, "drugs/drug_detail.html", {"drug": drug})
