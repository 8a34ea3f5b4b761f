"""In Chromium at 1280 and 390 px: a visitor reads and searches; the insight report shows it; axe passes."""

import pytest
from django.test import Client

from portal.search.services import rebuild_all
from tests.accounts.factories import with_authenticator_app
from tests.conftest import axe_violations, screenshot
from tests.discussions.factories import TopicFactory
from tests.evidence.conftest import published_case_study  # noqa: F401 - fixture used below
from tests.insight.conftest import BROWSER
from tests.practices.conftest import health, london, principles  # noqa: F401 - fixtures of published_case_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_insight_report_shows_the_views_and_searches_just_made(
    daphne_server,
    browser,
    published_case_study,  # noqa: F811
    es_index_prefix,
    django_user_model,
):
    case_study = published_case_study(title="Time bank at the surgery")
    topic = TopicFactory(title="Paying people for their time")
    rebuild_all()
    # Headless Chromium says so in its user agent and would be left out as a robot: this visitor is a person.
    visitor = browser.new_context(user_agent=BROWSER, viewport={"width": 1280, "height": 900}).new_page()
    for _ in range(2):
        assert visitor.goto(daphne_server + case_study.url).status == 200
    assert visitor.goto(daphne_server + topic.get_absolute_url()).status == 200
    assert visitor.goto(f"{daphne_server}/search/?q=time+bank").status == 200

    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    with_authenticator_app(editor)  # the admin asks editors for a second factor
    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne_server}])
    page = context.new_page()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(f"{daphne_server}/admin/reports/insight/").status == 200
        main = page.locator("main")
        most_read = main.locator("section", has=page.get_by_role("heading", name="Most read case studies", exact=False))
        assert most_read.get_by_role("row", name="Time bank at the surgery 2").count() == 1
        trending = main.locator("section", has=page.get_by_role("heading", name="Trending topics", exact=False))
        assert "Paying people for their time" in trending.inner_text()
        searches = main.locator("section", has=page.get_by_role("heading", name="Search terms", exact=False))
        assert searches.get_by_role("row", name="time bank 1", exact=False).count() == 1
        screenshot(page, f"insight-report-{width}")
        assert axe_violations(page) == []
        overflow = page.evaluate(
            "document.querySelector('.insight').scrollWidth > document.querySelector('.insight').clientWidth + 1"
        )
        assert not overflow, f"the report scrolls sideways at {width} px"
    context.close()
