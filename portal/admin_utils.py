"""Admin pieces shared by the apps: list views that stay fast on tables of millions of rows."""

import functools

from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _

# Below this many rows an exact COUNT(*) is cheap; above it the changelist shows an estimate.
EXACT_COUNT_LIMIT = 100_000


class EstimatedCountPaginator(Paginator):
    """A paginator that does not COUNT(*) a whole big table on PostgreSQL.

    For an unfiltered changelist it reads the planner's row estimate from pg_class
    (a catalogue lookup, microseconds); filtered lists are counted exactly, but only up
    to ``EXACT_COUNT_LIMIT`` rows, which bounds the cost of a broad filter.
    """

    @cached_property
    def count(self):
        qs = self.object_list
        model = getattr(qs, "model", None)
        if model is None:
            return super().count
        connection = connections[qs.db]
        if not qs.query.where and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
                )
                row = cursor.fetchone()
            estimate = int(row[0]) if row else -1
            if estimate > EXACT_COUNT_LIMIT:
                return estimate
        # Count at most EXACT_COUNT_LIMIT + 1 rows: enough to page, never a full scan of a million.
        capped = qs.order_by().values("pk")[: EXACT_COUNT_LIMIT + 1]
        return capped.count()


@functools.cache
def boolean_icon(value: bool | None) -> str:
    """Django's yes/no icon for a list column, built once per process instead of once per cell (each
    looks up the hashed static file name and formats the tag: 100 times on a 50-row list of two flags)."""
    from django.contrib.admin.templatetags.admin_list import _boolean_icon

    return _boolean_icon(value)


class RowLinksChangeList(ChangeList):
    """Each row's link carries the list's filters and search already. Django adds them in the template
    and, to do so, resolves every row's URL on a filtered or searched list (a few ms per page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the rows' links read ``preserved_filters`` (the "add" button reads the view's own).
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_filters}" if self.row_filters else url


class FastChangeListMixin:
    """No second full count of the table, an estimated paginator, and explicit related selects."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return RowLinksChangeList

    def action_checkbox(self, obj):
        """The row's checkbox, the same HTML as Django's, without rendering a form widget's template
        for each row (a sixth of the time of a 50-row list)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )


def log_bulk_change(request, objects, message: str) -> None:
    """Record a bulk admin action in each object's history, as a one-by-one edit would be."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.db import transaction

    from portal.caching import bump_content_version

    objects = list(objects)
    if objects:
        LogEntry.objects.log_actions(
            user_id=request.user.pk, queryset=objects, action_flag=CHANGE, change_message=message
        )
        # The action's QuerySet.update() sends no signals: invalidate cached pages once it is committed
        # (actions run in a transaction, so this waits for the update that follows).
        transaction.on_commit(bump_content_version)
