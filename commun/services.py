"""Writes every app shares: the system user, saving with its history author, closing a dated row and its children."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from .periodes import chevauche_q

SYSTEME_USERNAME = "systeme"
UN_JOUR = datetime.timedelta(days=1)


def utilisateur_systeme():
    """The author recorded in history for writes made by commands and tasks (never an unknown author). It cannot
    log in (inactive, no usable password); config.perms lets it perform the acts whose rule allows it."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SYSTEME_USERNAME, defaults={"first_name": "Traitement", "last_name": "automatique", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def auteur_historique(instance, par):
    """Name `par` as the author of the history row the next save of `instance` writes (django-simple-history)."""
    instance._history_user = par
    return instance


def enregistrer(instance, *, par, update_fields=None):
    """Validate (the model's own checks and constraints) and save, with `par` as the history author."""
    auteur_historique(instance, par)
    instance.full_clean()
    instance.save(update_fields=update_fields)
    return instance


def clore(instance, date_fin: datetime.date, *, par):
    """End a dated row on `date_fin`, or delete it when it had not started yet (nothing to keep)."""
    if instance.date_debut > date_fin:
        auteur_historique(instance, par)
        instance.delete()
        return None
    instance.date_fin = date_fin
    return enregistrer(instance, par=par, update_fields=["date_fin"])


def clore_en_cascade(instance, date_fin: datetime.date, *, par, enfants=()):
    """End a dated row and, with it, its dated children still running after `date_fin` (each `enfants` item a
    related manager or queryset: a mandate's functions, delegations and seats; a commission's seats)."""
    with transaction.atomic():
        instance = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        instance.date_fin = date_fin
        enregistrer(instance, par=par, update_fields=["date_fin"])
        for qs in enfants:
            for enfant in qs.filter(chevauche_q(date_fin + UN_JOUR, None)):
                clore(enfant, date_fin, par=par)
    return instance


def verrouiller(cle: str) -> None:
    """Serialise the transactions that count rows under a ceiling spanning many rows (the bureau, a doctor's days in
    a month…): each takes the lock of one shared row, named `cle`, before it counts, and holds it until it commits.
    Call inside `transaction.atomic()`. PostgreSQL waits on the row; SQLite serialises writers by itself."""
    from .models import Verrou

    Verrou.objects.get_or_create(cle=cle)
    Verrou.objects.select_for_update().get(cle=cle)
