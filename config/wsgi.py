import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from motcua.lib.deployment import refuse_unsafe_start  # noqa: E402 (after Django's set-up)

refuse_unsafe_start()
