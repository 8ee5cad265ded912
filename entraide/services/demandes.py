"""Filing a request for mutual aid (by the doctor for himself, or by staff and the commission's deliberative
members for a doctor or his ayants droit), and its instruction by a reader."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer, verrouiller
from config.perms import exiger
from entraide import questionnaire as q
from entraide.models import TRANSITIONS_DEMANDE, Beneficiaire, Demande, NatureDifficulte, StatutDemande
from entraide.selectors import est_lecteur

# "Le conseil départemental au tableau duquel est, ou était inscrit, le médecin" (seed 002 L.II T.V 2).
STATUTS_DU_TABLEAU = {"inscrit", "transfere", "radie", "decede"}
LONGUEUR_SITUATION = 20000


def numero_suivant(annee: int) -> str:
    n = Demande.objects.filter(numero__startswith=f"EN-{annee}-").count() + 1
    return f"EN-{annee}-{n:04d}"


def _pour_autrui(par, today) -> bool:
    """Staff and the readers file for any doctor; anybody else files for himself only."""
    return bool(par.is_staff or par.is_superuser or est_lecteur(user=par, date=today))


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
    propre = getattr(par, "medecin", None) if par.is_authenticated else None
    if propre is not None and (medecin is None or not _pour_autrui(par, today)):
        medecin = propre  # a doctor files for himself, whatever the body says
    exiger(par, "entraide.demande_deposer", objet=Demande(medecin=medecin) if medecin else None, date=today)
    erreurs: dict[str, list[str]] = {}
    if medecin is None:
        erreurs["medecin"] = ["Choisissez le médecin concerné par la demande."]
    elif medecin.statut not in STATUTS_DU_TABLEAU:
        erreurs["medecin"] = [
            f"{medecin.nom_complet} n'est pas et n'a jamais été inscrit au tableau du conseil : sa demande relève "
            "du conseil au tableau duquel il est ou était inscrit."
        ]
    valides = set(NatureDifficulte.values)
    if not isinstance(natures, list | tuple) or not natures or any(n not in valides for n in natures):
        erreurs["natures"] = ["Choisissez au moins une nature de difficulté dans la liste."]
    if not (situation or "").strip():
        erreurs["situation"] = ["Décrivez la situation : c'est ce que la commission lira en premier."]
    elif len(situation) > LONGUEUR_SITUATION:
        erreurs["situation"] = [f"L'exposé de la situation tient en {LONGUEUR_SITUATION} caractères au plus."]
    if beneficiaire not in Beneficiaire.values:
        erreurs["beneficiaire"] = ["Le bénéficiaire est le médecin lui-même ou un ayant droit."]
    elif beneficiaire == Beneficiaire.AYANT_DROIT and not (beneficiaire_nom or "").strip():
        erreurs["beneficiaire_nom"] = ["Nommez l'ayant droit pour qui l'aide est demandée."]
    reponses, fautes = q.normaliser(questionnaire)
    if fautes:
        erreurs["questionnaire"] = list(fautes.values())
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
            beneficiaire_nom=beneficiaire_nom.strip() if beneficiaire == Beneficiaire.AYANT_DROIT else "",
            natures=list(dict.fromkeys(natures)),
            situation=situation.strip(),
            questionnaire=reponses,
            date_depot=jour,
            statut=StatutDemande.DEPOSEE,
            statut_le=jour,
            deposee_par=par,
        )
        enregistrer(demande, par=par)
    return demande


def demande_instruire(*, demande: Demande, notes_commission: str, par, today: datetime.date) -> Demande:
    """The commission's work on the file: its notes (encrypted at rest); a request still `deposee` goes
    `en_instruction`. By a reader (deliberative member, référent) or the entraide's staff; a closed file is not."""
    with transaction.atomic():
        demande = Demande.objects.select_for_update().get(pk=demande.pk)
        exiger(par, "entraide.demande_instruire", objet=demande, date=today)
        if len(notes_commission or "") > LONGUEUR_SITUATION:
            raise ValidationError(
                {"notes_commission": [f"Les notes tiennent en {LONGUEUR_SITUATION} caractères au plus."]}
            )
        demande.notes_commission = (notes_commission or "").strip()
        if demande.statut == StatutDemande.DEPOSEE:
            assert StatutDemande.EN_INSTRUCTION in TRANSITIONS_DEMANDE[StatutDemande.DEPOSEE]
            demande.statut = StatutDemande.EN_INSTRUCTION
            demande.statut_le = today
        enregistrer(demande, par=par)
    return demande
