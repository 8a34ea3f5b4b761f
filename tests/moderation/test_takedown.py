"""The public take-down request form: anyone asks; a safeguarding risk hides the page at once; the request
waits in the review queue, and declining it puts a hidden page back."""

import pytest
from django.core.cache import cache
from wagtail.models import Page

from portal.moderation import services
from portal.moderation.models import QueueItem, TakedownRequest
from tests.moderation.conftest import make_moderator
from tests.practices.factories import CaseStudyPageFactory

URL = "/take-down/"


@pytest.fixture(autouse=True)
def fresh_allowance():
    cache.delete("moderation:takedown:127.0.0.1")


def ask(client, page, reason="no-consent", **extra):
    data = {
        "page_url": f"http://testserver{page.url}",
        "reason": reason,
        "details": "The second quote is mine and I did not agree to it.",
        "name": "Sam Lee",
        "email": "sam@example.net",
        "website": "",
        **extra,
    }
    return client.post(URL, data)


@pytest.mark.django_db
class TestTakedown:
    def test_every_case_study_and_the_site_footer_link_to_the_form(self, client, site_tree):
        page = CaseStudyPageFactory()

        html = client.get(page.url).content.decode()

        assert f'href="{URL}?page=' in html
        assert f'href="{URL}"' in html

    def test_the_form_is_prefilled_from_the_page_link(self, client, site_tree):
        html = client.get(URL, {"page": "/case-studies/x/"}).content.decode()

        assert 'value="/case-studies/x/"' in html

    def test_a_request_lands_in_the_queue_and_the_page_stays(self, client, site_tree):
        page = CaseStudyPageFactory()

        response = ask(client, page)

        assert response.status_code == 200
        assert "An editor will look at your request" in response.content.decode()
        request = TakedownRequest.objects.get()
        assert request.page.pk == page.pk
        assert QueueItem.objects.get().kind == "moderation.takedown"
        assert Page.objects.get(pk=page.pk).live

    def test_a_safeguarding_request_hides_the_page_at_once(self, client, site_tree):
        page = CaseStudyPageFactory()

        response = ask(client, page, reason="safeguarding")

        assert "The page is hidden now" in response.content.decode()
        assert not Page.objects.get(pk=page.pk).live
        assert client.get(page.url).status_code == 404
        assert QueueItem.objects.get().reports.get().reason == "safeguarding"

    def test_declining_a_safeguarding_request_publishes_the_page_again(self, client, site_tree):
        page = CaseStudyPageFactory()
        ask(client, page, reason="safeguarding")

        services.decide(item_id=QueueItem.objects.get().pk, action="dismiss", moderator=make_moderator("Mo"))

        assert Page.objects.get(pk=page.pk).live

    def test_bad_input_is_refused_with_a_message(self, client, site_tree):
        response = client.post(URL, {"page_url": "", "reason": "nonsense", "details": "", "email": "not-an-email"})

        assert response.status_code == 400
        assert "Please fix this" in response.content.decode()
        assert not TakedownRequest.objects.exists()

    def test_the_honeypot_refuses_programs(self, client, site_tree):
        page = CaseStudyPageFactory()

        response = ask(client, page, website="http://spam.example")

        assert response.status_code == 400
        assert not TakedownRequest.objects.exists()

    def test_requests_are_rate_limited(self, client, site_tree, settings):
        settings.TAKEDOWN_RATE_LIMIT = 2
        page = CaseStudyPageFactory()

        statuses = [ask(client, page).status_code for _ in range(3)]

        assert statuses == [200, 200, 429]

    def test_upholding_a_request_takes_the_page_down(self, client, site_tree):
        page = CaseStudyPageFactory()
        ask(client, page)

        services.decide(item_id=QueueItem.objects.get().pk, action="approve", moderator=make_moderator("Mo"))

        assert not Page.objects.get(pk=page.pk).live
