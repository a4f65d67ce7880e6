"""Atom feeds of commentary: all posts, one author's posts, one tag's posts."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from literature import selectors as lit
from literature.markdown import sanitize_html
from literature.models import Contributor, Tag

FEED_ITEMS = 20


class PostFeed(Feed):
    """Published posts only, full text sanitized again on the way out: 2 queries (posts, tags)."""

    feed_type = Atom1Feed

    def posts(self, obj):
        return lit.published_posts()

    def items(self, obj=None):
        return self.posts(obj)[:FEED_ITEMS]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return sanitize_html(post.body_html)

    def item_link(self, post):
        return post.get_absolute_url()

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        return post.author.name

    def item_author_link(self, post):
        return post.author.get_absolute_url()

    def item_categories(self, post):
        return [t.name for t in post.tags.all()]


class LatestPostsFeed(PostFeed):
    title = "Commentary"
    subtitle = "New commentary on drugs and the research on them."

    def link(self):
        return reverse("literature:post_list")

    def feed_url(self):
        return reverse("literature:post_list_feed")


class ContributorPostsFeed(PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Contributor, slug=slug)

    def posts(self, person):
        return lit.published_posts().filter(author=person)

    def title(self, person):
        return f"Commentary by {person.name}"

    def link(self, person):
        return person.get_absolute_url()

    def feed_url(self, person):
        return reverse("literature:contributor_feed", kwargs={"slug": person.slug})


class TagPostsFeed(PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def posts(self, tag):
        return lit.published_posts().filter(tags=tag)

    def title(self, tag):
        return f"Commentary tagged “{tag.name}”"

    def link(self, tag):
        return tag.get_absolute_url()

    def feed_url(self, tag):
        return reverse("literature:tag_feed", kwargs={"slug": tag.slug})
