from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "motcua.deadlines"
