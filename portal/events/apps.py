from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "portal.events"
    label = "events"
    verbose_name = "Events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts import registry
        from portal.events import members_data, notifications, tasks
        from portal.worker.schedule import Job, register

        notifications.register_kinds()
        # Hourly, so every registered member hears about 24 hours ahead; dedupe keys make reruns harmless.
        register(Job(name="events.send_reminders", task=tasks.send_reminders, crontab="5 * * * *"))
        register(Job(name="events.mark_ended", task=tasks.mark_ended, crontab="10 * * * *"))
        registry.register("events", export=members_data.export_events, erase=members_data.erase_events, order=20)

        # The group page lists the group's events; groups never imports events, events registers here.
        from portal.events import selectors
        from portal.groups.sections import GroupSection, register_section

        def group_section(group, viewer):
            return {
                "group_events": selectors.group_events(group, viewer),
                "can_add_events": selectors.groups_organised_by(viewer).filter(pk=group.pk).exists(),
            }

        template = "events/includes/group_events.html"
        register_section(GroupSection(name="events", template=template, context=group_section))
