from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "portal.security"
    label = "security"
    verbose_name = "Content-Security-Policy, bad input at the edge, security.txt"

    def ready(self):
        from portal.security.admin_scripts import give_chooser_scripts_the_nonce

        give_chooser_scripts_the_nonce()
