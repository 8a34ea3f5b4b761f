from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "portal.network"
    label = "network"
    verbose_name = "Practitioners, organisations and the links between them"

    def ready(self):
        from portal.accounts import registry
        from portal.network import members_data, moderation, selectors, signals  # noqa: F401
        from portal.notifications.kinds import Kind, register, register_recipient_filter

        register_recipient_filter(selectors.blockers_among)
        register(
            Kind(
                name="network.follower",
                label="New followers",
                description="A member starts following you.",
                default_delivery="site",
                title="{{ actor_name }} started following you",
                text="",
            )
        )
        register(
            Kind(
                name="network.contact",
                label="Messages from members",
                description="A member writes to you through “Contact this practitioner”; you reply through the portal.",
                default_delivery="immediate",
                email_template="notifications/email/contact_message",
                title="{{ actor_name }} sent you a message{% if about %} about {{ about|lower }}{% endif %}",
                text="{{ message }}",
            )
        )

        registry.register("network", export=members_data.export_network, erase=members_data.erase_network, order=50)
        moderation.register()

        # Editors see which profiles are read and how many join each week.
        from portal.insight.registry import ContributionSeries, ViewedKind, register_kind, register_series

        register_kind(ViewedKind("profile", "Profiles", selectors.profile_titles, order=40))
        register_series(ContributionSeries("new-members", "New members", selectors.new_members_per_week, order=10))
