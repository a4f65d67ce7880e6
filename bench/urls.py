from django.urls import path

from bench import views

urlpatterns = [
    path("constant", views.constant),
    path("row/<int:pk>", views.one_row),
]
