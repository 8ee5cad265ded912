"""The conciliation's e-mails, composed when their task runs (the pattern: commun/tasks.py), each with its letter
as PDF (conciliation/documents.py). A party is e-mailed only where an address is known; the letter remains the
legal act (sent by post as well)."""

from django.conf import settings

from commun.courriels import Courriel, corps

from . import documents
from .models import Plainte, ProcesVerbal, RappelEcheance, Reunion

PDF = "application/pdf"


def _contexte(**valeurs) -> dict:
    return {"cdom_nom": settings.CDOM_NOM, **valeurs}


def accuse_reception(plainte_id: int) -> Courriel:
    plainte = Plainte.objects.select_related("medecin").get(pk=plainte_id)
    pdf = documents.accuse_reception_pdf(plainte_id=plainte_id)
    return Courriel(
        sujet=f"Accusé de réception de votre {plainte.get_nature_display().lower()} n° {plainte.numero}",
        corps=corps("courriels/conciliation/accuse_reception.txt", _contexte(plainte=plainte)),
        pieces_jointes=((documents.nom_fichier("accuse-reception", plainte), pdf, PDF),),
    )


def information_medecin(plainte_id: int) -> Courriel:
    plainte = Plainte.objects.select_related("medecin").get(pk=plainte_id)
    pdf = documents.information_medecin_pdf(plainte_id=plainte_id)
    return Courriel(
        sujet=f"{plainte.get_nature_display()} n° {plainte.numero} déposée à votre encontre",
        corps=corps("courriels/conciliation/information_medecin.txt", _contexte(plainte=plainte)),
        pieces_jointes=((documents.nom_fichier("information-medecin", plainte), pdf, PDF),),
    )


def _convocation(reunion_id: int, partie: str) -> Courriel:
    reunion = Reunion.objects.select_related("plainte").get(pk=reunion_id)
    conciliateurs = [
        documents.nom_membre(c.membre)
        for c in reunion.plainte.conciliateurs.filter(retire_le__isnull=True).select_related("membre__medecin")
    ]
    pdf = documents.convocation_pdf(reunion_id=reunion_id, partie=partie)
    return Courriel(
        sujet=f"Convocation à la réunion de conciliation du {reunion.date:%d/%m/%Y} (plainte n° "
        f"{reunion.plainte.numero})",
        corps=corps("courriels/conciliation/convocation.txt", _contexte(reunion=reunion, conciliateurs=conciliateurs)),
        pieces_jointes=((documents.nom_fichier(f"convocation-{partie}", reunion), pdf, PDF),),
    )


def convocation_plaignant(reunion_id: int) -> Courriel:
    return _convocation(reunion_id, "plaignant")


def convocation_medecin(reunion_id: int) -> Courriel:
    return _convocation(reunion_id, "medecin")


def proces_verbal(proces_verbal_id: int) -> Courriel:
    pv = ProcesVerbal.objects.select_related("reunion__plainte").get(pk=proces_verbal_id)
    pdf = documents.proces_verbal_pdf(reunion_id=pv.reunion_id)
    return Courriel(
        sujet=f"Procès-verbal de conciliation (plainte n° {pv.reunion.plainte.numero})",
        corps=corps("courriels/conciliation/proces_verbal.txt", _contexte(pv=pv)),
        pieces_jointes=((documents.nom_fichier("proces-verbal", pv.reunion), pdf, PDF),),
    )


def transmission_parties(plainte_id: int) -> Courriel:
    plainte = Plainte.objects.get(pk=plainte_id)
    return Courriel(
        sujet=f"Plainte n° {plainte.numero} transmise à la chambre disciplinaire de première instance",
        corps=corps("courriels/conciliation/transmission_parties.txt", _contexte(plainte=plainte)),
    )


def transmission_chambre(plainte_id: int) -> Courriel:
    plainte = Plainte.objects.get(pk=plainte_id)
    pdf = documents.transmission_pdf(plainte_id=plainte_id)
    return Courriel(
        sujet=f"Transmission de la plainte n° {plainte.numero} (article L4123-2 du code de la santé publique)",
        corps=corps("courriels/conciliation/transmission_chambre.txt", _contexte(plainte=plainte)),
        pieces_jointes=((documents.nom_fichier("transmission", plainte), pdf, PDF),),
    )


def rappel_echeance(rappel_id: int) -> Courriel:
    rappel = RappelEcheance.objects.select_related("plainte").get(pk=rappel_id)
    etat = "dépassée" if rappel.echeance < rappel.programme_le else "proche"
    return Courriel(
        sujet=f"Conciliation : échéance {etat} du dossier {rappel.plainte.numero} ({rappel.get_type_display()}, "
        f"{rappel.echeance:%d/%m/%Y})",
        corps=corps("courriels/conciliation/rappel_echeance.txt", _contexte(rappel=rappel)),
    )
