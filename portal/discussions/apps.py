from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "portal.discussions"
    label = "discussions"
    verbose_name = "Forums, threaded comments and live threads"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts import registry
        from portal.discussions import members_data, moderation, signals
        from portal.discussions.models import COMMENT_KIND, MENTION_KIND, REPLY_KIND, TOPIC_KIND
        from portal.discussions.selectors import hidden_notices
        from portal.notifications.kinds import (
            Kind,
            SettingsSection,
            register,
            register_settings_section,
            register_visibility_check,
        )

        signals.connect()
        moderation.register()
        register(
            Kind(
                name=COMMENT_KIND,
                label="New comments in discussions you follow",
                description="Someone comments in a topic or case study discussion you follow or took part in.",
                default_delivery="immediate",
                email_template="notifications/email/discussions_comment",
                title="{{ actor_name }} commented on “{{ thread }}”",
                text="{{ comment_text }}",
            )
        )
        register(
            Kind(
                name=REPLY_KIND,
                label="Replies to your comments",
                description="Someone replies to a comment of yours.",
                default_delivery="immediate",
                email_template="notifications/email/discussions_comment",
                title="{{ actor_name }} replied to you in “{{ thread }}”",
                text="{{ comment_text }}",
            )
        )
        register(
            Kind(
                name=MENTION_KIND,
                label="Mentions of you",
                description="Someone mentions you with @ and your handle in a comment.",
                default_delivery="immediate",
                email_template="notifications/email/discussions_mention",
                title="{{ actor_name }} mentioned you in “{{ thread }}”",
                text="{{ comment_text }}",
            )
        )
        register(
            Kind(
                name=TOPIC_KIND,
                label="Topics started by people you follow",
                description="A practitioner you follow starts a topic in the discussions.",
                default_delivery="daily",
                title="{{ actor_name }} started “{{ topic }}” in {{ forum }}",
                text="{{ text }}",
            )
        )
        register_visibility_check([COMMENT_KIND, REPLY_KIND, MENTION_KIND, TOPIC_KIND], hidden_notices)
        from portal.discussions.forms import FollowedThreadsForm

        register_settings_section(
            SettingsSection(
                name="followed-discussions",
                form=FollowedThreadsForm,
                template="discussions/includes/followed_threads_settings.html",
            )
        )

        registry.register(
            "discussions", export=members_data.export_discussions, erase=members_data.erase_discussions, order=20
        )

        # Editors see which topics are read and how many comments are posted each week.
        from portal.discussions import selectors
        from portal.insight.registry import ContributionSeries, ViewedKind, register_kind, register_series

        register_kind(ViewedKind("topic", "Topics", selectors.topic_titles, order=30))
        register_series(ContributionSeries("comments", "Comments", selectors.comments_per_week, order=40))
