from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "portal.network"
    label = "network"
    verbose_name = "Practitioners, organisations and the links between them"

    def ready(self):
        from portal.accounts import registry
        from portal.network import members_data, moderation, selectors, signals  # noqa: F401
        from portal.notifications.kinds import register_recipient_filter

        register_recipient_filter(selectors.blockers_among)

        registry.register("network", export=members_data.export_network, erase=members_data.erase_network, order=50)
        moderation.register()

        # Editors see which profiles are read and how many join each week.
        from portal.insight.registry import ContributionSeries, ViewedKind, register_kind, register_series

        register_kind(ViewedKind("profile", "Profiles", selectors.profile_titles, order=40))
        register_series(ContributionSeries("new-members", "New members", selectors.new_members_per_week, order=10))
