"""Admin reports for editors: every case study with its structured fields, and those due a review."""

import datetime

from django.utils import timezone
from wagtail.admin.views.reports import PageReportView

from portal.practices.selectors import case_studies_due_for_review, case_studies_for_export

STRUCTURED_FIELDS = [
    "title",
    "slug",
    "summary",
    "status_string",
    "service_area.name",
    "region.name",
    "get_evidence_level_display",
    "get_cost_comparison_display",
    "start_year",
    "end_year",
    "get_status_display",
    "people_reached",
    "principles_applied",
    "organisations",
    "contributor_names",
    "tag_names",
    "first_published_at",
    "last_reviewed_or_published",
    "full_url",
]
HEADINGS = {
    "status_string": "Publication",
    "service_area.name": "Service area",
    "region.name": "Region",
    "get_evidence_level_display": "Evidence level",
    "get_cost_comparison_display": "Cost compared with the conventional service",
    "get_status_display": "Status",
    "principles_applied": "Principles applied (how strongly)",
    "last_reviewed_or_published": "Last reviewed (or first published, if never reviewed)",
    "contributor_names": "Contributors",
    "tag_names": "Tags",
    "full_url": "URL",
}


class CaseStudyReportView(PageReportView):
    """All case studies; the export (CSV or Excel) carries every structured field."""

    page_title = "Case studies"
    header_icon = "doc-full"
    index_url_name = "case_study_report"
    index_results_url_name = "case_study_report_results"
    list_export = STRUCTURED_FIELDS
    export_headings = HEADINGS
    any_permission_required = ["add", "change", "publish"]

    def get_filename(self):
        return f"case-studies-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = case_studies_for_export()
        return super().get_queryset()


class CaseStudiesDueForReviewView(CaseStudyReportView):
    """Published case studies nobody has reviewed for 18 months."""

    page_title = "Case studies needing review"
    header_icon = "time"
    index_url_name = "case_study_review_report"
    index_results_url_name = "case_study_review_report_results"

    def get_filename(self):
        return f"case-studies-needing-review-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = case_studies_due_for_review()
        return super(CaseStudyReportView, self).get_queryset()
