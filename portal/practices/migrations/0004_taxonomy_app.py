"""Regions and service areas now belong to the taxonomy app: practices points at them and forgets its own.

State only: the tables `practices_region` and `practices_servicearea` and their rows stay where they are.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_case_study_last_reviewed"),
        ("taxonomy", "0001_initial"),
        # Network's foreign keys must leave the old models before they go.
        ("network", "0004_taxonomy_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="casestudypage",
                    name="region",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_studies",
                        to="taxonomy.region",
                    ),
                ),
                migrations.AlterField(
                    model_name="casestudypage",
                    name="service_area",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_studies",
                        to="taxonomy.servicearea",
                    ),
                ),
                migrations.DeleteModel(name="Region"),
                migrations.DeleteModel(name="ServiceArea"),
            ],
            database_operations=[],
        ),
    ]
