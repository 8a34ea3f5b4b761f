"""Give the Moderators group the review queue's permission (portal/home/groups.py lists it too)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("moderation")
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="moderation", codename="moderate")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
