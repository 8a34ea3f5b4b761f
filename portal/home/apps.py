from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "portal.home"
    label = "home"
    verbose_name = "Home page, standard pages and site-wide settings"

    def ready(self):
        from portal.home import signals

        signals.connect(self)
