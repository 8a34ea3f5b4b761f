"""What changes the site's shape: the page tree every other app hangs from, and the address it answers at."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from portal.home.models import HomePage

logger = logging.getLogger(__name__)

HOME_INTRO = (
    "<p>Co-production means designing and delivering public services <b>with</b> the people who use "
    "them: professionals, service users, families and neighbours working as equals. This portal is "
    "where practitioners share what they did and what it achieved, debate what works, and where "
    "policymakers find the evidence.</p>"
)


def public_address() -> tuple[str, int, str]:
    """Host name, port and `host[:port]` of the site's public base URL (PORTAL_BASE_URL)."""
    parts = urlsplit(settings.PORTAL_BASE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "localhost", port, parts.netloc or "localhost"


@transaction.atomic
def sync_site_records() -> None:
    """Point Wagtail's default Site and Django's current Site at the public base URL, under the site's name."""
    hostname, port, netloc = public_address()
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": netloc, "name": settings.WAGTAIL_SITE_NAME}
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return
    if Site.objects.filter(hostname=hostname, port=port).exists():
        # An editor gave this address to another Site record: theirs to sort out, not ours to delete.
        logger.warning("Site %s:%s already exists; the default site keeps %s", hostname, port, site)
        return
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])


@transaction.atomic
def ensure_site_tree() -> HomePage:
    """Make sure a root page, a live HomePage and a default Site at the public address exist; return the home page."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's initial migration leaves a placeholder "Welcome" page at the home slug.
        for placeholder in root.get_children().filter(slug="home").exclude(content_type__model="homepage"):
            placeholder.delete()
        home = root.add_child(instance=HomePage(title="Co-production portal", slug="home", intro=HOME_INTRO))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port, _ = public_address()
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    sync_site_records()
    return home


DEMO_PAGES = [
    {
        "slug": "about",
        "title": "About the portal",
        "introduction": "A shared home for people who design and deliver public services with the people who use them.",
        "paragraphs": [
            "Co-production treats the people who use public services, their families and their neighbours as "
            "partners with something to give, not only as recipients. Across health, social care, education, "
            "policing, housing and local democracy, practitioners have shown what that looks like day to day.",
            "This portal gathers that practice in one place. Practitioners publish case studies with the principles "
            "they applied and the impact they measured; members debate what works and what goes wrong; "
            "policymakers and commissioners search the evidence and see where it is strong or thin.",
            "Editors review every case study before it is published and keep the content current. If you run a "
            "co-produced service, we would like to hear about it: share your practice and help others learn.",
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "introduction": "We want everyone to be able to use this portal, whatever their abilities or technology.",
        "paragraphs": [
            "The portal aims to meet the Web Content Accessibility Guidelines 2.2 at level AA. Every page can be "
            "used with a keyboard, has a link to skip to the main content, uses headings and landmarks, shows "
            "where the keyboard focus is, and works on narrow screens and without JavaScript, except for the "
            "live updates of discussion threads. Charts and maps come with a plain list or table of the same data.",
            "We test every page type with an automated accessibility checker in a real browser as part of our "
            "test suite. Automated checks do not find everything, so if something does not work for you, tell us "
            "and we will reply within five working days.",
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "introduction": "What we keep about members, why, for how long, and what you can do with it yourself.",
        "paragraphs": [
            "When you join we keep your email address, to sign you in and to send the emails you ask for; it is "
            "never shown to anyone. We keep the profile you choose to fill in: for each part you decide whether "
            "everyone, only members, or nobody can see it, and what you hide never appears in pages, exports or "
            "search. Both are kept until you delete your account.",
            "If you join but never confirm your email address, the account is deleted after "
            f"{settings.UNVERIFIED_ACCOUNT_DAYS} days.",
            "To keep your account safe we keep, for each browser you are signed in with, the browser's name, its "
            "internet address and when it was last used, until you sign out or the session ends; and a random "
            "token for each browser you have signed in from, so we can email you when a new one signs in (you can "
            "switch that email off). Second factors (authenticator apps, passkeys, recovery codes) are kept until "
            "you remove them. We keep server logs for up to 30 days.",
            "What you post (case studies, topics, comments, reactions and reports) is kept while your account "
            "exists, because it is part of the portal's shared record. You can download everything we hold about "
            "you, as a ZIP file, from Your account, Download your data.",
            "You can delete your account yourself from Your account. We then delete your profile, uploads, follows, "
            "email settings, sign-ins and email addresses at once. Your comments and topics stay in "
            "their threads as by a former member, with their text removed unless you choose to keep it. Case "
            "studies credited to other people stay without your name; unpublished ones only you submitted are "
            "deleted. We keep a random id in the editors' audit trail, so past decisions still make sense, and, "
            "only if your account was suspended, a one-way scrambled form of your email address, so a suspension "
            "can be recognised; neither reveals your name or address, and both are kept as long as the audit trail.",
            "We do not sell data or use advertising trackers.",
        ],
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "introduction": "The few rules that keep the portal useful and safe.",
        "paragraphs": [
            "Share only case studies you were part of, and only with the permission of the people they describe. "
            "Quotes from people who use services need their agreement. Editors may ask for changes before "
            "publishing and may remove content that breaks these terms.",
            "In discussions, debate ideas, not people. Abuse, harassment and advertising are removed, and "
            "accounts that keep breaking these terms are suspended.",
        ],
    },
]


@transaction.atomic
def load_demo_pages(*, home: HomePage) -> int:
    """About, accessibility, privacy and terms pages, with the footer linking to them and the header to About."""
    from portal.home.models import SiteChrome, StandardPage

    created = 0
    for row in DEMO_PAGES:
        if StandardPage.objects.filter(slug=row["slug"]).exists():
            continue
        page = StandardPage(
            title=row["title"],
            slug=row["slug"],
            introduction=row["introduction"],
            body=[{"type": "paragraph", "value": f"<p>{text}</p>"} for text in row["paragraphs"]],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    chrome = SiteChrome.load()
    if not chrome.footer_links:
        chrome.footer_links = [
            {"type": "link", "value": {"label": page.title, "page": page.pk, "url": ""}}
            for page in StandardPage.objects.filter(slug__in=[row["slug"] for row in DEMO_PAGES]).order_by("path")
        ]
        chrome.save()
    about = StandardPage.objects.filter(slug="about").first()
    if not chrome.primary_navigation and about is not None:
        chrome.primary_navigation = [{"type": "link", "value": {"label": "About", "page": about.pk, "url": ""}}]
        chrome.save()
    return created


def feature_demo_case_studies(*, home: HomePage, slugs: list[str]) -> None:
    """Feature the given case studies on the home page, unless editors already chose some."""
    from portal.home.models import HomeFeaturedCaseStudy
    from portal.practices.selectors import live_case_studies

    if home.featured_case_studies.exists():
        return
    chosen = {case_study.slug: case_study for case_study in live_case_studies().filter(slug__in=slugs)}
    for order, slug in enumerate(slug for slug in slugs if slug in chosen):
        HomeFeaturedCaseStudy.objects.create(home=home, case_study=chosen[slug], sort_order=order)


@transaction.atomic
def load_demo_discussions(*, data_dir, user_named) -> int:
    """Demo forums, topics and replies by the demo practitioners; topics that exist are left alone."""
    import json

    from portal.discussions import services as discussions
    from portal.discussions.selectors import latest_topics

    data = json.loads((data_dir / "discussions.json").read_text(encoding="utf-8"))
    forums = {row["slug"]: discussions.ensure_forum(**row) for row in data["forums"]}
    existing = {topic.title for topic in latest_topics(1000)}
    created = 0
    for row in data["topics"]:
        author = user_named(row["author"])
        if row["title"] in existing or author is None:
            continue
        topic = discussions.start_topic(forum=forums[row["forum"]], author=author, title=row["title"], body=row["body"])
        posted = []
        for reply in row["replies"]:
            replier = user_named(reply["author"])
            if replier is None:
                continue
            parent = posted[reply["reply_to"]] if "reply_to" in reply and reply["reply_to"] < len(posted) else None
            posted.append(discussions.post_comment(target=topic, user=replier, text=reply["text"], reply_to=parent))
        created += 1
    return created
