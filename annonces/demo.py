"""Demo ads (issue 13 point 6), for `python manage.py demo`: a few published ads of the department's doctors, one
with a change waiting for the moderators, and one submitted ad of the first printed doctor to moderate in the
back-office (Annonces). Built through the services as the system user; idempotent (nothing is done when the demo's
ads are there)."""

import datetime

from tableau.models import Medecin, Statut

from . import services
from .models import Annonce

ANNONCES = [
    (
        "remplacement",
        "offre",
        "Remplacement en médecine générale, cabinet de groupe",
        "Sarlat-la-Canéda",
        "Cabinet de trois médecins généralistes cherche un remplaçant pour les congés d'été, secrétariat sur place, "
        "logement possible.",
        20,
        75,
    ),
    (
        "collaboration",
        "offre",
        "Collaboration libérale en pédiatrie",
        "Bergerac",
        "Pédiatre installée propose une collaboration libérale deux jours par semaine, patientèle importante.",
        0,
        None,
    ),
    (
        "succession",
        "offre",
        "Succession d'un cabinet de médecine générale",
        "Nontron",
        "Départ en retraite : cabinet rural informatisé, maison de santé voisine, présentation de la patientèle.",
        60,
        240,
    ),
    (
        "remplacement",
        "recherche",
        "Médecin remplaçant thésé cherche remplacements",
        "Périgueux",
        "Médecin généraliste thésé cherche des remplacements réguliers dans un rayon de 40 km autour de Périgueux.",
        7,
        180,
    ),
]
SOUMISE = (
    "assistanat",
    "offre",
    "Assistanat en dermatologie",
    "Périgueux",
    "Dermatologue propose un poste d'assistant, plateau technique complet.",
    30,
    None,
)


def _donnees(categorie, sens, titre, commune, texte, debut, fin, today):
    return {
        "categorie": categorie,
        "sens": sens,
        "titre": titre,
        "commune": commune,
        "texte": texte,
        "date_debut": today + datetime.timedelta(days=debut),
        "date_fin": today + datetime.timedelta(days=fin) if fin is not None else None,
    }


def demo_annonces(*, today: datetime.date, par) -> str:
    if Annonce.objects.filter(titre=SOUMISE[2]).exists():
        return "Annonces : déjà créées (publiées, une modification et une annonce à modérer dans le back-office)."
    inscrits = Medecin.objects.filter(statut=Statut.INSCRIT)
    premier = inscrits.filter(user__isnull=False, user__is_active=True).order_by("pk").first()
    autres = list(inscrits.exclude(pk=getattr(premier, "pk", None)).order_by("pk")[: len(ANNONCES)])
    if premier is None or len(autres) < len(ANNONCES):
        return ""
    for auteur, ligne in zip(autres, ANNONCES, strict=True):
        annonce = services.annonce_deposer(donnees=_donnees(*ligne, today), auteur=auteur, par=par, today=today)
        services.annonce_soumettre(annonce_id=annonce.pk, par=par, today=today)
        services.annonce_publier(annonce_id=annonce.pk, par=par, today=today)
    # A change to a published ad, submitted: the public keeps the published text until a moderator publishes it.
    modifiee = Annonce.objects.get(titre=ANNONCES[1][2])
    services.annonce_modifier(
        annonce_id=modifiee.pk,
        donnees={"texte": modifiee.texte + " Possibilité d'association à terme."},
        par=par,
        today=today,
    )
    services.annonce_soumettre(annonce_id=modifiee.pk, par=par, today=today)
    soumise = services.annonce_deposer(donnees=_donnees(*SOUMISE, today), auteur=premier, par=par, today=today)
    services.annonce_soumettre(annonce_id=soumise.pk, par=par, today=today)
    return (
        f"Annonces : {len(ANNONCES)} publiées (page /annonces/), une modification et une annonce de Dr "
        f"{premier.nom_complet} à modérer (back-office, Annonces, filtre « à modérer »)."
    )
