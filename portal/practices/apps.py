from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "portal.practices"
    label = "practices"
    verbose_name = "Principles of co-production and practitioners' case studies"
