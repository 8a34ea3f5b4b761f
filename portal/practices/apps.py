from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "portal.practices"
    label = "practices"
    verbose_name = "Principles of co-production and practitioners' case studies"

    def ready(self):
        from portal.accounts import registry
        from portal.practices import members_data

        registry.register(
            "case_studies", export=members_data.export_practices, erase=members_data.erase_practices, order=10
        )
