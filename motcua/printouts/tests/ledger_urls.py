"""Test URLconf: the site, plus the ledger router at /api/v1/ while motcua/api/urls.py does
not mount it yet (once it does, this is the site's URLconf unchanged)."""

from django.urls import path
from ninja import NinjaAPI

from config.urls import urlpatterns as site
from motcua.api.printouts import ledger_router

urlpatterns = list(site)
if getattr(ledger_router, "api", None) is None:
    ledger_api = NinjaAPI(urls_namespace="printouts-ledger-test", docs_url=None)
    ledger_api.add_router("/", ledger_router)
    urlpatterns.insert(0, path("api/v1/", ledger_api.urls))
