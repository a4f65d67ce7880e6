"""Hostile input to every public URL pattern: never a 5xx, never reflected markup, always quick.

Hypothesis builds paths from each pattern (its converters filled with real values, hostile text,
huge and negative numbers) and query strings from the parameters the site knows plus random
ones (very long strings, NUL bytes, invalid UTF-8 percent-escapes, SQL and HTML fragments, huge
numbers, negative pages, repeated parameters).
"""

import re
import time
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# What each response must come back within, on the test database with the demo data.
TIME_LIMIT_SECONDS = 5.0
# Injected markup carries this tag; it must never come back unescaped.
MARKER = "<fuzz-x9"

KNOWN_PARAMS = ["q", "page", "per_page", "sort", "type", "year", "year_min", "year_max", "drug", "author",
                "journal", "language", "has_abstract", "trial", "format", "class", "target", "condition",
                "letter"]  # fmt: skip

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "%00",
        "%ff%fe",
        "%c3%28",
        "%",
        "%%%",
        "%zz",
        "' OR 1=1 --",
        "'; DROP TABLE literature_publication; --",
        '" OR ""="',
        "1 UNION SELECT password FROM auth_user",
        f'{MARKER} onload="alert(1)">',
        f"<script>{MARKER}</script>",
        f'"><{MARKER[1:]}>',
        "javascript:alert(1)",
        "../../etc/passwd",
        "-1",
        "0",
        "-999999999999999999999",
        "99999999999999999999999999",
        "1e308",
        "NaN",
        "[ti]",
        '"unbalanced',
        "((((",
        "))))",
        "kinas*",
        "* OR *",
        "-",
        "OR",
        "AND",
        "x" * 5000,
        "é" * 300,
        "𝕏" * 50,
        "\u202e\u200b",
    ]
) | st.text(max_size=200)


def url_patterns():
    """(route, converters) for every public URL pattern (no admin, no benchmark floors)."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), getattr(p.pattern, "converters", {})

    return [(r, c) for r, c in walk(get_resolver().url_patterns) if not r.startswith(("admin", "bench"))]


PATTERNS = url_patterns()
REAL_VALUES = {"slug": ["imatinib", "gleevec", "mousedoctor", "animals-got-it-wrong-again-or-is-a-fluke",
                        "multiple-sclerosis", "drugs"], "pk": ["1", "2", "66"], "fmt": ["ris", "bibtex", "nbib",
                        "csljson", "exe"], "section": ["drugs", "publications", "posts", "x"]}  # fmt: skip


def segment(name):
    real = st.sampled_from(REAL_VALUES.get(name, ["x"]))
    numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
    return st.one_of(real, numbers, HOSTILE_TEXT.map(lambda t: quote(t, safe="%")))


@st.composite
def requests(draw):
    route, converters = draw(st.sampled_from(PATTERNS))

    def fill(match):
        name = match.group("name")
        return draw(segment(name)) or "x"

    path = "/" + re.sub(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>", fill, route)
    pairs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(KNOWN_PARAMS) | st.text(max_size=20), HOSTILE_TEXT | st.integers().map(str)
            ),
            max_size=6,
        )
    )
    query = "&".join(f"{quote(k, safe='%')}={quote(v, safe='%')}" for k, v in pairs)
    return path, query


def check(client, path, query):
    started = time.monotonic()
    response = client.get(path + ("?" + query if query else ""))
    elapsed = time.monotonic() - started
    assert response.status_code < 500, (path, query, response.status_code)
    assert elapsed < TIME_LIMIT_SECONDS, (path, query, elapsed)
    if not getattr(response, "streaming", False):
        assert MARKER.encode() not in response.content, (path, query)
    return response


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])  # fmt: skip
@given(request=requests())
def test_hostile_requests_never_fail_or_reflect_markup(client, demo, request):
    path, query = request
    check(client, path, query)


@pytest.mark.parametrize("route,converters", PATTERNS, ids=[r or "home" for r, _ in PATTERNS])
def test_each_pattern_survives_the_worst_fixed_cases(client, demo, route, converters):
    """The nastiest values on every pattern, deterministically (Hypothesis samples; this does not)."""
    worst = ["%ff%fe", "\x00", "x" * 5000, f"<script>{MARKER}</script>", "-1", "9" * 40, "' OR 1=1 --"]
    for value in worst:
        path = "/" + re.sub(r"<[^>]+>", quote(value, safe="%") or "x", route)
        check(client, path, "")
        for param in ["q", "page", "per_page", "sort", "year_min", "type", "format"]:
            check(client, "/" + re.sub(r"<[^>]+>", "1", route), f"{param}={quote(value, safe='%')}&{param}=2")
