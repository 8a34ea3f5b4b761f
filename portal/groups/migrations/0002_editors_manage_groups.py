"""Editors create, change and delete groups in the admin (as listed in portal/home/groups.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("groups")
    app_config.models_module = getattr(app_config, "models_module", None) or True  # historical configs lack it
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_group" for action in ACTIONS]
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="groups", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
