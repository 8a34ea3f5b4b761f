"""Organisation kinds become an editor-managed vocabulary (taxonomy.OrganisationKind).

The column keeps its values (the kinds' slugs); any value the starting kinds do not cover gets a kind
of its own first, so no organisation loses its kind.
"""

import django.db.models.deletion
from django.db import migrations, models


def kinds_for_every_value(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    OrganisationKind = apps.get_model("taxonomy", "OrganisationKind")
    known = set(OrganisationKind.objects.values_list("slug", flat=True))
    for value in Organisation._default_manager.values_list("kind", flat=True).distinct():
        if value and value not in known:
            OrganisationKind.objects.create(slug=value, name=value.replace("-", " ").capitalize())
            known.add(value)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0004_taxonomy_app"),
        ("taxonomy", "0002_organisation_kinds"),
    ]

    operations = [
        migrations.RunPython(kinds_for_every_value, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.ForeignKey(
                db_column="kind",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="taxonomy.organisationkind",
                to_field="slug",
            ),
        ),
    ]
