"""Publishing or unpublishing any page purges it, and the pages that list it, from the frontend cache."""

from wagtail.signals import page_published, page_unpublished

from portal.home.frontend_cache import purge_after_commit


def purge_published_page(sender, instance, **kwargs):
    purge_after_commit(instance)


def connect():
    page_published.connect(purge_published_page, dispatch_uid="home-purge-on-publish")
    page_unpublished.connect(purge_published_page, dispatch_uid="home-purge-on-unpublish")
