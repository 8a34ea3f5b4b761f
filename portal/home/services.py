"""What changes the site's shape: the page tree every other app hangs from."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from portal.home.models import HomePage

HOME_INTRO = (
    "<p>Co-production means designing and delivering public services <b>with</b> the people who use "
    "them: professionals, service users, families and neighbours working as equals. This portal is "
    "where practitioners share what they did and what it achieved, debate what works, and where "
    "policymakers find the evidence.</p>"
)


@transaction.atomic
def ensure_site_tree(hostname: str = "localhost", port: int = 80) -> HomePage:
    """Make sure a root page, a live HomePage and a default Site exist; return the home page."""
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
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Co-production portal"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home
