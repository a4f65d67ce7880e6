from django.conf import settings


def site(request):
    """The site's name, for titles and OpenGraph tags on every page."""
    return {"SITE_NAME": settings.SITE_NAME}
