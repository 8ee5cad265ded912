"""The letters and e-mails of a file (slice "documents"): the workflow's services call these at the moment the
law sets, inside their transaction (the object locked). The letters are PDFs produced on demand
(conciliation/documents.py, the routes …/accuse-reception.pdf, …/information-medecin.pdf, …/convocation.pdf,
…/proces-verbal.pdf, …/transmission.pdf); each function programs the e-mails that carry them through
commun.services.envois_programmer, where an address is known (no address, no row: the letter goes by post). The
rows' uniqueness constraint makes a second call send nothing twice."""

from django.contrib.contenttypes.models import ContentType

from commun.models import Envoi, NatureEnvoi
from commun.services import envois_programmer

from .. import tasks


def _second_envoi(nature, plainte) -> bool:
    """A grievance or a report requalified as a complaint gets its letters again, once (a second lot: the clock
    starts at the requalification); any later call finds that lot."""
    if plainte.nature == plainte.nature_initiale:
        return False
    deja = Envoi.objects.filter(
        nature=nature, type_objet=ContentType.objects.get_for_model(plainte), objet_id=plainte.pk
    )
    return deja.exists() and not deja.filter(lot__gte=2).exists()


def courriers_enregistrement(plainte, *, par, today) -> list:
    """Acknowledgement of receipt to the complainant, information of the doctor concerned (L4123-2 CSP: « son
    président en accuse réception à l'auteur, en informe le médecin »); called again on a requalification, they
    leave once more with the complaint's deadlines."""
    lignes = []
    for nature, adresse, tache in (
        (NatureEnvoi.CONCILIATION_ACCUSE, plainte.plaignant_email, tasks.accuse_reception_envoyer),
        (NatureEnvoi.CONCILIATION_INFORMATION, plainte.medecin.email, tasks.information_medecin_envoyer),
    ):
        lignes += envois_programmer(
            nature=nature,
            objet=plainte,
            adresses=[adresse],
            tache=tache,
            par=par,
            nouveau_lot=_second_envoi(nature, plainte),
        )
    return lignes


def courriers_convocation(reunion, *, par, today) -> list:
    """Convocation of both parties to the conciliation meeting, naming the conciliators (each his own letter)."""
    plainte = reunion.plainte
    lignes = envois_programmer(
        nature=NatureEnvoi.CONCILIATION_CONVOCATION,
        objet=reunion,
        adresses=[plainte.plaignant_email],
        tache=tasks.convocation_plaignant_envoyer,
        par=par,
    )
    lignes += envois_programmer(
        nature=NatureEnvoi.CONCILIATION_CONVOCATION,
        objet=reunion,
        adresses=[plainte.medecin.email],
        tache=tasks.convocation_medecin_envoyer,
        par=par,
    )
    return lignes


def courriers_proces_verbal(proces_verbal, *, par, today) -> list:
    """The PV sent to the parties once established."""
    plainte = proces_verbal.reunion.plainte
    return envois_programmer(
        nature=NatureEnvoi.CONCILIATION_PROCES_VERBAL,
        objet=proces_verbal,
        adresses=[plainte.plaignant_email, plainte.medecin.email],
        tache=tasks.proces_verbal_envoyer,
        par=par,
    )


def courriers_transmission(plainte, *, par, today) -> list:
    """The transmission letter and file to the chambre disciplinaire de première instance (by e-mail when the
    parameters give its address; the letter, PDF, goes by post), and the parties informed."""
    from ..models import ParametreConciliation

    lignes = envois_programmer(
        nature=NatureEnvoi.CONCILIATION_TRANSMISSION,
        objet=plainte,
        adresses=[plainte.plaignant_email, plainte.medecin.email],
        tache=tasks.transmission_parties_envoyer,
        par=par,
    )
    # A missing parameter row never fails the act: the letter goes by post.
    parametre = ParametreConciliation.objects.order_by("pk").first()
    chambre = parametre.courriel_chambre_disciplinaire if parametre is not None else ""
    lignes += envois_programmer(
        nature=NatureEnvoi.CONCILIATION_TRANSMISSION_CHAMBRE,
        objet=plainte,
        adresses=[chambre],
        tache=tasks.transmission_chambre_envoyer,
        par=par,
    )
    return lignes
