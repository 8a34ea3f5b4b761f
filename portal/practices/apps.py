from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "portal.practices"
    label = "practices"
    verbose_name = "Principles of co-production and practitioners' case studies"

    def ready(self):
        from portal.accounts import registry
        from portal.network.work import PublishedWork, register_published_work
        from portal.practices import members_data, notifications, selectors

        # Profiles and organisations show case studies; network reads them through this hook.
        register_published_work(
            PublishedWork(
                principles=selectors.live_principles,
                case_studies=selectors.live_case_studies,
                case_studies_by_contributors=selectors.case_studies_by_contributors,
                case_studies_of_organisation=selectors.case_studies_of_organisation,
                contributor_links=selectors.contributor_links,
                organisation_links=selectors.organisation_links,
            )
        )

        # Submitters hear about their case studies from the portal, not from Wagtail's emails.
        notifications.register_kinds()
        notifications.connect()

        registry.register(
            "case_studies", export=members_data.export_practices, erase=members_data.erase_practices, order=10
        )

        # Editors see which case studies and principles are read, and what is submitted and published.
        from portal.insight.registry import ContributionSeries, ViewedKind, register_kind, register_series
        from portal.practices.models import CaseStudyPage, PrinciplePage

        register_kind(
            ViewedKind("case-study", "Case studies", selectors.case_study_titles, page_model=CaseStudyPage, order=10)
        )
        register_kind(
            ViewedKind("principle", "Principles", selectors.principle_titles, page_model=PrinciplePage, order=20)
        )
        register_series(
            ContributionSeries(
                "case-studies-submitted", "Case studies submitted", selectors.case_studies_submitted_per_week, order=20
            )
        )
        register_series(
            ContributionSeries(
                "case-studies-published", "Case studies published", selectors.case_studies_published_per_week, order=30
            )
        )
