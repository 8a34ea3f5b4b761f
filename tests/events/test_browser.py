"""The events listing, an event page and registering, in Chromium at 1280 and 390 px, with axe-core."""

import pytest
from django.test import Client

from portal.events.models import RegistrationState
from tests.conftest import axe_violations, csp_violations, screenshot, watch_csp
from tests.events.conftest import make_member
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(context, user, base_url):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def problems_on(page, width: int) -> list[str]:
    problems = [f"CSP: {violation}" for violation in csp_violations(page)]
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
        problems.append("scrolls sideways")
    problems.extend(f"axe {v['id']}: {v['help']} {v['nodes']}" for v in axe_violations(page))
    return problems


def test_a_member_finds_an_event_and_registers_at_both_widths(daphne_server, site_tree, browser):
    member = make_member("Amira Okafor")
    event = EventFactory(
        title="Warm spaces evening",
        format="hybrid",
        joining_url="https://meet.example.org/warm-spaces",
        capacity=20,
        hearing_loop=True,
        accessibility_notes="Accessible toilet on the ground floor.",
    )
    EventFactory(title="Online clinic", format="online", joining_url="https://meet.example.org/clinic")
    failures = {}
    for width, action, outcome in (
        (1280, "Register", "You are registered"),
        (390, "Cancel my registration", "cancelled"),
    ):
        context = browser.new_context(viewport={"width": width, "height": 900})
        watch_csp(context)
        sign_in(context, member, daphne_server)
        page = context.new_page()

        page.goto(f"{daphne_server}/events/")
        failures[f"{width} listing"] = problems_on(page, width)
        screenshot(page, f"events-{width}-listing")
        page.get_by_role("link", name="See this month as a calendar").click()
        page.wait_for_load_state()
        failures[f"{width} month"] = problems_on(page, width)
        screenshot(page, f"events-{width}-month")
        page.go_back()
        page.get_by_role("link", name="Warm spaces evening").click()
        page.wait_for_load_state()
        failures[f"{width} event"] = problems_on(page, width)
        screenshot(page, f"events-{width}-event")

        page.get_by_role("button", name=action).click()
        page.wait_for_load_state()
        assert outcome in page.content()
        failures[f"{width} after {action}"] = problems_on(page, width)
        screenshot(page, f"events-{width}-after-{action.lower().replace(' ', '-')}")
        context.close()

    assert {name: found for name, found in failures.items() if found} == {}
    assert event.registrations.get(user=member).state == RegistrationState.CANCELLED
