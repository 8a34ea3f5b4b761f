"""Admin set-up for practices: the case study reports."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.practices.admin_views import CaseStudiesDueForReviewView, CaseStudyReportView


@hooks.register("register_admin_urls")
def register_case_study_report_urls():
    return [
        path("reports/case-studies/", CaseStudyReportView.as_view(), name="case_study_report"),
        path(
            "reports/case-studies/results/",
            CaseStudyReportView.as_view(results_only=True),
            name="case_study_report_results",
        ),
        path(
            "reports/case-studies-needing-review/",
            CaseStudiesDueForReviewView.as_view(),
            name="case_study_review_report",
        ),
        path(
            "reports/case-studies-needing-review/results/",
            CaseStudiesDueForReviewView.as_view(results_only=True),
            name="case_study_review_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_case_study_report_menu_item():
    return MenuItem("Case studies (export)", reverse("case_study_report"), icon_name="doc-full", order=100)


@hooks.register("register_reports_menu_item")
def register_case_study_review_report_menu_item():
    return MenuItem("Case studies needing review", reverse("case_study_review_report"), icon_name="time", order=110)
