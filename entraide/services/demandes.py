"""Filing a request for mutual aid (by the doctor for himself, or by staff for a doctor or his ayants droit)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer, verrouiller
from config.perms import exiger
from entraide.models import Beneficiaire, Demande, NatureDifficulte, StatutDemande


def numero_suivant(annee: int) -> str:
    n = Demande.objects.filter(numero__startswith=f"EN-{annee}-").count() + 1
    return f"EN-{annee}-{n:04d}"


def demande_deposer(
    *,
    medecin,
    natures: list[str],
    situation: str,
    beneficiaire: str = Beneficiaire.MEDECIN,
    beneficiaire_nom: str = "",
    questionnaire: dict | None = None,
    date_depot: datetime.date | None = None,
    par,
    today: datetime.date,
) -> Demande:
    propre = getattr(par, "medecin", None)
    if propre is not None and not par.is_staff:
        medecin = propre  # a doctor files for himself, whatever the body says
    else:
        exiger(par, "entraide.demande_deposer", date=today)
    erreurs = {}
    valides = set(NatureDifficulte.values)
    if not natures or any(n not in valides for n in natures):
        erreurs["natures"] = ["Choisissez au moins une nature de difficulté dans la liste."]
    if not (situation or "").strip():
        erreurs["situation"] = ["Décrivez la situation : c'est ce que la commission lira en premier."]
    if beneficiaire == Beneficiaire.AYANT_DROIT and not (beneficiaire_nom or "").strip():
        erreurs["beneficiaire_nom"] = ["Nommez l'ayant droit pour qui l'aide est demandée."]
    jour = date_depot or today
    if jour > today:
        erreurs["date_depot"] = ["La date de dépôt ne peut pas être dans le futur."]
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        verrouiller(f"entraide.numero.{jour.year}")
        demande = Demande(
            numero=numero_suivant(jour.year),
            medecin=medecin,
            beneficiaire=beneficiaire,
            beneficiaire_nom=beneficiaire_nom if beneficiaire == Beneficiaire.AYANT_DROIT else "",
            natures=list(dict.fromkeys(natures)),
            situation=situation,
            questionnaire=questionnaire or {},
            date_depot=jour,
            statut=StatutDemande.DEPOSEE,
            statut_le=jour,
            deposee_par=par,
        )
        enregistrer(demande, par=par)
    return demande
