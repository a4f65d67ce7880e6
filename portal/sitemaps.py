"""sitemap.xml: an index of paginated sections, so it scales to a million publications.

Each section's ``get_latest_lastmod`` is one aggregate query (the default would load every
row), and publication pages read only ``id`` and ``updated_at``.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from drugs.models import Drug
from literature.models import Contributor, Post, Publication, Tag


class LastmodFromAggregate:
    lastmod_field = "updated_at"

    def lastmod(self, obj):
        return getattr(obj, self.lastmod_field)

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "drugs:index", "literature:post_list"]

    def location(self, name):
        return reverse(name)


class DrugSitemap(LastmodFromAggregate, Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Drug.objects.only("slug", "updated_at").order_by("id")


class PublicationSitemap(LastmodFromAggregate, Sitemap):
    # 10,000 URLs a page: a million publications are a hundred light pages.
    limit = 10_000
    changefreq = "monthly"

    def items(self):
        return Publication.objects.only("id", "updated_at").order_by("id")


class PostSitemap(LastmodFromAggregate, Sitemap):
    changefreq = "weekly"

    def items(self):
        return Post.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")


class ContributorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Contributor.objects.filter(
                posts__status=Post.Status.PUBLISHED, posts__published_at__lte=timezone.now()
            )
            .distinct()
            .only("slug")
            .order_by("slug")
        )


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Tag.objects.filter(posts__status=Post.Status.PUBLISHED, posts__published_at__lte=timezone.now())
            .distinct()
            .only("slug")
            .order_by("slug")
        )


SITEMAPS = {
    "pages": StaticSitemap,
    "drugs": DrugSitemap,
    "publications": PublicationSitemap,
    "commentary": PostSitemap,
    "authors": ContributorSitemap,
    "tags": TagSitemap,
}
