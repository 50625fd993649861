from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "motcua.events"
    verbose_name = _("Domain events")

    def ready(self) -> None:
        from django.core import checks

        from motcua.outbox.registry import register_outbox

        from .checks import subscriptions_name_known_events
        from .models import EventMessage
        from .publish import deliver_event

        # The worker drains the event outbox like any other channel.
        register_outbox(EventMessage, deliver_event)
        checks.register(subscriptions_name_known_events)
