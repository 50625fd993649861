from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.core import checks

        from motcua.lib.deployment import check_deployment

        # Production's own key, hosts and staff second factor, in `check --deploy`; the WSGI
        # application and the worker refuse to start without them (lib/deployment.py).
        checks.register(check_deployment, checks.Tags.security, deploy=True)
