"""The real URLs plus one view that fails, to see the 500 page a reader would get."""

from django.urls import path

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]
