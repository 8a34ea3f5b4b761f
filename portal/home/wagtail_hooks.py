"""Editors' dashboard: what needs attention, gathered from every app."""

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.admin.ui.components import Component

from portal import page_cache
from portal.home import frontend_cache
from portal.home import selectors as home
from portal.network import selectors as network
from portal.practices import selectors as practices

PANEL_ROWS = 5


class DashboardPanel(Component):
    """A titled list on the admin home page, with a link to the full view."""

    template_name = "home/admin/dashboard_panel.html"

    def __init__(self, *, name, title, rows, link=None, link_label="", empty="Nothing here.", order=100):
        self.name, self.title, self.rows, self.order = name, title, rows, order
        self.link, self.link_label, self.empty = link, link_label, empty

    def get_context_data(self, parent_context):
        return {"panel": self}


def _needs_review_panel():
    due = practices.case_studies_due_for_review()
    rows = [
        {
            "label": page.title,
            "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "meta": f"last reviewed {page.last_reviewed:%d %b %Y}"
            if page.last_reviewed
            else f"never reviewed; first published {page.last_reviewed_or_published:%d %b %Y}",
        }
        for page in due[:PANEL_ROWS]
    ]
    return DashboardPanel(
        name="needs-review",
        title=f"Not reviewed for 18 months ({due.count()})",
        rows=rows,
        link=reverse("case_study_review_report"),
        link_label="Needs-review report",
        empty="Every case study has been reviewed in the last 18 months.",
        order=60,
    )


def _newest_members_panel():
    rows = [
        {
            "label": profile.display_name,
            "url": f"/practitioners/{profile.slug}/",
            "meta": f"joined {profile.created_at:%d %b %Y}" + (" · suspended" if profile.suspended_at else ""),
        }
        for profile in network.newest_members(PANEL_ROWS)
    ]
    return DashboardPanel(name="newest-members", title="Newest members", rows=rows, empty="No member yet.", order=70)


def _comment_state(comment):
    reports = comment.report_count
    parts = ["held" if not comment.is_public else "published"]
    if reports:
        parts.append(f"reported {reports} time{pluralize(reports)}")
    parts.append(f"by {comment.name or 'a member'}")
    return " · ".join(parts)


def _comments_panel(user):
    comments, total = home.comments_needing_moderation(PANEL_ROWS)
    can_moderate = user.has_perm("django_comments_xtd.change_xtdcomment")
    rows = [
        {
            "label": Truncator(comment.comment).chars(80),
            "url": reverse("wagtailsnippets_django_comments_xtd_xtdcomment:edit", args=[comment.pk])
            if can_moderate
            else None,
            "meta": _comment_state(comment),
        }
        for comment in comments
    ]
    return DashboardPanel(
        name="comments",
        title=f"Held or reported comments ({total})",
        rows=rows,
        link=reverse("wagtailsnippets_django_comments_xtd_xtdcomment:list") if can_moderate else None,
        link_label="Moderate comments",
        empty="No comment is held or reported.",
        order=55,
    )


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    # Submissions awaiting review are in Wagtail's own "Awaiting your review" panel.
    panels.extend([_needs_review_panel(), _newest_members_panel()])
    if request.user.has_perm("django_comments_xtd.view_xtdcomment") or request.user.has_perm(
        "django_comments_xtd.change_xtdcomment"
    ):
        panels.append(_comments_panel(request.user))


hooks.register("before_serve_page", frontend_cache.remember_served_page)


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Live pages are the same for every anonymous visitor; the page cache checks the answer itself."""
    page_cache.allow(request)
