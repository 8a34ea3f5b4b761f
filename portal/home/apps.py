from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "portal.home"
    label = "home"
    verbose_name = "Home page, standard pages and site-wide settings"

    def ready(self):
        from portal.home import checks, signals  # noqa: F401 (checks register themselves)

        signals.connect(self)
