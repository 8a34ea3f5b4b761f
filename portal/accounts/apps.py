from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts: second factors, sessions and members' data"

    def ready(self):
        from portal.accounts import members_data, notifications_data, registry, signals

        signals.connect()
        registry.register("account", export=members_data.export_account, erase=members_data.erase_account, order=900)
        registry.register(
            "notifications",
            export=notifications_data.export_notifications,
            erase=notifications_data.erase_notifications,
            order=30,
        )
