"""Machine-readable descriptions of pages: Google Scholar's citation_* tags and schema.org JSON-LD.

Each function reads only the rows its page already loaded (prefetched relations included).
"""

from __future__ import annotations

from literature import citations


def scholar_meta(request, pub) -> list[tuple[str, str]]:
    """Google Scholar's citation_* tags (Highwire Press), in the order its guidelines list them."""
    meta = [("citation_title", pub.title)]
    for a in pub.author_list:
        if a.get("collective_name"):
            meta.append(("citation_author", a["collective_name"]))
        else:
            given = a.get("fore_name") or a.get("initials", "")
            meta.append(("citation_author", f"{a.get('last_name', '')}, {given}".strip(", ")))
    if pub.pub_year:
        parts = [f"{pub.pub_year:04d}"] + [f"{p:02d}" for p in (pub.pub_month, pub.pub_day) if p]
        meta.append(("citation_publication_date", "/".join(parts)))
    if pub.journal_id:
        meta.append(("citation_journal_title", pub.journal.title))
        if pub.journal.iso_abbreviation:
            meta.append(("citation_journal_abbrev", pub.journal.iso_abbreviation))
        if pub.journal.issn:
            meta.append(("citation_issn", pub.journal.issn))
    for name, value in (("citation_volume", pub.volume), ("citation_issue", pub.issue)):
        if value:
            meta.append((name, value))
    first, last = citations._split_pages(pub.pages)
    if first:
        meta.append(("citation_firstpage", first))
    if last:
        meta.append(("citation_lastpage", last))
    if pub.doi:
        meta.append(("citation_doi", pub.doi))
    if pub.pmid:
        meta.append(("citation_pmid", str(pub.pmid)))
    if pub.language:
        meta.append(("citation_language", pub.language))
    for kw in pub.keywords:
        meta.append(("citation_keywords", kw))
    meta.append(("citation_abstract_html_url", request.build_absolute_uri(pub.get_absolute_url())))
    return meta


def publication_json_ld(request, pub) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": pub.title[:110],
        "name": pub.title,
        "url": request.build_absolute_uri(pub.get_absolute_url()),
        "author": [
            {"@type": "Organization", "name": a["collective_name"]}
            if a.get("collective_name")
            else {
                "@type": "Person",
                "name": " ".join(
                    p for p in (a.get("fore_name") or a.get("initials", ""), a.get("last_name", "")) if p
                ),
                "familyName": a.get("last_name", ""),
            }
            for a in pub.author_list
        ],  # fmt: skip
    }
    if pub.pub_year:
        data["datePublished"] = "-".join(
            [f"{pub.pub_year:04d}"] + [f"{p:02d}" for p in (pub.pub_month, pub.pub_day) if p]
        )
    if pub.journal_id:
        periodical = {"@type": "Periodical", "name": pub.journal.title}
        if pub.journal.issn:
            periodical["issn"] = pub.journal.issn
        part = periodical
        if pub.volume:
            part = {"@type": "PublicationVolume", "volumeNumber": pub.volume, "isPartOf": part}
        if pub.issue:
            part = {"@type": "PublicationIssue", "issueNumber": pub.issue, "isPartOf": part}
        data["isPartOf"] = part
    if pub.pages:
        data["pagination"] = pub.pages
    identifiers = []
    if pub.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": pub.doi})
    if pub.pmid:
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": str(pub.pmid)})
    if pub.pmcid:
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMCID", "value": pub.pmcid})
    if identifiers:
        data["identifier"] = identifiers
    same_as = [u for u in (pub.doi_url, pub.pubmed_url, pub.pmc_url) if u]
    if same_as:
        data["sameAs"] = same_as
    if pub.language:
        data["inLanguage"] = pub.language
    if pub.abstract:
        data["abstract"] = pub.abstract_text
    drugs = [link.drug for link in pub.visible_drug_links]
    if drugs:
        data["about"] = [
            {"@type": "Drug", "name": d.name, "url": request.build_absolute_uri(d.get_absolute_url())}
            for d in drugs
        ]
    if pub.is_retracted:
        data["creativeWorkStatus"] = "Retracted"
    return data


def post_json_ld(request, obj) -> dict:
    absolute = request.build_absolute_uri
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": obj.title[:110],
        "url": absolute(obj.get_absolute_url()),
        "mainEntityOfPage": absolute(obj.get_absolute_url()),
        "author": {
            "@type": "Person",
            "name": obj.author.name,
            "url": absolute(obj.author.get_absolute_url()),
        },
        "dateModified": obj.updated_at.isoformat(),
        "keywords": [t.name for t in obj.tags.all()],
        "about": [
            {"@type": "Drug", "name": d.name, "url": absolute(d.get_absolute_url())} for d in obj.drugs.all()
        ],
        "citation": [
            {
                "@type": "ScholarlyArticle",
                "name": c.publication.title,
                "url": absolute(c.publication.get_absolute_url()),
            }
            for c in obj.citations.all()
        ],
    }
    if obj.published_at:
        data["datePublished"] = obj.published_at.isoformat()
    if obj.summary:
        data["description"] = obj.summary
    return data
