from django.urls import path

from literature import views

app_name = "literature"

urlpatterns = [
    path("publications/<int:pk>/", views.publication, name="publication"),
    path("commentary/", views.post_list, name="post_list"),
    path("commentary/authors/<slug:slug>/", views.contributor, name="contributor"),
    path("commentary/tags/<slug:slug>/", views.tag, name="tag"),
    path("commentary/<slug:slug>/", views.post, name="post"),
]
