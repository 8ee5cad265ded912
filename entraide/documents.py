"""The entraide's PDFs (context → templates/pdf/entraide/ → WeasyPrint, config.pdf), all confidential:

- `dossier_cnom_pdf`: the file sent to the commission nationale d'entraide (issue 12 point 11): the request and
  its questionnaire, the council's motivated opinion and the aid proposed, the aids already granted, the list of
  the documents (their names only: their content stays encrypted in the council's file);
- `signalement_cnom_pdf`: the report of one aid granted, attached to the e-mail to the commission nationale;
- `attestation_secours_pdf`: what the trésorerie receives of a secours (its supporting document for the
  liquidation): the file's number, the payee, the amount, the date and who decided — no motivation, no nature.

The doors ask the permission helper first and log the read (`exiger(..., "entraide.demande_lire", lecture=True)`)."""

from config.pdf import rendre_pdf

from . import questionnaire
from .models import Aide, Demande, NatureDifficulte


def _natures(demande: Demande) -> list[str]:
    libelles = dict(NatureDifficulte.choices)
    return [libelles.get(n, n) for n in demande.natures or []]


def dossier_cnom_contexte(demande: Demande) -> dict:
    transmissions = list(demande.transmissions.select_related("transmise_par").order_by("transmise_le", "id"))
    return {
        "demande": demande,
        "medecin": demande.medecin,
        "natures": _natures(demande),
        "questionnaire": questionnaire.lisible(demande.questionnaire),
        "transmission": transmissions[-1] if transmissions else None,
        "aides": list(demande.aides.select_related("engagement", "exoneration").order_by("date", "id")),
        "pieces": [(p.nom_original, p.deposee_le, p.taille) for p in demande.pieces.order_by("id")],
    }


def dossier_cnom_pdf(demande: Demande) -> bytes:
    return rendre_pdf("pdf/entraide/dossier_cnom.html", dossier_cnom_contexte(demande))


def dossier_cnom_nom(demande: Demande) -> str:
    return f"dossier-entraide-{demande.numero}.pdf"


def signalement_cnom_pdf(aide: Aide) -> bytes:
    demande = aide.demande
    return rendre_pdf(
        "pdf/entraide/signalement_cnom.html",
        {"aide": aide, "demande": demande, "medecin": demande.medecin, "natures": _natures(demande)},
    )


def signalement_cnom_nom(aide: Aide) -> str:
    return f"aide-entraide-{aide.demande.numero}-{aide.pk}.pdf"


def attestation_secours_pdf(aide: Aide) -> bytes:
    from .services.aides import beneficiaire_paiement

    return rendre_pdf(
        "pdf/entraide/attestation_secours.html",
        {"aide": aide, "demande": aide.demande, "beneficiaire": beneficiaire_paiement(aide.demande)},
    )


def attestation_secours_nom(aide: Aide) -> str:
    return f"secours-{aide.demande.numero}.pdf"
