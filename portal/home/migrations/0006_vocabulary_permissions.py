from django.db import migrations


def update_groups(apps, schema_editor):
    from portal.home.groups import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    """Editors manage organisation kinds and tags, the vocabularies added to Taxonomies."""

    dependencies = [
        ("home", "0005_taxonomy_permissions"),
        ("taxonomy", "0002_organisation_kinds"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
