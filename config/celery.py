"""The Celery app. Without REDIS_URL tasks run eagerly in-process (settings.CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cdom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat only triggers services that work out from the database what is due on the day, so a missed run is
# caught up by the next one without duplicates. The apps add their entries here as they are built.
app.conf.beat_schedule = {
    # The e-mails whose task could not be queued (broker down when the act committed) leave once it is back.
    "commun.envois_relancer": {"task": "commun.envois_relancer", "schedule": 10 * 60},
    # The dues' reminder calendar (15 April, 1 June, 1 December; cotisations/services/relances.py), every morning.
    # A first registration of the year gets its dues once recorded (cotisations.signaux enqueues it at once; this
    # morning run catches up an import or a lost message): nothing before the year is called.
    "cotisations-appel-completer": {
        "task": "cotisations.appel_completer",
        "schedule": crontab(hour=5, minute=45),
    },
    "cotisations-relances": {
        "task": "cotisations.relances_du_jour",
        "schedule": crontab(hour=6, minute=0),
    },
    # The budget's CNOM deadline (20 October; tresorerie/services/budget.py): the reminder, every morning.
    "tresorerie-budget-rappels": {
        "task": "tresorerie.budget_rappels_du_jour",
        "schedule": crontab(hour=6, minute=10),
    },
    # The year-end's reminders to the trésorier (statements before 28 February, approval before 31 March;
    # tresorerie/services/cloture.py), every morning.
    "tresorerie-cloture-rappels": {
        "task": "tresorerie.cloture_rappels_du_jour",
        "schedule": crontab(hour=6, minute=15),
    },
    # conciliation, documents (issue 12 point 2): the legal deadlines' reminders to the service juridique
    # (conciliation/services/echeances.py), every morning.
    "conciliation-echeances-rappels": {
        "task": "conciliation.echeances_rappels_du_jour",
        "schedule": crontab(hour=6, minute=20),
    },
    # rgpd (issue 13 point 9): the files past their retention, the log of confidential reads's lines included,
    # deleted a month after their announcement to the secrétaire général, then next month's announced
    # (rgpd/services.py), nightly.
    "rgpd-purge": {
        "task": "rgpd.purge_du_jour",
        "schedule": crontab(hour=3, minute=45),
    },
    # annonces (issue 13 point 6): the published ads whose end date has passed become « expirée », every morning.
    "annonces-expirer": {
        "task": "annonces.annonces_expirer_du_jour",
        "schedule": crontab(hour=5, minute=30),
    },
}


@app.task(name="config.ping")
def ping():
    """Health check used by the tests to prove a real worker consumes from the broker."""
    return "pong"
