"""Demo data of the cash box and the fixed-asset register (tresorerie/demo.py PARTIES): a few cash movements of the
current year (one without its document, flagged in the cash book) and one asset of each depreciation category,
through the services, as the system user. Idempotent: a second run adds nothing."""

import datetime
from decimal import Decimal

from .models import Immobilisation, MouvementCaisse

MOUVEMENTS = [
    # (days before today, sens, montant, objet, compte)
    (40, "entree", "500.00", "Démo : retrait d'espèces en banque pour la caisse", "512"),
    (30, "sortie", "35.50", "Démo : timbres pour les convocations", "626"),
    (20, "entree", "24.00", "Démo : photocopies de dossiers remboursées", "758"),
    (10, "sortie", "18.90", "Démo : fournitures de bureau (ramettes)", "6064"),
]
IMMOBILISATIONS = [
    # (catégorie, désignation, valeur, années avant, mois de mise en service)
    ("logiciel", "Démo : logiciel de gestion des séances", "1800.00", 1, 9),
    ("batiment", "Démo : locaux du siège", "320000.00", 8, 1),
    ("materiel_bureau", "Démo : photocopieur multifonction", "4200.00", 2, 4),
    ("materiel_informatique", "Démo : ordinateurs du secrétariat (3)", "3600.00", 1, 7),
    ("mobilier", "Démo : mobilier de la salle du conseil", "6500.00", 4, 3),
    ("agencements", "Démo : cloisonnement de l'accueil", "12000.00", 3, 10),
]


def demo_cloture(*, today: datetime.date, par) -> str:
    from . import services

    debut = datetime.date(today.year, 1, 1)
    mouvements = 0
    if not MouvementCaisse.objects.filter(objet__startswith="Démo :").exists():
        for jours, sens, montant, objet, compte in MOUVEMENTS:
            date = max(debut, today - datetime.timedelta(days=jours))
            services.mouvement_caisse_enregistrer(
                sens=sens, montant=Decimal(montant), objet=objet, date=date, compte=compte, par=par, today=today
            )
            mouvements += 1
    immobilisations = 0
    if not Immobilisation.objects.filter(designation__startswith="Démo :").exists():
        for categorie, designation, valeur, annees, mois in IMMOBILISATIONS:
            date = datetime.date(today.year - annees, mois, 1)
            services.immobilisation_enregistrer(
                designation=designation,
                categorie=categorie,
                valeur_origine=Decimal(valeur),
                date_acquisition=date,
                date_mise_en_service=date,
                fournisseur="Fournisseur de démonstration",
                par=par,
                today=today,
            )
            immobilisations += 1
    if not (mouvements or immobilisations):
        return ""
    return f"Trésorerie : {mouvements} mouvements de caisse, {immobilisations} immobilisations (une par catégorie)."
