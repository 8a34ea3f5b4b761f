from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "portal.discussions"
    label = "discussions"
    verbose_name = "Forums, threaded comments and live threads"
