"""Reads for discussion threads."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page


def thread_group_name(content_type: ContentType, object_id: int) -> str:
    """The channel-layer group that carries one thread's live events."""
    return f"thread.{content_type.app_label}.{content_type.model}.{object_id}"


def readable_thread(content_type_key: str, object_id: int):
    """The ContentType of a thread the public may read, or None."""
    app_label, _, model = content_type_key.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None
    model_class = content_type.model_class()
    if model_class is None:
        return None
    objects = model_class._default_manager.filter(pk=object_id)
    if issubclass(model_class, Page):
        objects = objects.live().public()
    return content_type if objects.exists() else None
