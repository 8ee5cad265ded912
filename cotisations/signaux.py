"""A first registration of the year gets its dues when it is recorded (issue 10 point 2): once the register's
status change to « inscrit » commits (tableau.ChangementStatut), the year's call is completed by a Celery task
(cotisations.tasks.appel_completer: nothing before the year is called, idempotent by the dues' uniqueness). The
register never imports cotisations: this receiver listens to it."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from tableau.models import ChangementStatut, Statut


@receiver(post_save, sender=ChangementStatut, dispatch_uid="cotisations.appel_a_l_inscription")
def appel_a_l_inscription(sender, instance, created, **kwargs):
    if not created or instance.nouveau_statut != Statut.INSCRIT or kwargs.get("raw"):
        return
    from . import tasks

    annee = int(str(instance.date)[:4])  # a date, or the ISO text a form or a fixture gave
    transaction.on_commit(lambda: tasks.appel_completer.delay(annee=annee))
