from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
