from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "portal.worker"
    label = "worker"
    verbose_name = "Background worker: queued tasks and the periodic schedule"

    def ready(self):
        from portal.worker import schedule, tasks
        from portal.worker.schedule import Job

        schedule.register(Job(name="worker.prune_task_results", task=tasks.prune_task_results, crontab="30 3 * * *"))
