from django.db import migrations


def update_groups(apps, schema_editor):
    from portal.home.groups import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    """Editors keep managing service areas and regions after they moved to the taxonomy app."""

    dependencies = [("home", "0004_comment_moderation_permissions"), ("taxonomy", "0001_initial"), ("practices", "0004_taxonomy_app")]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
