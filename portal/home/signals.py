"""Publishing or unpublishing any page purges it, and the pages that list it, from the frontend cache;
writing what public pages show makes the page cache's copies stale (portal/page_cache.py);
every migrate points the Site records at the public base URL."""

from django.db.models.signals import post_migrate
from wagtail.signals import page_published, page_unpublished

from portal import page_cache
from portal.home.frontend_cache import purge_after_commit


def purge_published_page(sender, instance, **kwargs):
    purge_after_commit(instance)


def sync_site_records_after_migrate(sender, using="default", **kwargs):
    from portal.home.services import sync_site_records

    if using == "default":
        sync_site_records()


def connect(app_config=None):
    page_published.connect(purge_published_page, dispatch_uid="home-purge-on-publish")
    page_unpublished.connect(purge_published_page, dispatch_uid="home-purge-on-unpublish")
    page_cache.connect_signals()
    post_migrate.connect(sync_site_records_after_migrate, sender=app_config, dispatch_uid="home-sync-site-records")
