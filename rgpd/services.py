"""Every write of data protection: the purge of the files past their retention, announced a month ahead to the
secrétaire général and then executed (rgpd/purges.py says what each kind deletes).

- `purge_annoncer(today=)`: for each kind, the files that will be past their retention on `today` + 1 month and are
  not yet announced; one `AnnoncePurge` per kind and planned date (a re-run the same day writes nothing), and an
  e-mail to the secrétaire général exercising the function that day (commun.envois_programmer).
- `purge_executer(today=)`: for each kind, the files announced at least a month before (`annoncee_le` <= `today` -
  1 month, `prevue_le` <= `today`) and still past their retention on `today` (a retention lengthened meanwhile
  spares them), deleted with their dependants, history, e-mails and documents; one `Purge` per kind and day with
  the counts (a re-run the same day deletes nothing more).
- `purge_du_jour(today=)`: both, for the nightly beat task (rgpd.tasks.purge_du_jour)."""

import datetime

from django.db import transaction

from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer, verrouiller
from config.perms import exiger
from gouvernance.selectors.membres import ajouter_mois

from . import tasks
from .models import AnnoncePurge, Purge
from .purges import GENRES, Genre, supprimer

VERROU = "rgpd.purge"


def duree_lisible(genre: Genre) -> str:
    parametre = genre.duree()
    if parametre is None:
        return f"{genre.defaut} {'ans' if genre.mois_par_unite == 12 else 'mois'}"
    return f"{parametre.valeur} {parametre.unite}".strip()


def _adresses_secretaire_general(today: datetime.date) -> list[str]:
    from gouvernance.models import TypeFonction
    from gouvernance.selectors import fonction_exercee_par

    membre = fonction_exercee_par(fonction=TypeFonction.SECRETAIRE_GENERAL, date=today)
    return [membre.medecin.email] if membre is not None and membre.medecin.email else []


def purge_annoncer(*, today: datetime.date, par) -> list[AnnoncePurge]:
    exiger(par, "rgpd.purge_annoncer", date=today)
    prevue = ajouter_mois(today, 1)
    annonces = []
    with transaction.atomic():
        verrouiller(VERROU)
        adresses = None
        for genre in GENRES.values():
            if AnnoncePurge.objects.filter(nature=genre.nature, prevue_le=prevue).exists():
                continue
            deja = {
                i
                for ids in AnnoncePurge.objects.filter(nature=genre.nature, executee_par__isnull=True).values_list(
                    "identifiants", flat=True
                )
                for i in ids
            }
            ids = sorted(set(genre.expires(genre.limite(prevue)).values_list("pk", flat=True)) - deja)
            if not ids:
                continue
            annonce = enregistrer(
                AnnoncePurge(
                    nature=genre.nature,
                    annoncee_le=today,
                    prevue_le=prevue,
                    identifiants=ids,
                    nombre=len(ids),
                    conservation=duree_lisible(genre),
                    annoncee_par=par,
                ),
                par=par,
            )
            if adresses is None:
                adresses = _adresses_secretaire_general(today)
            envois_programmer(
                nature=NatureEnvoi.RGPD_PURGE_ANNONCE,
                objet=annonce,
                adresses=adresses,
                tache=tasks.purge_annonce_envoyer,
                par=par,
            )
            annonces.append(annonce)
    return annonces


def purge_executer(*, today: datetime.date, par) -> list[Purge]:
    exiger(par, "rgpd.purge_executer", date=today)
    seuil = ajouter_mois(today, -1)
    purges = []
    with transaction.atomic():
        verrouiller(VERROU)
        for genre in GENRES.values():
            if Purge.objects.filter(nature=genre.nature, date=today).exists():
                continue
            annonces = list(
                AnnoncePurge.objects.select_for_update()
                .filter(nature=genre.nature, executee_par__isnull=True, prevue_le__lte=today, annoncee_le__lte=seuil)
                .order_by("prevue_le", "id")
            )
            if not annonces:
                continue
            annoncees = sorted({i for a in annonces for i in a.identifiants})
            ids = sorted(genre.expires(genre.limite(today)).filter(pk__in=annoncees).values_list("pk", flat=True))
            bilan = supprimer(genre, ids) if ids else {}
            purge = enregistrer(
                Purge(
                    nature=genre.nature,
                    date=today,
                    dossiers=bilan.get("dossiers", 0),
                    lignes=bilan.get("lignes", 0),
                    historique=bilan.get("historique", 0),
                    envois=bilan.get("envois", 0),
                    fichiers=bilan.get("fichiers", 0),
                    par=par,
                ),
                par=par,
            )
            for annonce in annonces:
                annonce.executee_par = purge
                enregistrer(annonce, par=par, update_fields=["executee_par"])
            purges.append(purge)
    return purges


def purge_du_jour(*, today: datetime.date, par) -> dict:
    """What is due tonight: first the deletions announced a month ago, then the announcements for next month."""
    purges = purge_executer(today=today, par=par)
    annonces = purge_annoncer(today=today, par=par)
    return {
        "supprimes": {p.nature: p.dossiers for p in purges},
        "annonces": {a.nature: a.nombre for a in annonces},
    }


# --- the access requests received outside the espace (RGPD art. 15; answered within a month, art. 12.3) ----------


def demande_acces_enregistrer(*, medecin, recue_le: datetime.date, canal: str, precisions: str = "", par, today):
    """Record a request received by post, e-mail or at the desk. A date to come is refused."""
    from django.core.exceptions import ValidationError

    from .models import CanalDemande, DemandeAcces

    exiger(par, "rgpd.demande_acces_enregistrer", objet=medecin, date=today)
    if recue_le > today:
        raise ValidationError({"recue_le": f"La demande ne peut être reçue après aujourd'hui ({today:%d/%m/%Y})."})
    if canal not in CanalDemande.values:
        raise ValidationError({"canal": "Choisissez comment la demande est arrivée : courrier, courriel ou guichet."})
    return enregistrer(
        DemandeAcces(
            medecin=medecin, recue_le=recue_le, canal=canal, precisions=(precisions or "").strip(), enregistree_par=par
        ),
        par=par,
    )


def demande_acces_repondre(*, demande, repondue_le: datetime.date, canal: str, par, today: datetime.date):
    """Record that the answer (the export) left, and how. Neither before the request nor after today; once."""
    from django.core.exceptions import ValidationError

    from .models import CanalDemande, DemandeAcces

    exiger(par, "rgpd.demande_acces_repondre", objet=demande, date=today)
    with transaction.atomic():
        demande = DemandeAcces.objects.select_for_update().get(pk=demande.pk)
        if demande.repondue_le is not None:
            raise ValidationError(
                {"repondue_le": f"La réponse est déjà enregistrée, envoyée le {demande.repondue_le:%d/%m/%Y}."}
            )
        if repondue_le is None or not demande.recue_le <= repondue_le <= today:
            raise ValidationError(
                {
                    "repondue_le": f"La réponse part entre la demande ({demande.recue_le:%d/%m/%Y}) et aujourd'hui "
                    f"({today:%d/%m/%Y})."
                }
            )
        if canal not in CanalDemande.values:
            raise ValidationError({"reponse_canal": "Choisissez comment la réponse est envoyée."})
        demande.repondue_le, demande.reponse_canal = repondue_le, canal
        return enregistrer(demande, par=par, update_fields=["repondue_le", "reponse_canal"])
