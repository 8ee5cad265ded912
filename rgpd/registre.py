"""The register of processing (registre des traitements, RGPD art. 30) for the secrétaire général's yearly report.

Each app declares what it processes in `<app>/traitements.py` (`TRAITEMENTS`, plain dicts: nom, finalite,
base_legale, personnes, donnees, lecteurs, and its retention: `purge` = a kind of rgpd/purges.py, or
`conservation_parametre` = the key of a commun.Parametre row with `depart`, or a fixed `conservation` text). The
retention shown is read from the parameter rows on the day: the register always says what the purge applies."""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps as django_apps

from commun.models import Parametre

from .purges import GENRES

CLES = ("nom", "finalite", "base_legale", "personnes", "donnees", "lecteurs")
CONSERVATIONS = ("purge", "conservation_parametre", "conservation")
APPS_DU_PROJET = (
    "commun",
    "tableau",
    "cotisations",
    "tresorerie",
    "gouvernance",
    "conciliation",
    "entraide",
    "solidarite",
    "annonces",
    "incidents",
    "contrats",
    "rgpd",
)


@dataclass(frozen=True)
class Traitement:
    app: str
    application: str  # the app's French name
    nom: str
    finalite: str
    base_legale: str
    personnes: str
    donnees: str
    lecteurs: str
    conservation: str
    purge_automatique: str  # "" when nothing deletes the data by itself


def declarations(app: str) -> list[dict]:
    return list(import_module(f"{app}.traitements").TRAITEMENTS)


def _conservation(decl: dict, parametres: dict[str, Parametre]) -> tuple[str, str]:
    if "purge" in decl:
        genre = GENRES[decl["purge"]]
        p = parametres.get(genre.parametre)
        duree = f"{p.valeur} {p.unite}" if p else f"{genre.defaut} {'ans' if genre.mois_par_unite == 12 else 'mois'}"
        return (
            f"{duree} après {genre.depart} (paramètre du conseil, modifiable de {p.minimum} à {p.maximum} {p.unite})"
            if p
            else f"{duree} après {genre.depart}",
            "purge annoncée un mois à l'avance au secrétaire général (rgpd.purge_du_jour)",
        )
    if "conservation_parametre" in decl:
        p = parametres.get(decl["conservation_parametre"])
        duree = f"{p.valeur} {p.unite}".strip() if p else "durée non paramétrée"
        bornes = f" (paramètre du conseil, modifiable de {p.minimum} à {p.maximum} {p.unite})" if p else ""
        return f"{duree} après {decl['depart']}{bornes}", decl.get("purge_par", "")
    return decl["conservation"], ""


def registre() -> list[Traitement]:
    """Every app's processing, in the order of APPS_DU_PROJET, with its retention read on the day. Two queries."""
    parametres = {p.cle: p for p in Parametre.objects.all()}
    lignes = []
    for app in APPS_DU_PROJET:
        application = str(django_apps.get_app_config(app).verbose_name)
        for decl in declarations(app):
            conservation, purge = _conservation(decl, parametres)
            lignes.append(
                Traitement(
                    app, application, *(decl[c] for c in CLES), conservation=conservation, purge_automatique=purge
                )
            )
    return lignes
