from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from motcua.outbox.registry import register_outbox

        from .models import Notification
        from .sending import deliver_notification

        # The worker drains the notification outbox like any other channel (ADR 0008).
        register_outbox(Notification, deliver_notification)
