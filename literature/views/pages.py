"""Record and commentary pages. Each runs a fixed number of queries, whatever the data's size."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from literature import citations, metadata
from literature import selectors as lit
from literature.comments import client_ip, over_rate_limit
from literature.forms import CommentForm
from literature.models import Comment, Contributor, Publication, PublicationRelation, Tag

POSTS_PER_PAGE = 10
COMMENTS_PER_PAGE = 50

# Downloads offered on a publication page: format -> its name for a reader.
CITE_DOWNLOADS = {"ris": "RIS", "bibtex": "BibTeX", "nbib": "MEDLINE (nbib)", "csljson": "CSL-JSON"}

Kind = PublicationRelation.Kind
# Relations that warrant a banner above the record, by the banner they belong to.
RETRACTION_KINDS = {Kind.RETRACTION_IN, Kind.RETRACTED_REPUBLISHED_IN}
ERRATUM_KINDS = {Kind.ERRATUM_IN}
CONCERN_KINDS = {Kind.EXPRESSION_OF_CONCERN_IN}
# The same links seen from the notice's side (a notice in the database pointing at this record).
RETRACTION_NOTICE_KINDS = {Kind.RETRACTION_OF, Kind.RETRACTED_REPUBLISHED_FROM}
ERRATUM_NOTICE_KINDS = {Kind.ERRATUM_FOR}
CONCERN_NOTICE_KINDS = {Kind.EXPRESSION_OF_CONCERN_FOR}
# A relation stored on another record, named from this record's side ("Retraction of" -> a retraction notice).
INCOMING_LABELS = {
    Kind.ERRATUM_FOR: "Erratum",
    Kind.RETRACTION_OF: "Retraction notice",
    Kind.RETRACTED_REPUBLISHED_FROM: "Republished version",
    Kind.RETRACTED_REPUBLISHED_IN: "Retracted earlier version",
    Kind.EXPRESSION_OF_CONCERN_FOR: "Expression of concern",
    Kind.COMMENT_ON: "Comment",
    Kind.COMMENT_IN: "Commented article",
    Kind.UPDATE_OF: "Update",
    Kind.UPDATE_IN: "Earlier version",
    Kind.ERRATUM_IN: "Corrected article",
    Kind.RETRACTION_IN: "Retracted article",
    Kind.EXPRESSION_OF_CONCERN_IN: "Article of concern",
}


# --- publications ------------------------------------------------------------------------------


@require_safe
def publication(request, pk):
    """A publication's record: 9 queries, however many authors, headings or links it has."""
    pub = lit.publication_for_page(pk).first()
    if pub is None:
        raise Http404("No publication with that number.")
    relations = [_relation_link(r.get_kind_display(), r, r.target) for r in pub.relations.all()]
    notices = [_relation_link(_incoming_label(r), r, r.publication) for r in pub.relations_in.all()]
    banners = _banners(pub)
    context = {
        "publication": pub,
        "authors": _authors(pub),
        "banners": banners,
        "relations": relations,
        "notices": notices,
        "citation_styles": [(key, label, fn(pub)) for key, (label, fn) in citations.CITATION_STYLES.items()],
        "downloads": CITE_DOWNLOADS,
        "scholar_meta": metadata.scholar_meta(request, pub),
        "json_ld": metadata.publication_json_ld(request, pub),
    }
    return render(request, "literature/publication_detail.html", context)


@require_safe
def publication_cite(request, pk, fmt):
    """One record as a citation file (RIS, BibTeX, MEDLINE, CSL-JSON): 4 queries."""
    if fmt not in CITE_DOWNLOADS:
        raise Http404("No such citation format.")
    pub = lit.for_export(Publication.objects.filter(pk=pk)).first()
    if pub is None:
        raise Http404("No publication with that number.")
    content_type, extension = citations.EXPORT_FORMATS[fmt]
    response = HttpResponse("".join(citations.export_chunks(fmt, [pub])), content_type=content_type)
    name = f"pmid-{pub.pmid}" if pub.pmid else f"publication-{pub.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def _incoming_label(relation) -> str:
    return INCOMING_LABELS.get(relation.kind, "Related record")


def _relation_link(label, relation, other):
    """A correction/comment link for display: our page when the other record is here, else PubMed."""
    if other is not None:
        return {"label": label, "text": citations.portal_citation(other), "url": other.get_absolute_url(),
                "kind": relation.kind, "internal": True}  # fmt: skip
    url = f"https://pubmed.ncbi.nlm.nih.gov/{relation.ref_pmid}/" if relation.ref_pmid else ""
    text = relation.ref_source or (f"PMID {relation.ref_pmid}" if relation.ref_pmid else "")
    return {"label": label, "text": text, "url": url, "kind": relation.kind, "internal": False}


def _banners(pub) -> list[dict]:
    """Retraction, expression of concern and erratum banners with links to the notices."""
    out = []
    outgoing = list(pub.relations.all())
    incoming = list(pub.relations_in.all())

    def links(kinds, notice_kinds):
        return [_relation_link(r.get_kind_display(), r, r.target) for r in outgoing if r.kind in kinds] + [
            _relation_link(_incoming_label(r), r, r.publication) for r in incoming if r.kind in notice_kinds
        ]

    retraction = links(RETRACTION_KINDS, RETRACTION_NOTICE_KINDS)
    if pub.is_retracted or retraction:
        out.append({"kind": "retracted", "title": "This article has been retracted.",
                    "text": "Do not rely on its findings; see the retraction notice.", "links": retraction})  # fmt: skip
    concern = links(CONCERN_KINDS, CONCERN_NOTICE_KINDS)
    if concern:
        out.append({"kind": "concern", "title": "An expression of concern has been published about this article.",
                    "text": "", "links": concern})  # fmt: skip
    erratum = links(ERRATUM_KINDS, ERRATUM_NOTICE_KINDS)
    if pub.has_erratum or erratum:
        out.append({"kind": "erratum", "title": "This article has an erratum.",
                    "text": "A correction to it has been published.", "links": erratum})  # fmt: skip
    # This record is itself a retraction notice: say so, and link what it retracts.
    retracts = [
        _relation_link("Retraction of", r, r.target) for r in outgoing if r.kind == Kind.RETRACTION_OF
    ] + [_relation_link("Retraction of", r, r.publication) for r in incoming if r.kind == Kind.RETRACTION_IN]
    if retracts:
        out.append({"kind": "notice", "title": "This is a retraction notice.", "text": "", "links": retracts})
    return out


def _authors(pub) -> dict:
    """Every author in order with numbered affiliations, from the authorship rows (prefetched)."""
    affiliations: list[str] = []
    people = []
    for authorship in pub.authorships.all():
        numbers = []
        if authorship.affiliation:
            if authorship.affiliation not in affiliations:
                affiliations.append(authorship.affiliation)
            numbers.append(affiliations.index(authorship.affiliation) + 1)
        author = authorship.author
        # PubMed's record page form: "Joakim S Dahlin" with a fore name, else the citation form "Dahlin J".
        name = author.full_name if author.fore_name or author.collective_name else author.display_name
        people.append({"author": author, "name": name,
                       "affiliations": numbers, "orcid": author.orcid})  # fmt: skip
    if not people:  # records whose authorships were never written: the cached names
        people = [
            {"author": None, "name": name, "affiliations": [], "orcid": None} for name in pub.author_names
        ]
    return {"people": people, "affiliations": affiliations, "truncated": pub.authors_are_truncated}


# --- commentary ------------------------------------------------------------------------------


def _sidebar() -> dict:
    """'Recent posts' and 'Recent comments': 2 queries."""
    return {"recent_posts": lit.recent_posts(), "recent_comments": lit.recent_comments()}


def _page_canonical(request, page) -> str:
    return request.path + (f"?page={page.number}" if page.number > 1 else "")


@require_safe
def post_list(request):
    """Commentary, newest first: 4 queries (count, page, tags, sidebar ×2)."""
    page = Paginator(lit.published_posts(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "literature/post_list.html",
        {"page": page, "canonical_path": _page_canonical(request, page), **_sidebar()},
    )


def _can_preview(request) -> bool:
    """Curators see drafts and scheduled posts (with a banner); nobody else does."""
    user = request.user
    return user.is_authenticated and user.is_staff and user.has_perm("literature.view_post")


@require_safe
def post(request, slug):
    """A post with its references, drugs, trials and approved comments: 11 queries for a reader."""
    obj = lit.post_for_page(slug, include_drafts=_can_preview(request)).first()
    if obj is None:
        raise Http404("No post at this address.")
    return _render_post(request, obj, CommentForm())


@require_POST
def post_comment(request, slug):
    """A reader's comment: saved as pending moderation, or refused (bot, rate limit, errors) with a reason."""
    obj = lit.post_for_page(slug).first()
    if obj is None:
        raise Http404("No post at this address.")
    form = CommentForm(request.POST)
    ip = client_ip(request)
    if over_rate_limit(ip):
        minutes = max(1, settings.COMMENT_RATE_WINDOW // 60)
        form.add_error(
            None,
            f"You have sent {settings.COMMENT_RATE_LIMIT} comments in the last {minutes} minutes, "
            f"the most we accept from one address. Please try again in {minutes} minutes; "
            "your text is kept below.",
        )
        return _render_post(request, obj, form, status=429)
    if not form.is_valid():
        return _render_post(request, obj, form, status=400)
    comment = form.save(commit=False)
    comment.post = obj
    comment.ip_address = ip
    comment.status = Comment.Status.PENDING
    comment.save()
    messages.success(
        request, "Thank you. Your comment has been received and will appear once a moderator approves it."
    )
    return redirect(obj.get_absolute_url() + "#comments")


def _render_post(request, obj, form, status=200):
    comments = Paginator(lit.post_comments(obj), COMMENTS_PER_PAGE).get_page(request.GET.get("comments"))
    context = {
        "post": obj,
        "references": list(obj.citations.all()),
        "comments": comments,
        "form": form,
        "preview": not obj.is_public,
        "json_ld": metadata.post_json_ld(request, obj),
        "canonical_path": obj.get_absolute_url(),
        **_sidebar(),
    }
    return render(request, "literature/post_detail.html", context, status=status)


@require_safe
def contributor(request, slug):
    """An author's page: bio and posts. 5 queries."""
    person = get_object_or_404(Contributor, slug=slug)
    page = Paginator(lit.published_posts().filter(author=person), POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "contributor": person,
        "page": page,
        "canonical_path": _page_canonical(request, page),
        **_sidebar(),
    }
    return render(request, "literature/contributor_detail.html", context)


@require_safe
def tag(request, slug):
    """Posts with a tag. 5 queries."""
    obj = get_object_or_404(Tag, slug=slug)
    page = Paginator(lit.published_posts().filter(tags=obj), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"tag": obj, "page": page, "canonical_path": _page_canonical(request, page), **_sidebar()}
    return render(request, "literature/tag_detail.html", context)
