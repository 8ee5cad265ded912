"""Data protection in `python manage.py demo`: tonight's purge run once by hand (rgpd.services.purge_du_jour, as the
system user), so that the back-office shows what is announced; idempotent (the announcements and purges are unique
per kind and day). The printed doctors download their data from their espace (« Mes données personnelles »)."""

import datetime

from .models import AnnoncePurge, DemandeAcces


def _demande_acces(*, today: datetime.date, par) -> str:
    """A doctor's letter asking for his data, received ten days ago and not answered yet (once: a re-run of the
    demo adds none)."""
    from tableau.models import Medecin, Statut

    from . import services

    if not DemandeAcces.objects.exists():
        medecin = Medecin.objects.filter(statut=Statut.INSCRIT).order_by("pk").first()
        if medecin is None:
            return ""
        services.demande_acces_enregistrer(
            medecin=medecin,
            recue_le=today - datetime.timedelta(days=10),
            canal="courrier",
            precisions="Demande par lettre de toutes les données me concernant.",
            par=par,
            today=today,
        )
    demande = DemandeAcces.objects.select_related("medecin").order_by("pk").first()
    return (
        f" ; une demande d'accès par courrier du Dr {demande.medecin.nom_complet} attend sa réponse avant le "
        f"{demande.echeance:%d/%m/%Y} (Protection des données › Demandes d'accès à ses données)"
    )


def demo_rgpd(*, today: datetime.date, par) -> str:
    from . import services

    services.purge_du_jour(today=today, par=par)
    demande = _demande_acces(today=today, par=par)
    en_attente = list(AnnoncePurge.objects.filter(executee_par__isnull=True).order_by("prevue_le", "nature"))
    if en_attente:
        annonces = ", ".join(
            f"{a.nombre} {a.get_nature_display().lower()} le {a.prevue_le:%d/%m/%Y}" for a in en_attente
        )
        purge = f"purge annoncée au secrétaire général : {annonces}"
    else:
        purge = "aucun dossier n'atteint sa durée de conservation dans le mois"
    return (
        f"Protection des données : {purge} ; registre des traitements dans le back-office (Protection des données "
        "› Purges effectuées › Registre des traitements) ; chaque médecin télécharge ses données depuis son espace "
        f"(« Mes données personnelles », JSON et PDF){demande}."
    )
