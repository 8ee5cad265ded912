"""The documents of a request (financial and patrimonial situation): judged by content (PDF, JPEG, PNG) and size
(FICHIERS_TAILLE_MAX, 10 MB), stored encrypted (commun.chiffrement.stockage_chiffre) under a random name; a
refusal leaves no row and no file."""

import datetime

from django.db import transaction

from commun.chiffrement import stockage_chiffre
from commun.fichiers import TYPES_DOCUMENTS, verifier_fichier
from commun.services import enregistrer
from config.perms import exiger
from entraide.models import Demande, PieceDemande

DOSSIER = "entraide/pieces"


def piece_deposer(*, demande: Demande, fichier, par, today: datetime.date) -> PieceDemande:
    """Attach one document: the applicant to his own request, a reader or the entraide's staff to any."""
    exiger(par, "entraide.piece_deposer", objet=demande, date=today)
    verifie = verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichier")
    with stockage_chiffre(DOSSIER) as ranger, transaction.atomic():
        piece = PieceDemande(
            demande=demande,
            nom_original=verifie.nom,
            taille=verifie.taille,
            type_contenu=verifie.type.type_contenu,
            sha256=verifie.sha256,
            deposee_le=today,
            deposee_par=par,
        )
        piece.fichier.name = ranger(verifie)
        enregistrer(piece, par=par)
    return piece
