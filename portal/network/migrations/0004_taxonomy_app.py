"""Regions and service areas now belong to the taxonomy app; the columns and tables stay as they are."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_profile_details_follows"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="region",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="organisations",
                        to="taxonomy.region",
                    ),
                ),
                migrations.AlterField(
                    model_name="practitionerprofile",
                    name="region",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="practitioners",
                        to="taxonomy.region",
                    ),
                ),
                migrations.AlterField(
                    model_name="practitionerprofile",
                    name="service_areas",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="practitioners", to="taxonomy.servicearea"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
