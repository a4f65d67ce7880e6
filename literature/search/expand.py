"""Query expansion through drug names: Gleevec, STI571, CGP57148B and glivec all mean imatinib.

A word or phrase of the query that is a drug's name (any of them, whatever its case) becomes
"any name of that drug, or literature a curator linked to it": the OR of every ``DrugName``
as a phrase and the drug's link token. Names are read at query time, so a name a curator adds
works at once, without reindexing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from drugs.models import DrugName
from literature.search import tokens as tk
from literature.search.query import And, Node, Not, Or, Tag, Text, conjunction, disjunction, pieces_of

MAX_NGRAM = 4


@dataclass(frozen=True)
class Expansion:
    """What the reader typed and the drug it was read as, for the note above the results."""

    typed: str
    drug_id: int
    drug_name: str
    drug_slug: str
    names: tuple[str, ...]


def _expandable(node) -> bool:
    return isinstance(node, Text) and not node.fields and not node.prefix


def _keys(leaves: list[Text]) -> set[str]:
    typed = " ".join((leaf.source or " ".join(leaf.pieces)).lower() for leaf in leaves)
    spaced = " ".join(p for leaf in leaves for p in leaf.pieces)
    return {typed, spaced}


def _runs(node, out: list[list[Text]]) -> None:
    """Collect maximal runs of adjacent plain words (the places a drug name can be)."""
    if _expandable(node):
        out.append([node])
    elif isinstance(node, And):
        run: list[Text] = []
        for child in node.children:
            if _expandable(child):
                run.append(child)
                continue
            if run:
                out.append(run)
                run = []
            _runs(child, out)
        if run:
            out.append(run)
    elif isinstance(node, Or):
        for child in node.children:
            _runs(child, out)
    elif isinstance(node, Not):
        _runs(node.child, out)


def expand_drug_names(tree: Node | None) -> tuple[Node | None, list[Expansion]]:
    """The tree with drug names widened to all their names; one query, none without plain words."""
    runs: list[list[Text]] = []
    _runs(tree, runs)
    if not runs:
        return tree, []
    keys: set[str] = set()
    for run in runs:
        for i in range(len(run)):
            for j in range(i + 1, min(len(run), i + MAX_NGRAM) + 1):
                keys |= _keys(run[i:j])
    keys = {k for k in keys if 0 < len(k) <= 200}
    slugs = {slugify(k) for k in keys} - {""}
    matching = (
        DrugName.objects.annotate(lname=Lower("name"))
        .filter(Q(lname__in=keys) | Q(slug__in=slugs))
        .values("drug_id")
    )
    rows = list(
        DrugName.objects.filter(drug_id__in=matching)
        .annotate(lname=Lower("name"))
        .order_by("drug_id", "kind", "name")
        .values_list("drug_id", "name", "lname", "slug", "drug__name", "drug__slug")
    )
    if not rows:
        return tree, []
    by_key: dict[str, int] = {}
    names: dict[int, list[str]] = {}
    drug_info: dict[int, tuple[str, str]] = {}
    for drug_id, name, lname, slug, drug_name, drug_slug in rows:
        names.setdefault(drug_id, []).append(name)
        drug_info[drug_id] = (drug_name, drug_slug)
        by_key.setdefault(lname, drug_id)
        by_key.setdefault(slug, drug_id)
    expansions: list[Expansion] = []
    replaced: dict[int, tuple[int, Node]] = {}  # id(first leaf of a match) -> (length, replacement)
    for run in runs:
        i = 0
        while i < len(run):
            for j in range(min(len(run), i + MAX_NGRAM), i, -1):
                keys_here = _keys(run[i:j])
                drug_id = next((by_key[k] for k in keys_here if k in by_key), None)
                if drug_id is None:
                    drug_id = next((by_key[s] for s in map(slugify, keys_here) if s in by_key), None)
                if drug_id is not None:
                    typed = " ".join(leaf.source or " ".join(leaf.pieces) for leaf in run[i:j])
                    replaced[id(run[i])] = (j - i, _drug_node(drug_id, names[drug_id]))
                    for leaf in run[i + 1 : j]:
                        replaced[id(leaf)] = (0, None)
                    drug_name, drug_slug = drug_info[drug_id]
                    expansions.append(Expansion(typed, drug_id, drug_name, drug_slug, tuple(names[drug_id])))
                    i = j
                    break
            else:
                i += 1
    return _rewrite(tree, replaced), expansions


def _drug_node(drug_id: int, names: list[str]) -> Node:
    phrases, seen = [], set()
    for name in names:
        pieces = tuple(pieces_of(name))
        if pieces and pieces not in seen:
            seen.add(pieces)
            phrases.append(Text(pieces, source=name))
    return Or((*phrases, Tag(((tk.drug_token(drug_id), False),), label=f"drug {drug_id}")))


def _rewrite(node, replaced):
    if node is None:
        return None
    if id(node) in replaced:
        return replaced[id(node)][1]
    if isinstance(node, And):
        return conjunction(_rewrite(c, replaced) for c in node.children)
    if isinstance(node, Or):
        return disjunction(_rewrite(c, replaced) for c in node.children)
    if isinstance(node, Not):
        inner = _rewrite(node.child, replaced)
        return Not(inner) if inner is not None else None
    return node
