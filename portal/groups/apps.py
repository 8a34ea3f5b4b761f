from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "portal.groups"
    label = "groups"
    verbose_name = "Groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts import registry
        from portal.discussions.access import ForumRule, register_forum_rule
        from portal.groups import members_data, moderation, selectors, services
        from portal.network.affiliations import Affiliations, register_affiliations
        from portal.notifications.kinds import (
            PROPOSAL_DECLINED_TEXT,
            PROPOSAL_DECLINED_TITLE,
            Kind,
            register,
            register_visibility_check,
        )

        moderation.register()  # members' proposals wait in the review queue
        # The one privacy rule reaches discussions' pages, search indexing, sitemap, sockets and notices.
        register_forum_rule(
            ForumRule(
                hidden_forum_ids=selectors.forum_ids_hidden_from,
                reader_ids=selectors.forum_reader_ids,
                may_start_topics=selectors.may_start_topics_in,
            )
        )
        register_affiliations(
            Affiliations(
                groups_of=selectors.affiliations_of,
                group_choices=selectors.group_choices_for,
                member_ids=selectors.member_ids_of_groups,
                graph_groups=selectors.graph_groups_for,
            )
        )
        for kind in (
            Kind(
                name=services.REQUEST_KIND,
                label="Requests to join a group you organise",
                description="Someone asks to join a group you organise.",
                default_delivery="immediate",
                title="{{ actor_name }} asked to join {{ group }}",
                text="Approve or decline the request on the group's members page.",
            ),
            Kind(
                name=services.APPROVED_KIND,
                label="Your group membership is approved",
                description="Organisers let you into a group you asked to join, or editors open a group you proposed.",
                default_delivery="immediate",
                title="{{ what }}: {{ group }}",
                text="Welcome to {{ group }}.",
            ),
            Kind(
                name=services.INVITED_KIND,
                label="Invitations to groups",
                description="A member invites you to join a group.",
                default_delivery="immediate",
                title="{{ actor_name }} invited you to join {{ group }}",
                text="Accept or decline the invitation on the group's page.",
            ),
            Kind(
                name=services.PROPOSAL_DECLINED_KIND,
                label="Your proposed groups not approved",
                description="The editors decide not to open a group you proposed, and tell you why.",
                default_delivery="immediate",
                email_template="notifications/email/proposal_declined",
                title=PROPOSAL_DECLINED_TITLE,
                text=PROPOSAL_DECLINED_TEXT,
            ),
            Kind(
                name=services.NOTICE_KIND,
                label="Notices from groups you belong to",
                description="An organiser sends a notice to every member of a group.",
                default_delivery="immediate",
                title="{{ group }}: {{ subject }}",
                text="{{ message }}",
            ),
        ):
            register(kind)
        register_visibility_check(
            [services.REQUEST_KIND, services.APPROVED_KIND, services.INVITED_KIND, services.NOTICE_KIND],
            selectors.hidden_notices,
        )
        registry.register("groups", export=members_data.export_groups, erase=members_data.erase_groups, order=30)
