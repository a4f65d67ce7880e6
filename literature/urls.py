from django.urls import path

from literature import feeds
from literature.views import pages, search

app_name = "literature"

urlpatterns = [
    path("publications/", search.publication_search, name="search"),
    path("publications/feed/", search.search_feed, name="search_feed"),
    path("publications/export/", search.export, name="export"),
    path("publications/<int:pk>/", pages.publication, name="publication"),
    path("publications/<int:pk>/cite.<str:fmt>", pages.publication_cite, name="publication_cite"),
    path("commentary/", pages.post_list, name="post_list"),
    path("commentary/feed/", feeds.LatestPostsFeed(), name="post_list_feed"),
    path("commentary/authors/<slug:slug>/", pages.contributor, name="contributor"),
    path("commentary/authors/<slug:slug>/feed/", feeds.ContributorPostsFeed(), name="contributor_feed"),
    path("commentary/tags/<slug:slug>/", pages.tag, name="tag"),
    path("commentary/tags/<slug:slug>/feed/", feeds.TagPostsFeed(), name="tag_feed"),
    path("commentary/<slug:slug>/", pages.post, name="post"),
    path("commentary/<slug:slug>/comments/", pages.post_comment, name="post_comment"),
]
