"""The search language a reader types into ``q``, parsed into a small tree both engines compile.

    imatinib resistance            both words (AND is implied; AND may be written)
    "chronic myeloid leukemia"     the words in that order
    imatinib OR dasatinib          either (AND binds tighter than OR: use brackets to group)
    imatinib -review               excluding a word ("NOT" also works: imatinib NOT review)
    kinas*                         words beginning with "kinas" (at least three letters)
    (imatinib OR gleevec) gist     brackets group
    imatinib[ti]                   in the title; [tiab] title or abstract
    dahlin j[au]  blood[ta]        an author (last name, then initials); a journal
    "breast neoplasms"[mh]         a MeSH heading; 2017[dp], 2017/10[dp], 2015:2018[dp] dates

Operators are capitals, as in PubMed. A tag applies to the term before it: a word, a quoted
phrase or a bracketed group; the value tags [au], [ta] and [mh] take all the plain words
before them, since their values have several words ("n engl j med[ta]"): write
"leukemia AND dahlin j[au]" to combine a word with an author.

Nothing a reader types is an error if it can be read sensibly: an unbalanced quote or bracket
is closed, an unknown tag is ignored, an over-long query is cut; each such repair is reported
in ``ParsedQuery.notices``. What cannot be read (a search made only of exclusions, a [dp] that
is no date) raises ``QueryError`` with a message for the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from literature.search import tokens as tk

MAX_QUERY_LENGTH = 500
MAX_TERMS = 40
MIN_PREFIX = 3

TEXT_FIELDS = {"ti": "ti", "title": "ti", "tiab": "tiab", "title/abstract": "tiab"}
VALUE_FIELDS = {
    "au": "au",
    "author": "au",
    "ta": "ta",
    "journal": "ta",
    "mh": "mh",
    "mesh": "mh",
    "mesh terms": "mh",
    "dp": "dp",
    "pdat": "dp",
    "publication date": "dp",
}
FIELD_LABELS = {"ti": "title", "tiab": "title or abstract", "au": "author", "ta": "journal", "mh": "MeSH heading", "dp": "date"}  # fmt: skip


class QueryError(ValueError):
    """A query that cannot be read; the message is written for the reader."""


# --- the tree --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Words in the text: one piece is a word, several a phrase; ``fields`` '' means everywhere."""

    pieces: tuple[str, ...]
    prefix: bool = False
    fields: str = ""
    source: str = ""


@dataclass(frozen=True)
class Tag:
    """Any of these field tokens; a token with ``prefix`` matches every token it begins."""

    tokens: tuple[tuple[str, bool], ...]
    label: str = ""


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


Node = Text | Tag | And | Or | Not


def conjunction(nodes) -> Node | None:
    nodes = [n for n in nodes if n is not None]
    flat = []
    for n in nodes:
        flat.extend(n.children if isinstance(n, And) else [n])
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def disjunction(nodes) -> Node | None:
    nodes = [n for n in nodes if n is not None]
    flat = []
    for n in nodes:
        flat.extend(n.children if isinstance(n, Or) else [n])
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def leaves(node) -> list:
    if node is None:
        return []
    if isinstance(node, And | Or):
        return [leaf for c in node.children for leaf in leaves(c)]
    if isinstance(node, Not):
        return leaves(node.child)
    return [node]


def rank_tree(node) -> Node | None:
    """The part of a query that ranks: its words. Field tokens carry no positions (PostgreSQL's
    ts_rank_cd scores an AND with one of them 0) and exclusions add nothing to a match's score."""
    if isinstance(node, Text):
        return node
    if isinstance(node, Tag | Not) or node is None:
        return None
    kids = [rank_tree(c) for c in node.children]
    return conjunction(kids) if isinstance(node, And) else disjunction(kids)


def has_text(node) -> bool:
    return any(isinstance(leaf, Text) for leaf in leaves(node))


def describe(node) -> str:
    """A readable form of the tree, for messages and tests: AND(kinase, OR(...))."""
    if isinstance(node, Text):
        body = " ".join(node.pieces) + ("*" if node.prefix else "")
        body = f'"{body}"' if len(node.pieces) > 1 else body
        return body + (f"[{node.fields}]" if node.fields else "")
    if isinstance(node, Tag):
        return "|".join(t + ("*" if p else "") for t, p in node.tokens)
    if isinstance(node, Not):
        return f"NOT({describe(node.child)})"
    if isinstance(node, And | Or):
        name = "AND" if isinstance(node, And) else "OR"
        return f"{name}({', '.join(describe(c) for c in node.children)})"
    return ""


# --- words -----------------------------------------------------------------------------------

_PIECE = re.compile(r"[^\W_]+")


def pieces_of(text: str) -> list[str]:
    """The words of a text as both engines' tokenizers see them: lowercased, accents removed."""
    return _PIECE.findall(tk.strip_accents(text).lower())


# --- lexing ----------------------------------------------------------------------------------


@dataclass
class Lexeme:
    kind: str  # WORD, PHRASE, LPAREN, RPAREN, TAG, MINUS, AND, OR, NOT
    value: str = ""


_SPECIAL = set('"()[]')


def _lex(q: str, notices: list[str]) -> list[Lexeme]:
    out: list[Lexeme] = []
    i, n = 0, len(q)
    while i < n:
        ch = q[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = q.find('"', i + 1)
            if end < 0:
                notices.append(
                    "A quotation mark was not closed; the phrase was read to the end of the search."
                )
                end = n
            out.append(Lexeme("PHRASE", q[i + 1 : end]))
            i = end + 1
        elif ch == "(":
            out.append(Lexeme("LPAREN"))
            i += 1
        elif ch == ")":
            out.append(Lexeme("RPAREN"))
            i += 1
        elif ch == "[":
            end = q.find("]", i + 1)
            if end < 0:
                notices.append("A square bracket was not closed and was ignored.")
                i += 1
                continue
            out.append(Lexeme("TAG", " ".join(q[i + 1 : end].lower().split())))
            i = end + 1
        elif ch == "]":
            notices.append("A closing square bracket without an opening one was ignored.")
            i += 1
        elif (
            ch == "-"
            and i + 1 < n
            and not q[i + 1].isspace()
            and (not out or q[i - 1].isspace() or q[i - 1] in "(")
        ):
            out.append(Lexeme("MINUS"))
            i += 1
        else:
            start = i
            while i < n and not q[i].isspace() and q[i] not in _SPECIAL:
                i += 1
            word = q[start:i]
            out.append(Lexeme(word if word in ("AND", "OR", "NOT") else "WORD", word))
    return out


# --- parsing ---------------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    text: str
    tree: Node | None
    notices: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.tree is None


class _Parser:
    def __init__(self, lexemes: list[Lexeme], notices: list[str]):
        self.lx = lexemes
        self.pos = 0
        self.notices = notices

    def peek(self) -> Lexeme | None:
        return self.lx[self.pos] if self.pos < len(self.lx) else None

    def take(self) -> Lexeme:
        lexeme = self.lx[self.pos]
        self.pos += 1
        return lexeme

    def parse(self) -> Node | None:
        node = self.or_expr()
        while self.peek() is not None:  # a stray ')' ends or_expr early
            self.take()
            self.notices.append("A closing bracket without an opening one was ignored.")
            node = conjunction([node, self.or_expr()])
        return node

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        while (la := self.peek()) is not None and la.kind == "OR":
            self.take()
            parts.append(self.and_expr())
        if len(parts) > 1 and any(p is None for p in parts):
            self.notices.append("An OR with nothing on one side was ignored.")
        return disjunction(parts)

    def and_expr(self) -> Node | None:
        parts: list = []
        while (la := self.peek()) is not None and la.kind not in ("OR", "RPAREN"):
            if la.kind == "AND":
                self.take()
                if not parts:
                    self.notices.append("An AND with nothing before it was ignored.")
                continue
            if la.kind == "NOT":
                self.take()
                if not parts:
                    self.notices.append("A NOT with nothing before it was read as an exclusion.")
                operand = self.unary()
                if operand is not None:
                    parts.append(Not(operand))
                continue
            parts.extend(self.unary_run())
        return conjunction(parts)

    def unary(self) -> Node | None:
        nodes = self.unary_run(single=True)
        return conjunction(nodes)

    def unary_run(self, single: bool = False) -> list:
        la = self.peek()
        if la is None:
            return []
        if la.kind == "MINUS":
            self.take()
            operand = self.unary()
            return [Not(operand)] if operand is not None else []
        if la.kind == "WORD":
            if single and not self.run_has_value_tag():
                words = [self.take().value]
            else:
                words = [self.take().value]
                while (nx := self.peek()) is not None and nx.kind == "WORD":
                    words.append(self.take().value)
            tag = self.tag()
            return self.word_run(words, tag)
        if la.kind == "PHRASE":
            phrase = self.take().value
            node = self.phrase(phrase)
            return [n for n in [self.apply(node, self.tag(), source=phrase)] if n is not None]
        if la.kind == "LPAREN":
            self.take()
            inner = self.or_expr()
            if (nx := self.peek()) is not None and nx.kind == "RPAREN":
                self.take()
            else:
                self.notices.append("A bracket was not closed; it was closed at the end of the search.")
            return [n for n in [self.apply(inner, self.tag())] if n is not None]
        if la.kind == "TAG":
            self.take()
            self.notices.append(f"The field tag [{la.value}] followed no term and was ignored.")
            return []
        self.take()  # a stray operator in a place it cannot be used
        return []

    def run_has_value_tag(self) -> bool:
        """Whether the words from here on end in a value tag ('-dahlin j[au]' excludes that author)."""
        i = self.pos
        while i < len(self.lx) and self.lx[i].kind == "WORD":
            i += 1
        return i < len(self.lx) and self.lx[i].kind == "TAG" and self.lx[i].value in VALUE_FIELDS

    def tag(self) -> str | None:
        la = self.peek()
        if la is None or la.kind != "TAG":
            return None
        self.take()
        name = la.value
        while (extra := self.peek()) is not None and extra.kind == "TAG":
            self.take()
            self.notices.append(f"Only one field tag applies to a term; [{extra.value}] was ignored.")
        if name in TEXT_FIELDS:
            return TEXT_FIELDS[name]
        if name in VALUE_FIELDS:
            return VALUE_FIELDS[name]
        self.notices.append(f"The field tag [{name}] is not one this search knows; all fields were searched.")
        return None

    # -- terms --

    def word(self, word: str) -> Node | None:
        prefix = word.endswith("*")
        pieces = pieces_of(word)
        if not pieces:
            return None
        if prefix and len(pieces[-1]) < MIN_PREFIX:
            self.notices.append(
                f"“{word}”: a truncated word needs at least {MIN_PREFIX} letters; it was searched as a whole word."
            )
            prefix = False
        return Text(tuple(pieces), prefix=prefix, source=word.rstrip("*"))

    def phrase(self, phrase: str) -> Node | None:
        prefix = phrase.rstrip().endswith("*")
        pieces = pieces_of(phrase)
        if not pieces:
            return None
        if prefix and len(pieces[-1]) < MIN_PREFIX:
            prefix = False
        return Text(tuple(pieces), prefix=prefix, source=phrase.strip().rstrip("*"))

    def word_run(self, words: list[str], tag: str | None) -> list:
        lowered = [w.lower() for w in words]
        for i, w in enumerate(lowered[1:-1], start=1):
            if w in ("or", "and", "not"):
                self.notices.append(
                    f"“{words[i]}” was searched as a word; operators are written in capitals (OR, AND, NOT)."
                )
                break
        if tag == "dp":  # a date is one word: the tag takes the last word only
            nodes = [self.word(w) for w in words[:-1]] + [self.value(tag, words[-1])]
            return [n for n in nodes if n is not None]
        if tag in ("au", "ta", "mh"):
            return [n for n in [self.value(tag, " ".join(words))] if n is not None]
        nodes = [self.word(w) for w in words]
        if tag is not None and nodes:  # a text tag applies to the last word only
            nodes[-1] = self.apply(nodes[-1], tag)
        return [n for n in nodes if n is not None]

    def apply(self, node: Node | None, tag: str | None, source: str = "") -> Node | None:
        """Put a term or group under a field tag."""
        if node is None or tag is None:
            return node
        if tag in ("ti", "tiab"):
            return _with_fields(node, tag)
        if isinstance(node, Text):
            return self.value(tag, source or node.source or " ".join(node.pieces), prefix=node.prefix)
        if isinstance(node, And) and all(isinstance(c, Text) and not c.fields for c in node.children):
            text = " ".join(c.source or " ".join(c.pieces) for c in node.children)
            return self.value(tag, text, prefix=node.children[-1].prefix)
        if isinstance(node, And | Or):
            kids = [self.apply(c, tag) for c in node.children]
            return conjunction(kids) if isinstance(node, And) else disjunction(kids)
        if isinstance(node, Not):
            inner = self.apply(node.child, tag)
            return Not(inner) if inner is not None else None
        return node

    def value(self, tag: str, text: str, prefix: bool = False) -> Node | None:
        text = text.strip()
        if text.endswith("*"):
            prefix, text = True, text.rstrip("*")
        if tag == "dp":
            return date_node(text)
        if tag == "au":
            token = tk.author_query_token(text)
            return Tag(((token, True),), label=f"{text}[au]") if token else None
        make = tk.journal_query_token if tag == "ta" else tk.mesh_query_token
        token = make(text)
        if token is None:
            return None
        if prefix:
            return Tag(((token.rstrip("_"), True),), label=f"{text}*[{tag}]")
        return Tag(((token, False),), label=f"{text}[{tag}]")


def _with_fields(node, fields: str):
    if isinstance(node, Text):
        return node if node.fields else Text(node.pieces, node.prefix, fields, node.source)
    if isinstance(node, And):
        return And(tuple(_with_fields(c, fields) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(_with_fields(c, fields) for c in node.children))
    if isinstance(node, Not):
        return Not(_with_fields(node.child, fields))
    return node


# --- dates ([dp] and the year filters) ---------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?$")


def _parse_date(text: str) -> tuple[int, int | None, int | None]:
    m = _DATE.match(text.strip())
    if not m:
        raise QueryError(
            f"“{text}” is not a date; write 2017, 2017/10, 2017/10/19 or a range such as 2015:2018."
        )
    year, month, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        raise QueryError(f"“{text}” is not a date: months run 1–12 and days 1–31.")
    return year, month, day


def date_node(text: str) -> Node:
    """2017 / 2017/10 / 2017/10/19, or a range of these with ':' (ends included)."""
    text = text.replace(" ", "")
    if ":" in text:
        start_text, _, end_text = text.partition(":")
        start, end = _parse_date(start_text), _parse_date(end_text)
        if (start[0], start[1] or 0, start[2] or 0) > (end[0], end[1] or 12, end[2] or 31):
            start, end = end, start
        return Tag(tuple((t, False) for t in _date_range_tokens(start, end)), label=f"{text}[dp]")
    year, month, day = _parse_date(text)
    if day is not None:
        token = f"dp_{year}_{month:02d}_{day:02d}_"
    elif month is not None:
        token = f"dp_{year}_{month:02d}_"
    else:
        token = f"dp_{year}_"
    return Tag(((token, False),), label=f"{text}[dp]")


def _date_range_tokens(start, end) -> list[str]:
    (y1, m1, d1), (y2, m2, d2) = start, end
    out: list[str] = []
    # A start with a day: the days to the end of that month, then from the next month on.
    if d1 is not None:
        last_day = 31 if (m1 != m2 or y1 != y2 or d2 is None) else d2
        out += [f"dp_{y1}_{m1:02d}_{d:02d}_" for d in range(d1, last_day + 1)]
        if (y1, m1) == (y2, m2):
            return out
        y1, m1 = (y1, m1 + 1) if m1 < 12 else (y1 + 1, 1)
    if d2 is not None:
        out += [f"dp_{y2}_{m2:02d}_{d:02d}_" for d in range(1, d2 + 1)]
        y2, m2 = (y2, m2 - 1) if m2 > 1 else (y2 - 1, 12)
    first = tk.month_index(y1, m1 if m1 is not None else 0)
    last = tk.month_index(y2, m2 if m2 is not None else 12)
    return out + tk.month_cover(first, last)


# --- entry point -----------------------------------------------------------------------------


def parse_query(q: str) -> ParsedQuery:
    """Read a reader's query; raises QueryError only for what cannot be read sensibly."""
    notices: list[str] = []
    text = " ".join((q or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[:MAX_QUERY_LENGTH]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut
        notices.append(f"The search was longer than {MAX_QUERY_LENGTH} characters and was shortened.")
    lexemes = _lex(text, notices)
    tree = _Parser(lexemes, notices).parse()
    tree = _limit_terms(tree, notices)
    if tree is not None:
        _check_exclusions(tree)
    return ParsedQuery(text=text, tree=tree, notices=notices)


def _limit_terms(tree, notices):
    if len(leaves(tree)) <= MAX_TERMS:
        return tree
    notices.append(f"Only the first {MAX_TERMS} terms of the search were used.")
    budget = [MAX_TERMS]

    def keep(node):
        if node is None:
            return None
        if isinstance(node, Text | Tag):
            if budget[0] <= 0:
                return None
            budget[0] -= 1
            return node
        if isinstance(node, Not):
            inner = keep(node.child)
            return Not(inner) if inner is not None else None
        kids = [keep(c) for c in node.children]
        return conjunction(kids) if isinstance(node, And) else disjunction(kids)

    return keep(tree)


def _check_exclusions(node) -> None:
    """An exclusion narrows something: it must stand beside a term to look for."""

    def positive(n) -> bool:
        return not isinstance(n, Not)

    def walk(n, parent_and: bool) -> None:
        if isinstance(n, Not):
            if not parent_and:
                raise QueryError(
                    "A search cannot be only exclusions: add a term to look for, e.g. imatinib -review."
                )
            walk(n.child, False)
        elif isinstance(n, And):
            if not any(positive(c) for c in n.children):
                raise QueryError(
                    "A search cannot be only exclusions: add a term to look for, e.g. imatinib -review."
                )
            for c in n.children:
                walk(c, True)
        elif isinstance(n, Or):
            for c in n.children:
                if isinstance(c, Not):
                    raise QueryError(
                        "An exclusion cannot be one side of an OR; write it beside the terms it narrows."
                    )
                walk(c, False)

    walk(node, False)
