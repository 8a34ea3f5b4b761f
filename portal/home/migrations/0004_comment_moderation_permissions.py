from django.db import migrations


def update_groups(apps, schema_editor):
    from portal.home.groups import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("home", "0003_user_groups")]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
