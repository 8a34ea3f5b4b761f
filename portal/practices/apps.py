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
