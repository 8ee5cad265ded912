"""System checks of the shared kit: a retry delay longer than Redis's visibility timeout would run a task twice."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def delais_des_envois(app_configs, **kwargs):
    visibilite = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    if settings.ENVOI_DELAI_MAX >= visibilite:
        return [
            checks.Error(
                f"ENVOI_DELAI_MAX ({settings.ENVOI_DELAI_MAX:g} s) doit rester sous le délai de visibilité de Redis "
                f"({visibilite} s) : au-delà, une tâche en attente de nouvelle tentative serait exécutée deux fois.",
                id="commun.E001",
            )
        ]
    return []
