"""Admin set-up for evidence: the "searched for but not found" report and its dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from portal.evidence import selectors
from portal.evidence.admin_views import unmet_demand_report

PANEL_ROWS = 5


class UnmetDemandPanel(Component):
    """The most searched queries that found no or few case studies, on the admin home page."""

    name = "unmet-demand"
    order = 160
    template_name = "home/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        rows = [
            {
                "label": row["query"] or selectors.readable_filters(row["filters"]) or "(everything)",
                "meta": f"{row['searches_made']} search{'es' if row['searches_made'] != 1 else ''}, "
                f"{row['most_found']} case stud{'ies' if row['most_found'] != 1 else 'y'} found",
            }
            for row in selectors.unmet_demand()[:PANEL_ROWS]
        ]
        panel = {
            "name": self.name,
            "title": "Searched for but not found",
            "rows": rows,
            "link": reverse("evidence_unmet_demand"),
            "link_label": "The full report (CSV)",
            "empty": f"No search in the last {selectors.DEMAND_DAYS} days went without case studies.",
        }
        return {"panel": panel}


@hooks.register("construct_homepage_panels")
def add_unmet_demand_panel(request, panels):
    panels.append(UnmetDemandPanel())


@hooks.register("register_admin_urls")
def register_unmet_demand_urls():
    return [path("reports/searched-not-found/", unmet_demand_report, name="evidence_unmet_demand")]


@hooks.register("register_reports_menu_item")
def register_unmet_demand_menu_item():
    return MenuItem("Searched for but not found", reverse("evidence_unmet_demand"), icon_name="search", order=120)
