"""Every change to an indexed object, or to what its document shows, writes outbox rows in the same transaction."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.search.registry import indexed_types, type_for_model, types_depending_on
from portal.search.services import enqueue, enqueue_many

# Sent by the search page and API after each search (`search`: the parsed request, `results`), so other
# apps (evidence's demand counter) can count searches without search importing them.
searched = Signal()


def _record(instance) -> None:
    indexed = type_for_model(type(instance))
    if indexed is not None:
        enqueue(indexed=indexed, object_id=instance.pk)


def _record_dependents(instance) -> None:
    for indexed in types_depending_on(type(instance)):
        enqueue_many(indexed=indexed, object_ids=indexed.dependents(instance))


def _record_subtree(page) -> None:
    """Pages under `page` (and itself): a move, a slug change or a privacy change alters them all."""
    for indexed in indexed_types():
        if indexed.is_page:
            model = apps.get_model(indexed.model_label)
            enqueue_many(
                indexed=indexed,
                object_ids=model.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True),
            )


def on_page_published(sender, instance, **kwargs):
    _record(instance)
    _record_dependents(instance)


def on_page_unpublished(sender, instance, **kwargs):
    _record(instance)
    _record_dependents(instance)


def on_page_moved(sender, instance, **kwargs):
    _record_subtree(instance)


# Never part of a document: a change to only these does not reindex anything.
UNSHOWN_FIELDS = {"password", "last_login"}


def _shown_state(model, values) -> dict:
    return {name: values.get(name) for name in _shown_fields(model)}


def _shown_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in UNSHOWN_FIELDS and not f.primary_key]


def on_saving(sender, instance, raw=False, **kwargs):
    # Remember what a taxonomy, organisation or account looked like, so that saving it unchanged
    # (a demo reload, an editor pressing Save) does not reindex every document that shows it.
    if raw or instance.pk is None or isinstance(instance, Page) or not types_depending_on(sender):
        return
    before = sender._default_manager.filter(pk=instance.pk).values(*_shown_fields(sender)).first()
    instance._search_state_before_save = before


def _changed(instance) -> bool:
    before = getattr(instance, "_search_state_before_save", None)
    if before is None:
        return True
    model = type(instance)
    return before != _shown_state(model, {name: getattr(instance, name) for name in _shown_fields(model)})


def on_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Pages reach the index when published, not on every draft save.
    if raw or isinstance(instance, Page) or (update_fields and set(update_fields) <= UNSHOWN_FIELDS):
        return
    if isinstance(instance, PageViewRestriction):
        _record_subtree(instance.page)
        return
    _record(instance)
    if _changed(instance):
        _record_dependents(instance)


def on_deleting(sender, instance, **kwargs):
    # Before the delete cascades, while the objects that show this one can still be found.
    _record_dependents(instance)


def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, PageViewRestriction):
        _record_subtree(instance.page)
        return
    _record(instance)


def on_relations_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _record(instance)
        return
    # e.g. service_area.practitioners.add(profile): the profiles are in pk_set.
    indexed = type_for_model(model)
    if indexed is not None and pk_set:
        enqueue_many(indexed=indexed, object_ids=pk_set)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="search-page-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search-page-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search-page-moved")
    page_slug_changed.connect(on_page_moved, dispatch_uid="search-page-slug-changed")
    pre_save.connect(on_saving, dispatch_uid="search-saving")
    post_save.connect(on_saved, dispatch_uid="search-saved")
    pre_delete.connect(on_deleting, dispatch_uid="search-deleting")
    post_delete.connect(on_deleted, dispatch_uid="search-deleted")
    m2m_changed.connect(on_relations_changed, dispatch_uid="search-relations-changed")
