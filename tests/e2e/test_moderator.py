"""A reader's comment waits for a moderator; once approved in the admin, every reader sees it."""

import re

import pytest
from playwright.sync_api import expect

from literature.models import Comment, Post
from tests import factories
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.e2e

BODY = "Did the mouse strain matter? A question from the browser test."


def test_a_comment_is_shown_only_after_a_moderator_approves_it(new_context):
    moderator = factories.CuratorFactory(username="mo")
    post = Post.objects.get()

    reader = new_context().new_page()
    reader.goto(post.get_absolute_url())
    comments = reader.locator("#comments .comment-list")
    expect(comments).to_have_count(0)
    form = reader.locator("#comment-form")
    form.get_by_label("Name").fill("Dr Reader")
    form.get_by_label("Comment").fill(BODY)
    form.get_by_role("button", name="Post comment").click()

    expect(reader.locator("#comments")).to_contain_text("will appear once a moderator approves it")
    expect(reader.locator("#comments")).not_to_contain_text(BODY)
    assert Comment.objects.get().status == Comment.Status.PENDING

    # Another reader, and the same reader coming back: still not shown.
    passer_by = new_context().new_page()
    passer_by.goto(post.get_absolute_url())
    expect(passer_by.locator("#comments")).to_contain_text("No comments yet.")
    reader.reload()
    expect(reader.locator("#comments")).not_to_contain_text(BODY)

    # The moderator approves it with the comments list's bulk action.
    admin = new_context().new_page()
    admin_login(admin, moderator.username)
    admin.locator(".model-comment").get_by_role("link", name="Comments").click()
    admin.get_by_role("link", name=re.compile("Awaiting moderation", re.I)).click()
    row = admin.get_by_role("row", name=re.compile("Dr Reader"))
    expect(row).to_contain_text("Did the mouse strain matter?")
    row.get_by_role("checkbox").check()
    admin.get_by_label("Action:").select_option(label="Approve selected comments")
    admin.get_by_role("button", name="Go").click()
    expect(admin.locator(".messagelist .success")).to_have_text("Approved 1 comment(s).")

    # Now both readers see it, with its author, in the comments and among the recent comments.
    for page in (reader, passer_by):
        page.reload()
        comment = page.locator("#comments .comment")
        expect(comment).to_have_count(1)
        expect(comment.locator(".comment-author")).to_have_text("Dr Reader")
        expect(comment.locator(".comment-body")).to_have_text(BODY)
        expect(page.locator("#comments-h")).to_have_text("Comments (1)")
        expect(page.locator(".sidebar")).to_contain_text("Dr Reader")
