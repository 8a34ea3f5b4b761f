from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "portal.network"
    label = "network"
    verbose_name = "Practitioners, organisations and the links between them"

    def ready(self):
        from portal.accounts import registry
        from portal.network import members_data, moderation, selectors, services, signals, tasks  # noqa: F401
        from portal.notifications.kinds import (
            PROPOSAL_DECLINED_TEXT,
            PROPOSAL_DECLINED_TITLE,
            Kind,
            register,
            register_recipient_filter,
        )
        from portal.worker.schedule import Job
        from portal.worker.schedule import register as register_job

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
        register(
            Kind(
                name=services.ORGANISATION_DECLINED_KIND,
                label="Your proposed organisations not approved",
                description="The editors decide not to list an organisation you named with a case study, and tell "
                "you why.",
                default_delivery="immediate",
                email_template="notifications/email/proposal_declined",
                title=PROPOSAL_DECLINED_TITLE,
                text=PROPOSAL_DECLINED_TEXT,
            )
        )

        registry.register("network", export=members_data.export_network, erase=members_data.erase_network, order=50)
        moderation.register()

        # Editors see which profiles are read and how many join each week.
        from portal.insight.registry import ContributionSeries, ViewedKind, register_kind, register_series

        register_kind(ViewedKind("profile", "Profiles", selectors.profile_titles, order=40))
        register_series(ContributionSeries("new-members", "New members", selectors.new_members_per_week, order=10))
        # The full-network view is a summary computed here, never the whole graph per request.
        register_job(Job(name="network.graph_summary", task=tasks.refresh_graph_summary, seconds=600))
