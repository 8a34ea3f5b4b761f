from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "portal.moderation"
    label = "moderation"
    verbose_name = "Review queue, reports, suspensions and take-down requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts import registry as members_data_registry
        from portal.moderation import members_data, own_kinds, signals, tasks
        from portal.moderation.selectors import is_moderator
        from portal.moderation.services import ACCOUNT_APPROVED_KIND, REMOVED_KIND, SUSPENDED_KIND, TAKEDOWN_KIND
        from portal.notifications.kinds import Kind, register
        from portal.worker.schedule import Job
        from portal.worker.schedule import register as register_job

        own_kinds.register_kinds()
        members_data_registry.register(
            "moderation", export=members_data.export_moderation, erase=members_data.erase_moderation, order=15
        )
        signals.connect()
        register_job(Job(name="moderation.lift_expired_suspensions", task=tasks.lift_expired_suspensions, seconds=300))
        register_job(
            Job(name="moderation.resume_stalled_bulk_decisions", task=tasks.resume_stalled_bulk_decisions, seconds=120)
        )
        register(
            Kind(
                name=REMOVED_KIND,
                label="Your contributions removed by a moderator",
                description="A moderator removed something you wrote, and tells you why.",
                default_delivery="immediate",
                email_template="notifications/email/moderation_removed",
                title="A moderator removed your {{ item_label }}",
                text="{{ removal_reason }}{% if note %}: {{ note }}{% endif %}",
            )
        )
        register(
            Kind(
                name=SUSPENDED_KIND,
                label="Your account suspended",
                description="A moderator suspended your account, and tells you why and for how long.",
                default_delivery="immediate",
                email_template="notifications/email/moderation_suspended",
                title="Your account is suspended{% if until %} until {{ until }}{% endif %}",
                text="{{ reason }}",
            )
        )
        register(
            Kind(
                name=TAKEDOWN_KIND,
                label="Take-down requests to review",
                audience=is_moderator,
                description="Someone asked for something on a page to be taken down: it waits in the review queue.",
                default_delivery="immediate",
                title="Take-down request{% if is_safeguarding %} (safeguarding){% endif %}: {{ page_title }}",
                text=(
                    "Reason given: {{ reason }}.{% if page_hidden %} The page was hidden at once.{% endif %}"
                    " It waits for a decision in the review queue."
                ),
            )
        )
        register(
            Kind(
                name=ACCOUNT_APPROVED_KIND,
                label="Your new account approved",
                description="A moderator approved your new account: you can sign in.",
                default_delivery="immediate",
                title="Your account is approved",
                text="Welcome: you can sign in now.",
            )
        )
