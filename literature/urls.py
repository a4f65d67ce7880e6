from django.urls import path

from literature.views import pages, search

app_name = "literature"

urlpatterns = [
    path("publications/", search.publication_search, name="search"),
    path("publications/feed/", search.search_feed, name="search_feed"),
    path("publications/export/", search.export, name="export"),
    path("publications/<int:pk>/", pages.publication, name="publication"),
    path("commentary/", pages.post_list, name="post_list"),
    path("commentary/authors/<slug:slug>/", pages.contributor, name="contributor"),
    path("commentary/tags/<slug:slug>/", pages.tag, name="tag"),
    path("commentary/<slug:slug>/", pages.post, name="post"),
]
