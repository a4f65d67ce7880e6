"""Commentary Markdown is sanitized on save and again on render: a set of XSS payloads."""

import re

import pytest

from literature.markdown import render_markdown, sanitize_html
from tests import factories

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "![img](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=q></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="vbscript:msgbox(1)">vb</a>',
    "<body onload=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    '<img src="x" style="x:expression(alert(1))">',
    '`<script>alert(1)</script>` and <noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]

DANGEROUS = [
    re.compile(r"<\s*(script|iframe|object|embed|form|input|style|meta|base|link|svg|math|body)\b", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"(href|src)\s*=\s*\"?\s*(javascript|vbscript|data):", re.I),
    re.compile(r"\sstyle\s*=", re.I),
]


def assert_safe(html: str):
    for pattern in DANGEROUS:
        assert not pattern.search(html), f"{pattern.pattern} matched in {html!r}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payloads_are_neutralised_when_rendered(payload):
    assert_safe(render_markdown(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_html_is_sanitized_again_at_render(payload):
    assert_safe(sanitize_html(payload))


@pytest.mark.django_db
def test_a_post_saved_with_payloads_stores_only_safe_html():
    post = factories.PostFactory(
        body="**still bold** and [a link](https://example.org)\n\n" + "\n\n".join(PAYLOADS)
    )
    assert_safe(post.body_html)
    assert "<strong>still bold</strong>" in post.body_html
    assert (
        'href="https://example.org"' in post.body_html
        and 'rel="nofollow noopener noreferrer"' in post.body_html
    )
