from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "motcua.results"
    verbose_name = _("Signed e-results")

    def ready(self) -> None:
        from motcua.events.registry import subscribe

        # The leader's approval signs the result; `decide` catches an approval whose
        # delivery has not happened yet. Signing is idempotent (issuing.sign_result).
        for event in ("dossier.approve", "dossier.decide"):
            subscribe(event, "motcua.results.issuing.sign_on_approval", name="results.sign")
