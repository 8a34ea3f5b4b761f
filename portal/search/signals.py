"""Every change to an indexed object writes an outbox row in the same transaction."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from portal.search.registry import type_for_model
from portal.search.services import enqueue


def _record(instance) -> None:
    indexed = type_for_model(type(instance))
    if indexed is not None:
        enqueue(indexed, instance.pk)


def on_page_published(sender, instance, **kwargs):
    _record(instance)


def on_page_unpublished(sender, instance, **kwargs):
    _record(instance)


def on_deleted(sender, instance, **kwargs):
    _record(instance)


def on_saved(sender, instance, raw=False, **kwargs):
    # Pages reach the index when published, not on every draft save.
    from wagtail.models import Page

    if not raw and not isinstance(instance, Page):
        _record(instance)


def on_relations_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _record(instance)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="search-page-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search-page-unpublished")
    post_delete.connect(on_deleted, dispatch_uid="search-deleted")
    post_save.connect(on_saved, dispatch_uid="search-saved")
    m2m_changed.connect(on_relations_changed, dispatch_uid="search-relations-changed")
