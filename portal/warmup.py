"""What every web worker would otherwise do on its first requests, done once before the workers fork.

gunicorn loads the application in its master process (``preload_app``) and calls ``warm_up`` there
(portal/gunicorn.conf.py); each worker forked from it, the first ones and those that replace a
recycled worker, starts with the views imported, the URL patterns resolved and every template
compiled, instead of spending the first half-second of several pages on them under full load.
Nothing here opens a database connection: a connection made before the fork would be shared by
every worker.
"""

from __future__ import annotations

from django.conf import settings


def warm_up() -> int:
    """Import the views, build the URL resolver, compile the project's templates; returns how many."""
    from django.template.loader import get_template
    from django.urls import reverse

    from portal.caching import release_id

    reverse("home")  # imports the URL configuration and every view module, builds the reverse map
    release_id()
    folder = settings.BASE_DIR / "templates"
    names = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))
    for name in names:
        get_template(name)
    return len(names)
