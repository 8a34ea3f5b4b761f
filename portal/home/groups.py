"""The portal's user groups and what each may do; applied by a migration and by tests alike."""

from django.contrib.auth.management import create_permissions

ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")

# (app_label, model, codename) triples; models named so a missing app fails loudly.
GROUPS = {
    "Members": [
        ("django_comments_xtd", "xtdcomment", "add_xtdcomment"),
        ("discussions", "topic", "add_topic"),
    ],
    "Editors": [
        ADMIN_ACCESS,
        *[
            ("taxonomy", model, f"{action}_{model}")
            for model in ("servicearea", "region", "organisationkind")
            for action in ("add", "change", "delete")
        ],
        *[("taggit", "tag", f"{action}_tag") for action in ("add", "change", "delete")],
        *[
            ("network", model, f"{action}_{model}")
            for model in ("organisation",)
            for action in ("add", "change", "delete")
        ],
        ("network", "practitionerprofile", "change_practitionerprofile"),
        ("home", "sitechrome", "change_sitechrome"),
        *[
            ("wagtailsearchpromotions", "searchpromotion", f"{action}_searchpromotion")
            for action in ("add", "change", "delete")
        ],
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
        *[("discussions", "forum", f"{action}_forum") for action in ("add", "change", "delete")],
        ("discussions", "topic", "change_topic"),
        *[("groups", "group", f"{action}_group") for action in ("add", "change", "delete")],
        # Editors see what moderators are dealing with (the dashboard panel), moderators act on it.
        ("django_comments_xtd", "xtdcomment", "view_xtdcomment"),
    ],
    "Moderators": [
        ADMIN_ACCESS,
        ("network", "practitionerprofile", "change_practitionerprofile"),
        ("discussions", "topic", "change_topic"),
        ("django_comments_xtd", "xtdcomment", "can_moderate"),
        # The discussions app asks the base comment model's permission (links from moderators are never held).
        ("django_comments", "comment", "can_moderate"),
        ("django_comments_xtd", "xtdcomment", "view_xtdcomment"),
        ("django_comments_xtd", "xtdcomment", "change_xtdcomment"),
        ("django_comments_xtd", "xtdcomment", "delete_xtdcomment"),
        ("django_comments", "commentflag", "view_commentflag"),
        ("django_comments", "commentflag", "change_commentflag"),
        # The review queue (portal/moderation): decide on items, suspend authors.
        ("moderation", "queueitem", "moderate"),
    ],
}
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def ensure_groups(apps) -> None:
    """Create the groups and give each exactly its permissions; `apps` is a migration's or the live registry."""
    for app_config in apps.get_app_configs():
        # Permissions normally appear after migrations; create them now. create_permissions
        # skips apps without a models module, which historical app configs lack.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # An older migration's registry may predate an app (taxonomy); a later migration runs this again.
    installed = {app_config.label for app_config in apps.get_app_configs()}
    for name, triples in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app, model, codename in triples:
            if app not in installed:
                continue
            try:
                permissions.append(
                    Permission.objects.get(content_type__app_label=app, content_type__model=model, codename=codename)
                )
            except Permission.DoesNotExist as missing:
                raise LookupError(f"Permission {app}.{codename} ({model}) does not exist") from missing
        group.permissions.set(permissions)

    _give_editors_the_page_tree(apps)


def _give_editors_the_page_tree(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    editors = Group.objects.get(name="Editors")
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    # Moderators curate people and comments, not pages: drop what Wagtail's own migration gave them.
    GroupPagePermission.objects.filter(group__name="Moderators").delete()
