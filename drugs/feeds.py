"""Atom feed of a drug's new publications: what was linked to the drug most recently."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from drugs.models import Drug
from drugs.selectors import resolve_drug
from literature import citations
from literature.models import PublicationDrug

FEED_ITEMS = 50


class DrugPublicationsFeed(Feed):
    """2 queries: the drug, then its newest links with publication and journal."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        drug = Drug.objects.filter(slug=slug).first()
        if drug is None:
            raise Http404("No drug with that address.")
        return drug

    def title(self, drug):
        return f"New publications on {drug.name}"

    def subtitle(self, drug):
        return f"Publications newly linked to {drug.name}, newest first."

    def link(self, drug):
        return drug.get_absolute_url()

    def feed_url(self, drug):
        return reverse("drugs:feed", kwargs={"slug": drug.slug})

    def items(self, drug):
        return (
            PublicationDrug.objects.visible()
            .filter(drug=drug)
            .select_related("publication__journal")
            .order_by("-created_at", "-id")[:FEED_ITEMS]
        )

    def item_title(self, link):
        return link.publication.title

    def item_description(self, link):
        text = citations.portal_citation(link.publication)
        return f"{text}\n\n{link.excerpt}" if link.excerpt else text

    def item_link(self, link):
        return link.publication.get_absolute_url()

    def item_guid(self, link):
        return f"publication-{link.publication_id}-drug-{link.drug_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, link):
        return link.created_at

    def item_updateddate(self, link):
        return link.updated_at

    def item_author_name(self, link):
        names = link.publication.author_names
        return names[0] + (" et al." if len(names) > 1 else "") if names else None


_feed = DrugPublicationsFeed()


def drug_feed(request, slug):
    """The feed at a drug's canonical slug; any other name of the drug redirects there."""
    if not Drug.objects.filter(slug=slug).exists():
        drug = resolve_drug(slug)
        if drug is None:
            raise Http404("No drug by that name.")
        return redirect("drugs:feed", slug=drug.slug, permanent=True)
    return _feed(request, slug=slug)
