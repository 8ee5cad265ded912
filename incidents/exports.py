"""The yearly figures as a spreadsheet for the CNOM's observatory of the safety of doctors (commun/xlsx.py): the
same anonymous counts as the API's statistiques, one section per axis, with the French labels."""

import io

from openpyxl import Workbook

from commun.xlsx import ligne

from .models import AuteurIncident, LieuIncident, TypeIncident


def statistiques_xlsx(stats: dict, *, cdom: str = "") -> bytes:
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(f"Observatoire {stats['annee']}")
    ligne(feuille, [f"Observatoire de la sécurité des médecins : déclarations de {stats['annee']}"], gras=True)
    if cdom:
        ligne(feuille, [cdom])
    ligne(feuille, [])
    ligne(feuille, ["Déclarations", stats["total"]], gras=True)
    ligne(feuille, ["Part avec plainte déposée (%)", float(stats["part_plainte"])])
    for titre, cle, libelles in (
        ("Type de violence (une déclaration peut en compter plusieurs)", "par_type", TypeIncident),
        ("Lieu", "par_lieu", LieuIncident),
        ("Auteur", "par_auteur", AuteurIncident),
    ):
        ligne(feuille, [])
        ligne(feuille, [titre, "Nombre", "Code"], gras=True)
        for code, nombre in stats[cle].items():
            ligne(feuille, [libelles(code).label, nombre, code])
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
