from django.urls import path

from drugs import views

app_name = "drugs"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:slug>/", views.detail, name="detail"),
]
