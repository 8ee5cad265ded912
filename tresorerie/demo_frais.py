"""Demo expense claims (issue 11 point 9): the président's trip to the last plenary, mileage and a meal with their
receipts, submitted to the liquidateur; and a draft with a hotel night whose receipt is still to attach. Built
through the services as the system user; idempotent (nothing is done when the président already has a claim)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gouvernance.models import TypeFonction
from gouvernance.selectors import fonction_titulaire

from . import services
from .models import NoteFrais
from .services import LigneSaisie

# A one-page PDF (what a scanned receipt would be; judged by its content like any upload).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _recu(nom: str):
    return SimpleUploadedFile(nom, PDF, content_type="application/pdf")


def demo_frais(*, today: datetime.date, par) -> str:
    membre = fonction_titulaire(fonction=TypeFonction.PRESIDENT, date=today)
    if membre is None:
        return ""
    if NoteFrais.objects.filter(membre=membre).exists():
        return "Notes de frais : déjà créées (une soumise au liquidateur, un brouillon)."
    jour = max(today - datetime.timedelta(days=6), datetime.date(today.year, 1, 2), membre.date_debut)
    try:
        soumise = services.note_frais_deposer(
            membre_id=membre.pk,
            lignes=[
                LigneSaisie(type="km", date=jour, km=64, libelle="Séance plénière, aller-retour"),
                LigneSaisie(type="repas", date=jour, montant=Decimal("28.50"), libelle="Déjeuner de séance"),
            ],
            vehicule_cv=5,
            objet=f"Séance plénière du {jour:%d/%m/%Y}",
            par=par,
            today=today,
        )
        for ligne, nom in zip(
            soumise.lignes.order_by("date", "id"), ("convocation.pdf", "ticket-restaurant.pdf"), strict=True
        ):
            services.justificatif_deposer(
                note_id=soumise.pk, ligne_id=ligne.pk, fichier=_recu(nom), par=par, today=today
            )
        services.note_frais_soumettre(note_id=soumise.pk, par=par, today=today)
        brouillon = services.note_frais_deposer(
            membre_id=membre.pk,
            lignes=[
                LigneSaisie(type="hotel", date=jour - datetime.timedelta(days=1), montant=Decimal("142.00")),
                LigneSaisie(type="train", date=jour - datetime.timedelta(days=1), montant=Decimal("96.40")),
            ],
            objet="Réunion régionale des présidents",
            par=par,
            today=today,
        )
        ligne = brouillon.lignes.get(type="train")
        services.justificatif_deposer(
            note_id=brouillon.pk, ligne_id=ligne.pk, fichier=_recu("billet-1re-classe.pdf"), par=par, today=today
        )
    except ValidationError as err:  # no caps or scale for this year yet
        return f"Notes de frais : non créées ({' '.join(err.messages)})"
    return (
        f"Notes de frais : {soumise.numero} du président soumise au liquidateur ({soumise.montant_rembourse} €), "
        f"{brouillon.numero} en brouillon (justificatif d'hôtel à joindre) — espace médecin, « Mes notes de frais »."
    )
