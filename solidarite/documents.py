"""The monthly statement of a doctor's days (issue 13 point 5), in PDF (WeasyPrint, config/pdf.py) and XLSX
(openpyxl, commun/xlsx.py): the same figures as services.releve_mensuel."""

import io

from openpyxl import Workbook

from commun.xlsx import TYPE_XLSX, ligne
from config.pdf import rendre_pdf

__all__ = ["TYPE_XLSX", "nom_releve", "releve_pdf", "releve_xlsx"]


def nom_releve(releve: dict, extension: str) -> str:
    return f"releve-solidarite-{releve['medecin'].rpps}-{releve['mois']:%Y-%m}.{extension}"


def releve_pdf(releve: dict) -> bytes:
    return rendre_pdf("pdf/solidarite/releve_mensuel.html", releve)


def releve_xlsx(releve: dict) -> bytes:
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(f"{releve['mois']:%Y-%m}")
    medecin = releve["medecin"]
    ligne(feuille, [f"Relevé des journées de solidarité territoriale – {releve['libelle_mois']}"], gras=True)
    ligne(feuille, [f"Dr {medecin.nom_complet}", f"RPPS {medecin.rpps}"])
    ligne(feuille, [])
    ligne(feuille, ["Date", "Début", "Fin", "Lieu", "Commune", "Département", "Indemnité", "Payée le"], gras=True)
    for j in releve["journees"]:
        ligne(
            feuille,
            [
                j.date,
                j.debut.strftime("%H:%M"),
                j.fin.strftime("%H:%M"),
                j.lieu.nom,
                j.lieu.commune,
                j.lieu.departement,
                releve["taux"],
                j.paiement.date_paiement if j.paiement_id else None,
            ],
            montants=(6,),
        )
    ligne(
        feuille, ["Total", f"{releve['jours']} journée(s)", "", "", "", "", releve["total"]], gras=True, montants=(6,)
    )
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
