"""Demo groups for `manage.py load_demo_content`: four regional and two topic groups of the demo people,
one by request and one invite-only, with memberships and a topic or two in their forums. Idempotent."""

from django.db import transaction

from portal.discussions import services as discussions
from portal.groups import services
from portal.groups.models import Access, Group, GroupKind, Membership, MembershipState, Role
from portal.network import selectors as network
from portal.taxonomy.models import Region, ServiceArea

# name, slug, kind, access, region, service area, summary, organisers, members, (topic title, body, author) ...
DEMO_GROUPS = [
    (
        "North West co-producers",
        "north-west",
        GroupKind.REGIONAL,
        Access.OPEN,
        "north-west",
        "",
        "Practitioners across the North West who meet every other month, in Manchester and online.",
        ["denise-whitworth"],
        ["samuel-adeyemi", "ruth-kaplan", "lorraine-ashworth", "kwame-mensah"],
        [
            (
                "Paying peer researchers: what rate do you use?",
                "We pay our peer researchers the living wage plus travel. How do others handle benefits advice?",
                "samuel-adeyemi",
            )
        ],
    ),
    (
        "London co-production circle",
        "london",
        GroupKind.REGIONAL,
        Access.OPEN,
        "london",
        "",
        "A monthly circle for people co-producing health and care services in London's boroughs.",
        ["rosa-delgado"],
        ["oluwaseun-bakare", "winston-clarke", "chloe-ng"],
        [("Room for our next meeting", "Could any borough host us in spring? We need step-free access.", "chloe-ng")],
    ),
    (
        "Scotland housing co-production",
        "scotland",
        GroupKind.REGIONAL,
        Access.OPEN,
        "scotland",
        "housing",
        "Tenants, housing officers and designers in Scotland sharing what works.",
        ["morag-sinclair"],
        ["euan-baird", "hamish-drummond"],
        [],
    ),
    (
        "Yorkshire health partners",
        "yorkshire",
        GroupKind.REGIONAL,
        Access.REQUEST,
        "yorkshire-and-the-humber",
        "health",
        "Health and care partners in Yorkshire and the Humber; organisers welcome new members on request.",
        ["geoffrey-barraclough"],
        ["nadia-hussain", "leanne-marsden"],
        [
            (
                "Sharing our discharge pathway notes",
                "Members only: the draft notes from our hospital discharge workshop, before they are published.",
                "nadia-hussain",
            )
        ],
    ),
    (
        "Co-production in mental health",
        "mental-health",
        GroupKind.TOPIC,
        Access.OPEN,
        "",
        "health",
        "People with lived experience, clinicians and commissioners co-producing mental health services.",
        ["leanne-marsden"],
        ["chloe-ng", "oluwaseun-bakare", "nadia-hussain", "abena-owusu"],
        [
            (
                "Recovery colleges after the funding cut",
                "Our recovery college lost half its budget. How have others kept peer tutors on board?",
                "abena-owusu",
            )
        ],
    ),
    (
        "Commissioners' working group",
        "commissioners",
        GroupKind.TOPIC,
        Access.INVITE,
        "",
        "local-democracy-and-budgets",
        "An invite-only space where commissioners compare contracts that pay for co-production.",
        ["callum-heslop"],
        ["bernadette-doyle", "hamish-drummond"],
        [
            (
                "Contract clauses that worked",
                "Invite-only: we are comparing the clauses that made providers co-produce. Please do not share.",
                "bernadette-doyle",
            )
        ],
    ),
]


@transaction.atomic
def load_demo_groups() -> int:
    """Create or update the demo groups, their members (demo people, by profile slug) and a topic or two."""
    users = {p.slug: p.user for p in network.active_profiles().select_related("user")}

    def user_named(slug):
        return users.get(slug)

    regions = {r.slug: r for r in Region.objects.all()}
    areas = {a.slug: a for a in ServiceArea.objects.all()}
    for name, slug, kind, access, region, area, summary, organisers, members, topics in DEMO_GROUPS:
        group = Group.objects.filter(slug=slug).first()
        if group is None:
            group = services.create_group(name=name, slug=slug, kind=kind, access=access, summary=summary)
        group.region, group.service_area = regions.get(region), areas.get(area)
        group.kind, group.access, group.summary = kind, access, summary
        group.save()
        services.ensure_forum(group=group)
        for person, role in [(p, Role.ORGANISER) for p in organisers] + [(p, Role.MEMBER) for p in members]:
            user = user_named(person)
            if user is not None:
                Membership.objects.update_or_create(
                    group=group, user=user, defaults={"role": role, "state": MembershipState.ACTIVE}
                )
        existing = set(group.forum.topics.values_list("title", flat=True))
        for title, body, author in topics:
            if title not in existing:
                discussions.start_topic(forum=group.forum, author=user_named(author), title=title, body=body)
    return len(DEMO_GROUPS)
