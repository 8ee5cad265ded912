"""Sending a contract (L4113-9: within a month of signing), putting it under study, the commission's opinion, and
a member's declaration that a contract concerns him."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commun.fichiers import stockage, verifier_fichier
from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer
from config.perms import exiger
from contrats import selectors, tasks
from contrats.models import TRANSITIONS_CONTRAT, AvisContrat, Contrat, LienContrat, StatutContrat, TypeContrat
from gouvernance.selectors import ajouter_mois, membre_de
from gouvernance.services.deliberations import motivation_valider


def hors_delai(*, date_signature: datetime.date, date_reception: datetime.date) -> bool:
    """Received more than one month after signing (article L4113-9: « dans le mois suivant leur conclusion »):
    signed on 15 March, received on 15 April is in time, on 16 April late."""
    return date_reception > ajouter_mois(date_signature, 1)


def contrat_envoyer(
    *, medecin, type: str, date_signature: datetime.date, fichier, par, today: datetime.date
) -> Contrat:
    """Record a contract received today: its PDF is judged by its content and stored privately; late if it comes
    more than a month after signing (it is recorded all the same: the council studies it and the flag says so)."""
    propre = getattr(par, "medecin", None)
    if propre is not None and not par.is_staff:
        medecin = propre  # a doctor sends his own contracts, whatever the body says
    else:
        exiger(par, "contrats.contrat_envoyer", date=today)
    erreurs = {}
    if type not in TypeContrat.values:
        erreurs["type"] = ["Choisissez le type de contrat dans la liste : " + ", ".join(TypeContrat.values) + "."]
    if date_signature is None:
        erreurs["date_signature"] = ["Indiquez la date de signature du contrat."]
    elif date_signature > today:
        erreurs["date_signature"] = [
            f"La date de signature ({date_signature:%d/%m/%Y}) est dans le futur : un contrat se communique une fois "
            "signé."
        ]
    verifie = None
    if fichier is None:
        erreurs["fichier"] = ["Joignez le contrat signé, en PDF."]
    else:
        try:
            verifie = verifier_fichier(fichier, types=("pdf",), champ="fichier")
        except ValidationError as err:
            erreurs.update(err.message_dict)
    if erreurs:
        raise ValidationError(erreurs)
    with stockage("contrats") as ranger, transaction.atomic():
        contrat = Contrat(
            medecin=medecin,
            type=type,
            date_signature=date_signature,
            nom_original=verifie.nom,
            taille=verifie.taille,
            type_contenu=verifie.type.type_contenu,
            sha256=verifie.sha256,
            date_reception=today,
            hors_delai=hors_delai(date_signature=date_signature, date_reception=today),
            statut=StatutContrat.RECU,
            depose_par=par,
        )
        contrat.fichier.name = ranger(verifie)
        enregistrer(contrat, par=par)
    return contrat


def _passer(contrat: Contrat, statut: str) -> None:
    if statut not in TRANSITIONS_CONTRAT[StatutContrat(contrat.statut)]:
        raise ValidationError(
            f"Le contrat est « {contrat.get_statut_display()} » : il ne peut pas passer à "
            f"« {StatutContrat(statut).label} »."
        )
    contrat.statut = statut


def contrat_etudier(*, contrat_id: int, par, today: datetime.date) -> Contrat:
    with transaction.atomic():
        contrat = Contrat.objects.select_for_update().get(pk=contrat_id)
        exiger(par, "contrats.contrat_etudier", objet=contrat, date=today)
        _passer(contrat, StatutContrat.EN_ETUDE)
        enregistrer(contrat, par=par, update_fields=["statut"])
    return contrat


def contrat_avis_rendre(*, contrat_id: int, avis: str, motivation: str, par, today: datetime.date) -> Contrat:
    """The commission d'étude des contrats' motivated opinion, recorded by staff or given by one of its members on
    the date; a member concerned by the contract (its doctor, or a declared link) steps aside (403). The doctor is
    told by e-mail (Celery) and finds the opinion on his contracts page."""
    with transaction.atomic():
        contrat = Contrat.objects.select_for_update().select_related("medecin").get(pk=contrat_id)
        exiger(par, "contrats.contrat_avis_rendre", objet=contrat, date=today)
        if not par.is_staff:
            motif = selectors.motif_de_deport(contrat=contrat, medecin=getattr(par, "medecin", None))
            if motif:
                raise PermissionDenied(
                    f"Vous ne pouvez pas rendre l'avis sur ce contrat : {motif}. Un membre concerné par un contrat se "
                    "retire de son examen (règlement intérieur, titre II, 5.1.2) ; un autre membre de la commission "
                    "rend l'avis."
                )
        erreurs = {}
        if avis not in AvisContrat.values:
            erreurs["avis"] = ["Choisissez l'avis : " + ", ".join(AvisContrat.values) + "."]
        try:
            motivation = motivation_valider(motivation)
        except ValidationError as err:
            erreurs.update(err.message_dict)
        if erreurs:
            raise ValidationError(erreurs)
        _passer(contrat, StatutContrat.AVIS_RENDU)
        contrat.avis, contrat.motivation, contrat.avis_le, contrat.avis_par = avis, motivation, today, par
        enregistrer(contrat, par=par)
        envois_programmer(
            nature=NatureEnvoi.CONTRAT_AVIS,
            objet=contrat,
            adresses=[contrat.medecin.email],
            tache=tasks.contrat_avis_envoyer,
            par=par,
        )
    return contrat


def lien_declarer(*, contrat_id: int, motif: str, par, today: datetime.date, membre=None) -> LienContrat:
    """A member of the commission declares that a contract concerns him (staff record it for a member): from
    then on he may not give the opinion on it."""
    with transaction.atomic():
        contrat = Contrat.objects.select_for_update().get(pk=contrat_id)
        exiger(par, "contrats.lien_declarer", objet=contrat, date=today)
        if membre is None or not par.is_staff:
            membre = membre_de(user=par, date=today)
        if membre is None:
            raise ValidationError({"membre": ["Indiquez le membre du conseil concerné par ce contrat."]})
        if not (motif or "").strip():
            raise ValidationError({"motif": ["Dites en quelques mots ce qui vous lie à ce contrat."]})
        lien = LienContrat.objects.filter(contrat=contrat, membre=membre).first()
        if lien is None:
            lien = LienContrat(contrat=contrat, membre=membre, motif=motif.strip(), declare_le=today, declare_par=par)
            enregistrer(lien, par=par)
    return lien
