"""The dues' letters as PDF: context → templates/pdf/cotisations/ → WeasyPrint (config.pdf).

Interface used by every door (API, espace médecin, admin, print run): `appel_pdf(cotisation)` and
`recu_pdf(paiement)` return the PDF bytes; `nom_appel(cotisation)`, `nom_recu(paiement)` the file names.
"""

from config.pdf import rendre_pdf

from .models import Cotisation, Paiement


def nom_appel(cotisation: Cotisation) -> str:
    return f"appel-cotisation-{cotisation.annee}-{cotisation.reference}.pdf"


def nom_recu(paiement: Paiement) -> str:
    return f"recu-{paiement.numero_recu}.pdf"


def appel_pdf(cotisation: Cotisation) -> bytes:
    return rendre_pdf("pdf/cotisations/appel.html", {"cotisation": cotisation})


def recu_pdf(paiement: Paiement) -> bytes:
    return rendre_pdf("pdf/cotisations/recu.html", {"paiement": paiement, "cotisation": paiement.cotisation})
