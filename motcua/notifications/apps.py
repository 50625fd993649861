from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from motcua.events.registry import subscribe
        from motcua.outbox.registry import register_outbox

        from .models import Notification
        from .sending import deliver_notification
        from .subscribers import OFFICER_TEMPLATES, TEMPLATES, notify_applicant, notify_officers

        # The worker drains the notification outbox like any other channel (ADR 0008).
        register_outbox(Notification, deliver_notification)
        for event in TEMPLATES:
            subscribe(event, notify_applicant, name="notify-applicant")
        # Officers hear of dossiers they hold that fall due, and their leaders of late ones.
        for event in OFFICER_TEMPLATES:
            subscribe(event, notify_officers, name="notify-officers")
