"""The demo groups load idempotently; other apps' sections (events) show on the group page only to insiders."""

from django.test import Client

from portal.groups import sections
from portal.groups.demo import DEMO_GROUPS, load_demo_groups
from portal.groups.models import Access, Group, GroupKind
from tests.network.factories import PractitionerProfileFactory


def test_the_demo_groups_load_twice_without_duplicates(db):
    slugs = {slug for group in DEMO_GROUPS for slug in group[7] + group[8]}
    for slug in slugs:
        PractitionerProfileFactory(slug=slug, display_name=slug.replace("-", " ").title())
    load_demo_groups()
    load_demo_groups()
    assert Group.objects.filter(kind=GroupKind.REGIONAL).count() == 4
    assert Group.objects.filter(kind=GroupKind.TOPIC).count() == 2
    assert Group.objects.filter(access=Access.REQUEST).count() == 1
    assert Group.objects.filter(access=Access.INVITE).count() == 1
    commissioners = Group.objects.get(slug="commissioners")
    assert commissioners.memberships.count() == 3
    assert commissioners.forum.topics.count() == 1


def test_a_registered_section_shows_to_members_and_renders_nothing_when_empty(invite_only, member, outsider):
    group, _ = invite_only
    sections.register_section(
        sections.GroupSection(
            name="test-events",
            template="groups/includes/access_label.html",
            context=lambda g, viewer: {} if g.pk == group.pk else None,
        )
    )
    try:
        rendered = sections.rendered_for(group, member)
        assert "test-events" in [s["name"] for s in rendered]
        client = Client()
        client.force_login(member)
        assert "group-section--test-events" in client.get(group.get_absolute_url()).content.decode()
    finally:
        sections._sections.pop("test-events")


def test_the_group_page_and_listing_take_a_fixed_number_of_queries(open_group, member, django_assert_max_num_queries):
    from tests.groups.conftest import person
    from tests.groups.factories import MembershipFactory

    client = Client()
    client.force_login(member)
    client.get(open_group.get_absolute_url())
    # A ceiling for the page with its sections (events registers one); the real check is that it holds
    # still when the group grows.
    with django_assert_max_num_queries(36) as few:
        client.get(open_group.get_absolute_url())
    for n in range(8):
        MembershipFactory(group=open_group, user=person(f"Extra Member {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(open_group.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(15):
        client.get("/groups/")
