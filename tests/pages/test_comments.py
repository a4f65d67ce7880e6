"""Reader comments: pending until approved, spam never shown, bots and floods refused, CSRF required."""

import pytest
from django.test import Client, override_settings
from django.test.client import RequestFactory
from django.urls import reverse

from literature.comments import client_ip
from literature.models import Comment, Post
from tests import factories
from tests.pages import html


@pytest.fixture
def post(db):
    return factories.PostFactory(title="On imatinib", slug="on-imatinib")


def comment_url(post):
    return reverse("literature:post_comment", args=[post.slug])


def send(client, post, **data):
    payload = {"name": "Dr Reader", "body": "Useful summary, thanks.", "website": ""} | data
    return client.post(comment_url(post), payload, REMOTE_ADDR=data.pop("ip", "203.0.113.7"))


def comments_shown(client, post):
    return html.texts(client.get(post.get_absolute_url()).content, cls="comment-body")


def test_a_comment_waits_for_moderation_and_appears_once_approved(client, post):
    response = send(client, post)
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url() + "#comments"
    comment = Comment.objects.get()
    assert (comment.status, comment.name, comment.body) == (
        Comment.Status.PENDING,
        "Dr Reader",
        "Useful summary, thanks.",
    )
    assert comment.ip_address == "203.0.113.7"

    page = client.get(post.get_absolute_url()).content.decode()
    assert "will appear once a moderator approves it" in html.text(page, cls="messages")
    assert comments_shown(client, post) == []

    comment.status = Comment.Status.APPROVED
    comment.save()
    assert comments_shown(client, post) == ["Useful summary, thanks."]
    assert "Dr Reader" in html.text(client.get(post.get_absolute_url()).content, cls="comment-list")


def test_spam_is_never_shown(client, post):
    factories.CommentFactory(post=post, body="Cheap pills here", status=Comment.Status.SPAM)
    assert comments_shown(client, post) == []
    assert "Cheap pills" not in client.get("/commentary/").content.decode()


def test_moderators_approve_and_mark_spam_from_the_admin(admin_client_, post):
    pending = factories.CommentFactory(post=post, status=Comment.Status.PENDING)
    spammy = factories.CommentFactory(post=post, status=Comment.Status.PENDING)
    changelist = reverse("admin:literature_comment_changelist")
    admin_client_.post(changelist, {"action": "approve_comments", "_selected_action": [pending.pk]})
    admin_client_.post(changelist, {"action": "mark_spam", "_selected_action": [spammy.pk]})
    pending.refresh_from_db()
    spammy.refresh_from_db()
    assert (pending.status, spammy.status) == (Comment.Status.APPROVED, Comment.Status.SPAM)


def test_comment_text_is_plain_and_escaped(client, post):
    send(client, post, name="<b>Mallory</b>", body='<script>alert("x")</script>\nSecond line')
    Comment.objects.update(status=Comment.Status.APPROVED)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<b>Mallory</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second line" in page
    sidebar = html.text(client.get("/commentary/").content, cls="sidebar")
    assert '<script>alert("x")' in sidebar  # shown as text, not run


def test_the_honeypot_field_rejects_bots_and_saves_nothing(client, post):
    response = send(client, post, website="http://spam.example")
    assert response.status_code == 400
    assert "could not be accepted" in html.text(response.content, cls="form-error")
    assert not Comment.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    hp = html.texts_html(page, cls="hp-field")
    assert 'aria-hidden="true"' in hp and 'tabindex="-1"' in hp and 'name="website"' in hp


@override_settings(COMMENT_RATE_LIMIT=3, COMMENT_RATE_WINDOW=600)
def test_one_address_may_send_only_a_few_comments_in_ten_minutes(client, post):
    for i in range(3):
        assert send(client, post, body=f"Comment {i}").status_code == 302
    response = send(client, post, body="One too many")
    assert response.status_code == 429
    message = html.text(response.content, cls="form-error")
    assert "You have sent 3 comments in the last 10 minutes" in message
    assert "One too many" in response.content.decode()  # the text is kept in the form
    assert Comment.objects.count() == 3
    # Another address is not affected.
    assert send(client, post, body="From elsewhere", ip="198.51.100.9").status_code == 302
    assert Comment.objects.count() == 4


def test_posting_needs_a_csrf_token(post):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(comment_url(post), {"name": "A", "body": "B"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
    assert not Comment.objects.exists()
    # With the token the form carries, it goes through.
    page = strict.get(post.get_absolute_url())
    token = page.cookies["csrftoken"].value
    response = strict.post(
        comment_url(post), {"name": "A", "body": "B", "csrfmiddlewaretoken": token}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_an_empty_comment_is_a_form_error_and_keeps_the_name(client, post):
    response = send(client, post, body="   ")
    assert response.status_code == 400
    assert "Please write a comment." in html.text(response.content, cls="comment-form")
    assert 'value="Dr Reader"' in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_on_drafts_or_unknown_posts_are_refused(client, db):
    draft = factories.PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert send(client, draft).status_code == 404
    assert client.post("/commentary/nope/comments/", {"name": "A", "body": "B"}).status_code == 404
    assert not Comment.objects.exists()


def test_the_comment_address_takes_posts_only(client, post):
    assert client.get(comment_url(post)).status_code == 405


def test_approved_comments_are_paginated_oldest_first(client, post):
    for i in range(55):
        factories.CommentFactory(post=post, body=f"Note {i:02d}")
    first = comments_shown(client, post)
    assert first[0] == "Note 00" and len(first) == 50
    page2 = html.texts(client.get(post.get_absolute_url() + "?comments=2").content, cls="comment-body")
    assert page2 == [f"Note {i}" for i in range(50, 55)]


@override_settings(PORTAL_TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_the_address_comes_from_x_forwarded_for():
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"  # the one the proxy saw; a client wrote "1.2.3.4"


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.1"
