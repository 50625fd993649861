from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintoutsConfig(AppConfig):
    name = "motcua.printouts"
    verbose_name = _("Official forms")
