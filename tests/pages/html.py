"""Reading pages the way a reader sees them: the text of elements, found by class or id."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "q", "small", "span", "strong", "sub", "sup", "time"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    """Collects the text of every element matching (class or id), nested matches included."""

    def __init__(self, cls=None, id_=None, tag=None):
        super().__init__(convert_charrefs=True)
        self.cls, self.id_, self.tag = cls, id_, tag
        self.stack: list[tuple[str, bool]] = []
        self.open: list[list[str]] = []
        self.found: list[list[str]] = []

    def _gap(self, tag):
        # Block boundaries separate words, as a browser lays them out.
        if tag not in INLINE:
            for buf in self.open:
                buf.append(" ")

    def handle_starttag(self, tag, attrs):
        self._gap(tag)
        if tag in VOID:
            return
        a = dict(attrs)
        match = (
            (self.cls is None or self.cls in (a.get("class") or "").split())
            and (self.id_ is None or a.get("id") == self.id_)
            and (self.tag is None or tag == self.tag)
        )
        self.stack.append((tag, match))
        if match:
            buf: list[str] = []
            self.open.append(buf)
            self.found.append(buf)

    def handle_endtag(self, tag):
        self._gap(tag)
        if tag in VOID:
            return
        while self.stack:
            t, match = self.stack.pop()
            if match:
                self.open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for buf in self.open:
            buf.append(data)


def _squash(text: str) -> str:
    # ASCII whitespace only, as HTML collapses it: a no-break space in a title stays.
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip()


def texts(html: str | bytes, *, cls=None, id=None, tag=None) -> list[str]:
    """The whitespace-normalized text of each element with this class / id / tag, in page order."""
    if isinstance(html, bytes):
        html = html.decode()
    parser = _Collector(cls, id, tag)
    parser.feed(html)
    return [_squash("".join(buf)) for buf in parser.found]


def text(html: str | bytes, **kwargs) -> str:
    """The text of the one element matching, or of the whole page with no filter."""
    if not kwargs:
        if isinstance(html, bytes):
            html = html.decode()
        body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
        return _squash(unescape(re.sub(r"<[^>]+>", " ", body)))
    found = texts(html, **kwargs)
    assert len(found) == 1, f"expected one element for {kwargs}, found {len(found)}"
    return found[0]


def json_ld(html: str | bytes) -> list[dict]:
    if isinstance(html, bytes):
        html = html.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def hrefs(html: str | bytes) -> list[str]:
    if isinstance(html, bytes):
        html = html.decode()
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


class _Locator(HTMLParser):
    """Finds the source span of the first element with an id (or class)."""

    def __init__(self, cls=None, id_=None):
        super().__init__(convert_charrefs=True)
        self.cls, self.id_ = cls, id_
        self.depth = 0
        self.target_depth = None
        self.start = None
        self.end = None

    def handle_starttag(self, tag, attrs):
        if tag in VOID or self.end is not None:
            return
        self.depth += 1
        a = dict(attrs)
        if self.start is None and (
            (self.id_ is not None and a.get("id") == self.id_)
            or (self.cls is not None and self.cls in (a.get("class") or "").split())
        ):
            self.start, self.target_depth = self.getpos(), self.depth

    def handle_endtag(self, tag):
        if tag in VOID or self.end is not None:
            return
        if self.target_depth is not None and self.depth == self.target_depth:
            line, col = self.getpos()
            self.end = (line, col + len(tag) + 3)
        self.depth -= 1


def texts_html(html: str | bytes, *, id=None, cls=None) -> str:
    """The source of the first element with this id (or class), tags included."""
    if isinstance(html, bytes):
        html = html.decode()
    parser = _Locator(cls, id)
    parser.feed(html)
    assert parser.start is not None and parser.end is not None, f"no element with id={id} cls={cls}"
    lines = html.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def absolute(pos):
        return offsets[pos[0] - 1] + pos[1]

    return html[absolute(parser.start) : absolute(parser.end)]
