from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "portal.groups"
    label = "groups"
    verbose_name = "Groups"
