"""Service areas and regions move here from practices: same tables, same rows, new owner.

The state moves with SeparateDatabaseAndState (no SQL runs); practices 0004 and network 0004
point their foreign keys here, and the content types move so permissions and revisions follow.
"""

from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("servicearea", "region"):
        if not ContentType.objects.filter(app_label="taxonomy", model=model).exists():
            ContentType.objects.filter(app_label="practices", model=model).update(app_label="taxonomy")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("servicearea", "region"):
        if not ContentType.objects.filter(app_label="practices", model=model).exists():
            ContentType.objects.filter(app_label="taxonomy", model=model).update(app_label="practices")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("practices", "0003_case_study_last_reviewed"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Region",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=80, unique=True)),
                        ("slug", models.SlugField(max_length=80, unique=True)),
                    ],
                    options={"db_table": "practices_region", "ordering": ["name"]},
                ),
                migrations.CreateModel(
                    name="ServiceArea",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=80, unique=True)),
                        ("slug", models.SlugField(max_length=80, unique=True)),
                        ("description", models.TextField(blank=True)),
                    ],
                    options={"db_table": "practices_servicearea", "ordering": ["name"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
