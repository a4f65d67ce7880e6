"""Load the demo data (``portal.demo_data``) idempotently: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.dateparse import parse_datetime

from drugs.models import Condition, Drug, DrugClass, DrugName, Target
from literature.models import (
    Contributor,
    Journal,
    Post,
    PostCitation,
    Publication,
    PublicationDrug,
    PublicationType,
    Tag,
    Trial,
)
from literature.search import reindex_publications
from literature.services import AuthorName, set_authors
from portal import demo_data


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], model) -> None:
        name = model._meta.verbose_name_plural
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def upsert(report: LoadReport, model, lookup: dict, values: dict):
    """Create the row, or update it only where a value differs (so re-runs write nothing)."""
    values = {k: v for k, v in values.items() if k not in lookup}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.count(report.created, model)
        return obj
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save()
        report.count(report.updated, model)
    return obj


def parse_author(printed: str) -> AuthorName:
    """'Dahlin J' -> last name Dahlin, initials J; 'Tofighi Zavareh F' keeps the two-word last name."""
    last, _, initials = printed.rpartition(" ")
    return AuthorName(last_name=last, initials=initials)


def set_m2m(report: LoadReport, manager, objs) -> None:
    wanted = {o.pk for o in objs}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(objs)
        report.updated["links"] = report.updated.get("links", 0) + 1


def load_publication(report: LoadReport, entry: dict, journals: dict, types: dict) -> Publication:
    journal = journals[entry["journal"]]
    values = {
        "title": entry["title"],
        "journal": journal,
        "volume": entry.get("volume", ""),
        "issue": entry.get("issue", ""),
        "pages": entry.get("pages", ""),
        "pub_year": entry["year"],
        "pub_month": entry.get("month"),
        "pub_day": entry.get("day"),
        "language": entry.get("language", "eng"),
        "pmid": entry.get("pmid"),
        "doi": entry.get("doi"),
        "pmcid": entry.get("pmcid"),
        "abstract": [{"label": "", "category": "", "text": entry["abstract"]}]
        if entry.get("abstract")
        else [],
        "author_list_complete": not entry["et_al"],
        "source": Publication.Source.DEMO,
    }
    names = [parse_author(a) for a in entry["authors"]]
    lookup = (
        {"pmid": entry["pmid"]} if entry.get("pmid") else {"title": entry["title"], "pub_year": entry["year"]}
    )
    pub = upsert(report, Publication, lookup, values)
    if pub.author_list != [n.as_cached() for n in names] or pub.author_list_complete != (not entry["et_al"]):
        set_authors(publication=pub, names=names, complete=not entry["et_al"])
        report.count(report.updated, Publication)
    type_names = demo_data.PUBLICATION_TYPES_BY_TITLE.get(entry["title"], demo_data.DEFAULT_PUBLICATION_TYPES)
    set_m2m(report, pub.publication_types, [types[t] for t in type_names])
    trials = [upsert(report, Trial, {"identifier": t}, {}) for t in entry.get("trials", [])]
    set_m2m(report, pub.trials, trials)
    return pub


@transaction.atomic
def load_demo() -> LoadReport:
    report = LoadReport()
    d = demo_data.DRUG
    drug = upsert(
        report,
        Drug,
        {"slug": d["slug"]},
        {
            "name": d["name"],
            "summary": d["summary"],
            "last_reviewed": dt.date.fromisoformat(d["last_reviewed"]),
            "mesh_ui": d["mesh_ui"],
            "drugbank_id": d["drugbank_id"],
            "pubchem_cid": d["pubchem_cid"],
            "chebi_id": d["chebi_id"],
            "atc_code": d["atc_code"],
        },
    )
    for name, kind in demo_data.NAMES:
        existing = DrugName.objects.filter(name__iexact=name).first()
        if existing is None:
            DrugName.objects.create(drug=drug, name=name, kind=kind)
            report.count(report.created, DrugName)
        elif existing.drug_id != drug.pk or existing.kind != kind:
            existing.drug, existing.kind = drug, kind
            existing.save()
            report.count(report.updated, DrugName)
    set_m2m(
        report, drug.classes, [upsert(report, DrugClass, {"slug": c["slug"]}, c) for c in demo_data.CLASSES]
    )
    set_m2m(report, drug.targets, [upsert(report, Target, {"slug": t["slug"]}, t) for t in demo_data.TARGETS])
    set_m2m(
        report,
        drug.conditions,
        [upsert(report, Condition, {"slug": c["slug"]}, c) for c in demo_data.CONDITIONS],
    )

    journals = {
        abbr: upsert(report, Journal, {"iso_abbreviation": abbr}, {"title": title})
        for abbr, title in demo_data.JOURNALS.items()
    }
    type_names = {t for ts in demo_data.PUBLICATION_TYPES_BY_TITLE.values() for t in ts}
    types = {
        name: upsert(report, PublicationType, {"name": name}, {})
        for name in sorted(type_names | set(demo_data.DEFAULT_PUBLICATION_TYPES))
    }

    written: list[int] = []
    entries = [(e, rank) for rank, e in enumerate(demo_data.TOP_PUBLICATIONS, start=1)]
    entries += [(e, None) for e in demo_data.MORE_PUBLICATIONS]
    for entry, rank in entries:
        pub = load_publication(report, entry, journals, types)
        written.append(pub.pk)
        upsert(
            report,
            PublicationDrug,
            {"publication": pub, "drug": drug},
            {
                "rank": rank,
                "excerpt": entry.get("excerpt", ""),
                "origin": PublicationDrug.Origin.CURATOR,
                "status": PublicationDrug.Status.CONFIRMED,
            },
        )

    contributor = upsert(report, Contributor, {"slug": demo_data.CONTRIBUTOR["slug"]}, demo_data.CONTRIBUTOR)
    p = demo_data.POST
    post = upsert(
        report,
        Post,
        {"slug": p["slug"]},
        {
            "title": p["title"],
            "author": contributor,
            "summary": p["summary"],
            "body": p["body"],
            "status": Post.Status.PUBLISHED,
            "published_at": parse_datetime(p["published_at"]),
        },
    )
    set_m2m(report, post.tags, [upsert(report, Tag, {"name": t}, {}) for t in p["tags"]])
    set_m2m(report, post.drugs, [drug])
    set_m2m(report, post.trials, [upsert(report, Trial, {"identifier": t}, {}) for t in p["trials"]])
    for position, entry in enumerate(demo_data.POST_REFERENCES, start=1):
        pub = load_publication(report, entry, journals, types)
        written.append(pub.pk)
        upsert(report, PostCitation, {"post": post, "position": position}, {"publication": pub})

    if report.changed:
        reindex_publications(written)
    return report
