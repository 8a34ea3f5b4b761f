from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts: second factors, sessions and members' data"

    def ready(self):
        from portal.accounts import members_data, notifications_data, registry, signals, tasks
        from portal.worker.schedule import Job, register

        signals.connect()
        registry.register("account", export=members_data.export_account, erase=members_data.erase_account, order=900)
        registry.register(
            "notifications",
            export=notifications_data.export_notifications,
            erase=notifications_data.erase_notifications,
            order=30,
        )
        # Unverified accounts go after UNVERIFIED_ACCOUNT_DAYS; the worker checks each night.
        register(Job(name="accounts.delete_unverified", task=tasks.delete_unverified_accounts, crontab="30 3 * * *"))
