"""Error pages come in the site's design, with a way forward."""

import pytest
from django.test import Client


def test_404_is_in_the_site_design(client, site_tree):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'class="skip-link"' in body


def test_csrf_failure_explains_what_to_do(site_tree, django_user_model):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.create_user("m", "m@example.org", "a-long-password-1"))

    response = strict.post("/submissions/new/", {"title": "x"})

    assert response.status_code == 403
    assert "Please send the form again" in response.content.decode()


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html"])
def test_error_templates_render_without_a_request(template, db):
    from django.template.loader import render_to_string

    html = render_to_string(template, {})

    assert "Co-production portal" in html
