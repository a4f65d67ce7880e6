"""Site-wide template helpers: absolute URLs, canonical links and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script escapes: "</script>" and "<!--" can never close or open anything.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """``path`` (default: the current path) as an absolute URL on this host."""
    request = context.get("request")
    if request is None:
        return path or ""
    return request.build_absolute_uri(path if path is not None else request.path)


@register.simple_tag
def json_ld(data):
    """A schema.org object as ``<script type="application/ld+json">``, escaped like ``json_script``.

    Data, not code: a Content-Security-Policy without 'unsafe-inline' does not block it.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_url(context, page_number, param="page", fragment=""):
    """The current URL with ``param`` set to ``page_number`` (dropped for page 1), other parameters kept."""
    request = context["request"]
    query = request.GET.copy()
    if str(page_number) == "1":
        query.pop(param, None)
    else:
        query[param] = page_number
    encoded = query.urlencode()
    return f"{request.path}{'?' + encoded if encoded else ''}{'#' + fragment if fragment else ''}"
