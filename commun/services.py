"""Writes every app shares: the system user, saving with its history author, closing a dated row and its children,
the shared lock rows, and the rows of the e-mail sends (the pattern is described in commun/tasks.py)."""

import datetime
import logging
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .courriels import Courriel
from .models import Envoi, EtatEnvoi
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
    Call inside `transaction.atomic()`. PostgreSQL waits on the row; on SQLite every transaction already holds
    the database's write lock from its BEGIN (IMMEDIATE, config/settings.py), so the count is serialised too."""
    from .models import Verrou

    Verrou.objects.get_or_create(cle=cle)
    Verrou.objects.select_for_update().get(cle=cle)


journal = logging.getLogger(__name__)


def envois_programmer(*, nature: str, objet, adresses: Iterable[str], tache, par, nouveau_lot: bool = False) -> list:
    """Record one row per address to e-mail about `objet`, and enqueue `tache` with their ids once the caller's
    transaction commits. Call it inside the service's `transaction.atomic()`, with `objet` locked: the rows are
    written with the act, or not at all. An address that already has its row (same nature, object and lot) gets
    none: asking twice sends once. `nouveau_lot`: a deliberate new send of the same message (a member lost it),
    numbered after the last one. Returns the rows created."""
    adresses = sorted({a.strip() for a in adresses if a and a.strip()})
    if not adresses:
        return []
    type_objet = ContentType.objects.get_for_model(objet)
    deja = Envoi.objects.filter(nature=nature, type_objet=type_objet, objet_id=objet.pk)
    lot = 1
    if nouveau_lot:
        lot = (deja.aggregate(dernier=Max("lot"))["dernier"] or 0) + 1
    existantes = set(deja.filter(lot=lot).values_list("destinataire", flat=True))
    lignes = [
        Envoi(
            nature=nature,
            tache=tache.name,
            type_objet=type_objet,
            objet_id=objet.pk,
            destinataire=adresse,
            lot=lot,
            demande_par=par,
        )
        for adresse in adresses
        if adresse not in existantes
    ]
    # Addresses are not validated here: a bad one must not block the act (a convocation, a declaration); its send
    # fails and shows "en échec" in the admin with the server's answer.
    lignes = bulk_create_with_history(lignes, Envoi, default_user=par)
    ids = [ligne.pk for ligne in lignes]
    if ids:
        transaction.on_commit(lambda: _mettre_en_file(tache, ids))
    return lignes


def _mettre_en_file(tache, envoi_ids: list[int]) -> bool:
    """Enqueue `tache` for these rows, after the act committed. The broker down (Redis unreachable) must not undo
    nor fail the act that asked for the e-mail (a payment, a declaration): the rows stay "à envoyer" and
    `envois_relancer` (beat, every few minutes) puts them back in the queue once the broker answers."""
    try:
        tache.delay(envoi_ids=envoi_ids)
    except Exception:
        journal.warning(
            "File d'attente injoignable : envois %s laissés « à envoyer », remis en file par envois_relancer",
            envoi_ids,
            exc_info=True,
        )
        return False
    return True


def envois_relancer(*, avant: datetime.datetime, par) -> int:
    """Put back in the queue the rows still "à envoyer" untouched since `avant` (their task never reached the
    broker, or was lost with it): beat runs it every few minutes with `avant` older than the longest retry wait
    (ENVOI_DELAI_MAX), so a row waiting for its retry is not queued twice. A row queued twice anyway is sent once
    (envois_expedier locks it and skips it once sent). Returns the number of rows put back in the queue."""
    from celery import current_app

    from config.perms import exiger

    exiger(par, "commun.envoi_renvoyer")
    par_tache: dict[str, list[int]] = {}
    for pk, nom in (
        Envoi.objects.filter(etat=EtatEnvoi.A_ENVOYER, modifie_le__lt=avant).order_by("pk").values_list("pk", "tache")
    ):
        par_tache.setdefault(nom, []).append(pk)
    remis = 0
    for nom, envoi_ids in par_tache.items():
        if _mettre_en_file(current_app.tasks[nom], envoi_ids):
            remis += len(envoi_ids)
    return remis


def envois_renvoyer(*, envois: Iterable[Envoi], par) -> int:
    """Put the failed sends among `envois` back in the queue (the admin's "Renvoyer"): each goes through its own
    task again, with a fresh round of attempts. A send already made or still waiting is left as it is, never
    repeated. Returns the number put back; refused when none of them is in failure."""
    from config.perms import exiger

    exiger(par, "commun.envoi_renvoyer")
    from celery import current_app

    ids = [e.pk for e in envois]
    with transaction.atomic():
        lignes = list(Envoi.objects.select_for_update().filter(pk__in=ids, etat=EtatEnvoi.ECHEC).order_by("pk"))
        if not lignes:
            raise ValidationError(
                "Aucun des envois sélectionnés n'est en échec : seul un envoi en échec se renvoie (un envoi fait "
                "ne se répète pas, un envoi en attente partira de lui-même)."
            )
        par_tache: dict[str, list[int]] = {}
        for envoi in lignes:
            envoi.etat = EtatEnvoi.A_ENVOYER
            envoi._history_user = par
            envoi.save(update_fields=["etat", "modifie_le"])
            par_tache.setdefault(envoi.tache, []).append(envoi.pk)
        for nom, envoi_ids in par_tache.items():
            tache = current_app.tasks[nom]
            transaction.on_commit(lambda tache=tache, envoi_ids=envoi_ids: _mettre_en_file(tache, envoi_ids))
    return len(lignes)


def _erreur(exc: BaseException) -> str:
    texte = str(exc).strip() or "sans message"
    return f"{type(exc).__name__} : {texte}"[:2000]


def envois_expedier(
    *,
    envoi_ids: list[int],
    composer: Callable[[int], Courriel],
    apres_envoi: Callable | None = None,
    derniere_tentative: bool,
) -> list[int]:
    """Send the rows not yet sent among `envoi_ids`; returns the ids to try again. Called by the tasks only.

    `composer(objet_id)` renders the message once per object (the PDF of the minutes is rendered once for the 32
    members); each row is then locked, skipped if another run sent it meanwhile, sent, and marked sent in its own
    transaction, so a crash loses at most the row being sent. A failure is recorded on the row with the error;
    after the last attempt the row is left "en échec" for staff. `apres_envoi(envoi=…, par=…)` runs in the row's
    transaction when it was sent (the owning app records the date on its object)."""
    systeme = utilisateur_systeme()
    en_attente = list(Envoi.objects.filter(pk__in=envoi_ids).exclude(etat=EtatEnvoi.ENVOYE).order_by("pk"))
    courriels: dict[int, Courriel | BaseException] = {}
    for envoi in en_attente:
        if envoi.objet_id not in courriels:
            try:
                courriels[envoi.objet_id] = composer(envoi.objet_id)
            except Exception as exc:  # a rendering failure is recorded and retried like a send failure
                journal.exception("Composition du courriel %s impossible", envoi.pk)
                courriels[envoi.objet_id] = exc
    a_refaire: list[int] = []
    connexion = get_connection(fail_silently=False)
    try:
        for envoi in en_attente:
            with transaction.atomic():
                envoi = Envoi.objects.select_for_update().get(pk=envoi.pk)
                if envoi.etat == EtatEnvoi.ENVOYE:
                    continue  # another run of the task (a redelivery, a resend) got there first
                courriel = courriels[envoi.objet_id]
                envoi.tentatives += 1
                try:
                    if isinstance(courriel, BaseException):
                        raise courriel
                    connexion.open()  # once for the batch: the rows share one SMTP session while it holds
                    courriel.message(destinataire=envoi.destinataire, connection=connexion).send()
                except Exception as exc:
                    journal.warning("Envoi %s en échec : %s", envoi.pk, exc)
                    connexion.close()  # a broken SMTP session is not reused for the next row
                    envoi.etat = EtatEnvoi.ECHEC if derniere_tentative else EtatEnvoi.A_ENVOYER
                    envoi.derniere_erreur = _erreur(exc)
                    envoi._history_user = systeme
                    envoi.save(update_fields=["etat", "tentatives", "derniere_erreur", "modifie_le"])
                    a_refaire.append(envoi.pk)
                    continue
                envoi.etat = EtatEnvoi.ENVOYE
                envoi.envoye_le = timezone.now()
                envoi.derniere_erreur = ""
                envoi._history_user = systeme
                envoi.save(update_fields=["etat", "tentatives", "envoye_le", "derniere_erreur", "modifie_le"])
                if apres_envoi is not None:
                    apres_envoi(envoi=envoi, par=systeme)
    finally:
        connexion.close()
    return [] if derniere_tentative else a_refaire


def parametre_modifier(*, parametre, valeur: int, par, today: datetime.date):
    """A setting changed within its bounds (a value outside them: a French error on `valeur`, nothing written)."""
    from config.perms import exiger

    exiger(par, "commun.parametre_modifier", objet=parametre, date=today)
    parametre.valeur = valeur
    enregistrer(parametre, par=par)
    return parametre
