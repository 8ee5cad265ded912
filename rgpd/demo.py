"""Data protection in `python manage.py demo`: tonight's purge run once by hand (rgpd.services.purge_du_jour, as the
system user), so that the back-office shows what is announced; idempotent (the announcements and purges are unique
per kind and day). The printed doctors download their data from their espace (« Mes données personnelles »)."""

import datetime

from .models import AnnoncePurge


def demo_rgpd(*, today: datetime.date, par) -> str:
    from . import services

    services.purge_du_jour(today=today, par=par)
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
        "(« Mes données personnelles », JSON et PDF)."
    )
