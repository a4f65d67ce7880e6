from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from literature.models import Contributor, Post, Publication, Tag


@require_safe
def publication(request, pk):
    pub = get_object_or_404(Publication.objects.for_listing(), pk=pk)
    return render(request, "literature/publication_detail.html", {"publication": pub})


@require_safe
def post_list(request):
    posts = Post.objects.published().select_related("author")[:20]
    return render(request, "literature/post_list.html", {"posts": posts})


@require_safe
def post(request, slug):
    obj = get_object_or_404(Post.objects.published().select_related("author"), slug=slug)
    return render(request, "literature/post_detail.html", {"post": obj})


@require_safe
def contributor(request, slug):
    person = get_object_or_404(Contributor, slug=slug)
    posts = Post.objects.published().filter(author=person)
    return render(request, "literature/contributor_detail.html", {"contributor": person, "posts": posts})


@require_safe
def tag(request, slug):
    obj = get_object_or_404(Tag, slug=slug)
    posts = Post.objects.published().filter(tags=obj).select_related("author")
    return render(request, "literature/tag_detail.html", {"tag": obj, "posts": posts})
