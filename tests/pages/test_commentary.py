"""Commentary: the list, a post that reads like the seed post, author and tag pages; drafts stay hidden."""

import datetime as dt

import pytest
from django.utils import timezone

from literature.models import Comment, Post, PostCitation
from tests import factories
from tests.pages import html
from tests.pages.conftest import post_with_comments

SEED_POST = "/commentary/animals-got-it-wrong-again-or-is-a-fluke/"


@pytest.fixture
def draft(db):
    return factories.PostFactory(title="Draft thoughts", slug="draft-thoughts", status=Post.Status.DRAFT,
                                 published_at=None)  # fmt: skip


@pytest.fixture
def scheduled(db):
    return factories.PostFactory(title="Tomorrow's news", slug="tomorrows-news",
                                 published_at=timezone.now() + dt.timedelta(days=1))  # fmt: skip


def test_the_seed_post_reads_like_the_seed_with_live_numbered_references(client, demo):
    response = client.get(SEED_POST)
    assert response.status_code == 200
    page = response.content.decode()
    text = html.text(page)
    order = [
        "Animals got it wrong again or is a fluke?",
        "Imatinib is a small molecule kinase inhibitor used to treat certain types of cancer.",
        "There is an ongoing trial of 200 pwMS (NCT03674099)",
        "Have animals got it wrong ….again",
        "About the author",
        "By MouseDoctor",
        "Recent posts",
        "Recent comments",
    ]
    position = 0
    for expected in order:  # each after the one before
        position = text.index(expected, position)
    assert "<blockquote>" in html.texts_html(page, cls="post-body")

    references = html.texts_html(page, cls="references")
    items = html.texts(references, tag="li")
    assert [i.split(".")[0] for i in items] == [
        "Tyrphostin AG490, a tyrosine kinase inhibitor, blocks actively induced experimental autoimmune "
        "encephalomyelitis",
        "The selective M-CSF receptor tyrosine kinase inhibitor Ki20227 suppresses experimental autoimmune "
        "encephalomyelitis",
        "Effects of imatinib mesylate in mouse models of multiple sclerosis and in vitro determinants",
        "CNS demyelination after initiating the tyrosine kinase inhibitor imatinib: A report of two cases",
    ]
    # As the seed prints them: title, all authors, journal, date;volume(issue):pages.
    assert items[2].startswith(
        "Effects of imatinib mesylate in mouse models of multiple sclerosis and in vitro determinants. Azizi G, "
        "Haidari MR, Khorramizadeh M, Naddafi F, Sadria R, Javanbakht MH, Sedaghat R, Tofighi Zavareh F, "
        "Mirshafiey A. Iran J Allergy Asthma Immunol. 2014 Jun;13(3):198-206."
    )
    assert items[3].startswith(
        "CNS demyelination after initiating the tyrosine kinase inhibitor imatinib: A report of two cases. "
        "Rotstein DL, Sawicka K, Bharatha A, Montalban X, Lipton JH. Mult Scler. 2019 Dec 17:1352458519892914."
    )
    # Live: each reference links to its record in the portal.
    post = Post.objects.get(slug="animals-got-it-wrong-again-or-is-a-fluke")
    for citation in post.citations.select_related("publication"):
        assert f'href="{citation.publication.get_absolute_url()}"' in references
    assert 'href="/drugs/imatinib/"' in page
    assert 'href="https://clinicaltrials.gov/study/NCT03674099"' in page
    assert "MouseDoctor writes about multiple sclerosis research" in html.text(page, cls="about-author")


def test_post_body_is_sanitized_again_when_shown(client, db):
    post = factories.PostFactory(body="Hello")
    # HTML written straight into the database, bypassing the save-time sanitizer.
    Post.objects.filter(pk=post.pk).update(
        body_html='<p onclick="steal()">Hi</p><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
    )
    page = client.get(post.get_absolute_url()).content.decode()
    body = html.texts_html(page, cls="post-body")
    assert "<script>alert(1)" not in body and "onclick" not in body and "javascript:" not in body
    assert "<p>Hi</p>" in body


def test_markdown_is_rendered(client, db):
    post = factories.PostFactory(body="A **bold** claim.\n\n- one\n- two")
    body = html.texts_html(client.get(post.get_absolute_url()).content, cls="post-body")
    assert "<strong>bold</strong>" in body and "<li>one</li>" in body


def test_drafts_and_scheduled_posts_are_invisible_to_the_public(client, demo, draft, scheduled):
    for post in (draft, scheduled):
        assert client.get(post.get_absolute_url()).status_code == 404
        tag = factories.TagFactory(name=f"Tag for {post.slug}")
        post.tags.add(tag)
        assert post.title not in client.get(tag.get_absolute_url()).content.decode()
        assert post.title not in client.get(post.author.get_absolute_url()).content.decode()
    for url in ("/", "/commentary/", SEED_POST, "/commentary/feed/"):
        page = client.get(url).content.decode()
        assert (
            "Draft thoughts" not in page
            and "Tomorrow&#x27;s news" not in page
            and "Tomorrow's news" not in page
        )


def test_curators_preview_drafts_with_a_banner_and_no_comment_form(client, curator, draft):
    client.force_login(curator)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview. This post is a draft" in html.text(page, cls="banner-notice")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "comment-form" not in page


def test_commentary_list_is_newest_first_and_paginated(client, db):
    author = factories.ContributorFactory()
    now = timezone.now()
    for i in range(12):
        factories.PostFactory(
            title=f"Post {i:02d}", author=author, published_at=now - dt.timedelta(days=i + 1)
        )
    first = client.get("/commentary/").content.decode()
    titles = html.texts(first, cls="post-summary")
    assert [t.split(" By ")[0] for t in titles] == [f"Post {i:02d}" for i in range(10)]
    second = client.get("/commentary/?page=2").content.decode()
    assert [t.split(" By ")[0] for t in html.texts(second, cls="post-summary")] == ["Post 10", "Post 11"]
    assert '<link rel="canonical" href="http://testserver/commentary/?page=2">' in second


def test_author_page_has_about_the_author_posts_and_a_feed(client, demo):
    page = client.get("/commentary/authors/mousedoctor/").content.decode()
    assert "About the author" in page and "MouseDoctor writes about multiple sclerosis research" in page
    assert "Animals got it wrong again or is a fluke?" in page
    assert 'href="/commentary/authors/mousedoctor/feed/"' in page
    assert client.get("/commentary/authors/nobody/").status_code == 404


def test_tag_page_lists_its_posts(client, demo):
    page = client.get("/commentary/tags/multiple-sclerosis/").content.decode()
    assert "Posts tagged “Multiple sclerosis”" in page
    assert "Animals got it wrong again or is a fluke?" in page
    assert 'href="/commentary/tags/multiple-sclerosis/feed/"' in page
    assert client.get("/commentary/tags/no-such-tag/").status_code == 404


def test_sidebar_shows_recent_posts_and_only_approved_comments_on_public_posts(client, db, draft):
    post = factories.PostFactory(title="Public post")
    factories.CommentFactory(post=post, name="Ada", body="Approved words", status=Comment.Status.APPROVED)
    factories.CommentFactory(post=post, name="Bob", body="Pending words", status=Comment.Status.PENDING)
    factories.CommentFactory(post=post, name="Eve", body="Spam words", status=Comment.Status.SPAM)
    factories.CommentFactory(post=draft, name="Cy", body="Words on a draft", status=Comment.Status.APPROVED)
    sidebar = html.text(client.get("/commentary/").content, cls="sidebar")
    assert "Public post" in sidebar
    assert (
        "Ada on Public post: “Approved words”" in sidebar or "Ada on Public post: Approved words" in sidebar
    )
    for hidden in ("Pending words", "Spam words", "Words on a draft", "Draft thoughts"):
        assert hidden not in sidebar


@pytest.mark.parametrize("n", [10, 300])
def test_post_page_runs_a_fixed_number_of_queries_whatever_the_comments(
    client, db, django_assert_max_num_queries, n
):
    post = post_with_comments(n)
    for i in range(4):
        PostCitation.objects.create(post=post, publication=factories.PublicationFactory(), position=i + 1)
    post.drugs.add(factories.DrugFactory())
    post.tags.add(factories.TagFactory())
    with django_assert_max_num_queries(POST_PAGE_QUERIES) as captured:
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert len(captured.captured_queries) == POST_PAGE_QUERIES


@pytest.mark.parametrize("n", [10, 300])
def test_commentary_author_and_tag_pages_run_fixed_queries(client, db, django_assert_max_num_queries, n):
    author, tag = factories.ContributorFactory(), factories.TagFactory()
    for _ in range(n // 10):
        factories.PostFactory(author=author).tags.add(tag)
    post_with_comments(n)
    for url, expected in (
        ("/commentary/", 5),
        (author.get_absolute_url(), 6),
        (tag.get_absolute_url(), 6),
    ):
        with django_assert_max_num_queries(expected) as captured:
            assert client.get(url).status_code == 200
        assert len(captured.captured_queries) == expected, url


# post + tags, drugs, trials, references (5); comments count and page (2); sidebar (2).
POST_PAGE_QUERIES = 9
