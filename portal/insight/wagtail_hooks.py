"""Admin set-up for insight: counting served pages, the report, its menu item and the dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from portal.insight import registry, selectors
from portal.insight.admin_views import insight_report
from portal.insight.counting import count_view

PANEL_ROWS = 5


@hooks.register("before_serve_page")
def count_page_view(page, request, serve_args, serve_kwargs):
    """Count a view of a page of a registered type (previews are not served through this hook)."""
    kind = registry.kind_of_page(page)
    if kind is not None:
        count_view(request, kind=kind.name, object_id=page.pk)


class MostReadPanel(Component):
    """The case studies read most this month, on the admin home page."""

    name = "most-read"
    order = 150
    template_name = "home/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        period = selectors.month_period()
        rows = [
            {"label": row["title"], "url": row["url"], "meta": f"{row['views']} view{'s' if row['views'] != 1 else ''}"}
            for row in selectors.most_read("case-study", period, limit=PANEL_ROWS)
        ]
        panel = {
            "name": self.name,
            "title": f"Most read case studies, {period.label}",
            "rows": rows,
            "link": reverse("insight_report"),
            "link_label": "Insight: what is read and searched",
            "empty": "No case study has been read this month yet (views reach the admin within five minutes).",
        }
        return {"panel": panel}


@hooks.register("construct_homepage_panels")
def add_most_read_panel(request, panels):
    panels.append(MostReadPanel())


@hooks.register("register_admin_urls")
def register_insight_urls():
    return [path("reports/insight/", insight_report, name="insight_report")]


@hooks.register("register_reports_menu_item")
def register_insight_menu_item():
    return MenuItem("Insight: read and searched", reverse("insight_report"), icon_name="view", order=90)
