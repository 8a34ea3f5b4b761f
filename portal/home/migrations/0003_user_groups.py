from django.db import migrations


def create_groups(apps, schema_editor):
    from portal.home.groups import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_featured_standard_chrome"),
        ("practices", "0003_case_study_last_reviewed"),
        ("network", "0003_profile_details_follows"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("discussions", "0001_initial"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
