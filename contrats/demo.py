"""Demo contracts (issue 13 point 8), for `python manage.py demo`: the commission d'étude des contrats is created
if the council has none (two titular members elected to it; the président and the secrétaire général sit by
right); the secrétaire général (a printed login) communicates a collaboration contract, on which the président
gives the commission's motivated opinion (the SG, concerned, steps aside), and a lease received late, still to
study. Built through the services; idempotent (nothing is done once the SG has a contract)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gouvernance import services as gouvernance
from gouvernance.models import Commission, NatureCommission, TypeFonction
from gouvernance.selectors import couvre, fonction_titulaire, membres_en_fonction

from . import services
from .models import Contrat

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
MOTIVATION = (
    "La clause de non-concurrence de l'article 9 interdit au collaborateur de s'installer dans tout le département "
    "pendant cinq ans : elle est disproportionnée au regard de l'article R4127-86 du code de la santé publique et "
    "doit être limitée dans le temps et dans l'espace ; le reste du contrat respecte l'indépendance professionnelle."
)


def _commission(today: datetime.date, par) -> Commission:
    existante = Commission.objects.filter(couvre(today), nature=NatureCommission.ETUDE_CONTRATS).first()
    if existante is not None:
        return existante
    debut = today - datetime.timedelta(days=30)
    commission = gouvernance.commission_creer(nature=NatureCommission.ETUDE_CONTRATS, date_debut=debut, par=par)
    for membre in membres_en_fonction(date=today, qualite="titulaire").order_by("-id")[:2]:
        gouvernance.commission_membre_elire(commission=commission, membre=membre, date_debut=debut, par=par)
    return commission


def demo_contrats(*, today: datetime.date, par) -> str:
    sg = fonction_titulaire(fonction=TypeFonction.SECRETAIRE_GENERAL, date=today)
    president = fonction_titulaire(fonction=TypeFonction.PRESIDENT, date=today)
    if sg is None or president is None or president.medecin.user is None:
        return ""
    if Contrat.objects.filter(medecin=sg.medecin).exists():
        return "Contrats : déjà communiqués (espace « Mes contrats » du secrétaire général, back-office)."
    _commission(today, par)
    collaboration = services.contrat_envoyer(
        medecin=sg.medecin,
        type="collaboration",
        date_signature=today - datetime.timedelta(days=12),
        fichier=SimpleUploadedFile("contrat-collaboration.pdf", PDF, content_type="application/pdf"),
        par=par,
        today=today,
    )
    services.contrat_avis_rendre(
        contrat_id=collaboration.pk, avis="reserves", motivation=MOTIVATION, par=president.medecin.user, today=today
    )
    services.contrat_envoyer(
        medecin=sg.medecin,
        type="bail",
        date_signature=today - datetime.timedelta(days=50),
        fichier=SimpleUploadedFile("bail-professionnel.pdf", PDF, content_type="application/pdf"),
        par=par,
        today=today,
    )
    return (
        "Contrats (L4113-9) : le secrétaire général a communiqué un contrat de collaboration (avis avec réserves de "
        "la commission d'étude des contrats, rendu par le président) et un bail reçu hors délai, à étudier."
    )
