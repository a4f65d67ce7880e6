from django.urls import path

from drugs import feeds, views

app_name = "drugs"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:slug>/", views.detail, name="detail"),
    path("<str:slug>/feed/", feeds.drug_feed, name="feed"),
]
