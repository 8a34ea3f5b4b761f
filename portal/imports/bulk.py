"""Inserting rows of a multi-table-inherited model (a page, a threaded comment) in bulk.

Django's `bulk_create` refuses such models, so the rows go in as Django would write them one by one,
table by table: the parent table's rows first, their ids read back in the same statement, then the
child table's rows with those ids.
"""

from django.db import connection


def insert_inherited(objects: list, before_child=None) -> list:
    """Insert these unsaved instances of one model with a single parent model; sets and returns their ids.

    `before_child(objects)`, when given, runs once the ids are known and before the child rows are written
    (a root comment's thread is its own id).
    """
    if not objects:
        return objects
    model = type(objects[0])
    (parent,) = model._meta.get_parent_list()
    parent_fields = [f for f in parent._meta.local_concrete_fields if not f.primary_key]
    ids = parent._base_manager._insert(
        objects, fields=parent_fields, returning_fields=[parent._meta.pk], using=connection.alias
    )
    link = model._meta.get_ancestor_link(parent)
    for obj, (pk,) in zip(objects, ids, strict=True):
        setattr(obj, parent._meta.pk.attname, pk)
        setattr(obj, link.attname, pk)
        obj._state.adding, obj._state.db = False, connection.alias
    if before_child is not None:
        before_child(objects)
    model._base_manager._insert(objects, fields=model._meta.local_concrete_fields, using=connection.alias)
    return objects
