"""Admin set-up for imports: the pages and a menu item beside the case study reports."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.imports import admin_views


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("imports/case-studies/", admin_views.import_index, name="case_study_imports"),
        path("imports/case-studies/<int:pk>/", admin_views.import_detail, name="case_study_import_detail"),
        path("imports/case-studies/<int:pk>/status.json", admin_views.import_status, name="case_study_import_status"),
        path("imports/case-studies/<int:pk>/resume/", admin_views.import_resume, name="case_study_import_resume"),
        path(
            "imports/case-studies/<int:pk>/report.csv", admin_views.import_report_csv, name="case_study_import_report"
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from portal.imports.selectors import case_study_index_page

        index = case_study_index_page()
        return index is not None and index.permissions_for_user(request.user).can_add_subpage()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("Import case studies", reverse("case_study_imports"), icon_name="upload", order=290)
