"""The events' periodic jobs: on the worker's schedule, and the reminder run through the worker itself."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.events import notifications, services, tasks
from portal.notifications.models import Notification
from portal.worker import schedule
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_reminder_and_ended_jobs_are_on_the_schedule():
    names = {job.name for job in schedule.jobs()}

    assert {"events.send_reminders", "events.mark_ended"} <= names


def test_the_worker_sends_the_day_before_reminder_once(member):
    soon = timezone.now() + timedelta(hours=10)
    event = EventFactory(starts_at=soon, ends_at=soon + timedelta(hours=1))
    services.register(event=event, user=member)

    tasks.send_reminders.enqueue()
    tasks.send_reminders.enqueue()
    call_command("run_worker", "--batch", "--no-schedule", verbosity=0)

    reminder = Notification.objects.get(recipient=member, kind=notifications.REMINDER)
    assert reminder.title == f"Coming up: {event.title}"
    assert reminder.target_url == event.get_absolute_url()
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert event.title in email.subject
    assert f"http://localhost:8000{event.get_absolute_url()}" in email.body
