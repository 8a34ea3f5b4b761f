from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "portal.imports"
    label = "imports"
    verbose_name = "Bulk import of case studies, and the generators of large data for benchmarks"
    default_auto_field = "django.db.models.BigAutoField"
