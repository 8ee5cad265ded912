"""The ads' e-mail, composed when its task runs (commun/tasks.py): a doctor's answer, to the ad's author. The
sender's address is in this e-mail only (the body and Reply-To), which reaches the author alone."""

from django.conf import settings
from django.urls import reverse

from commun.courriels import Courriel, corps

from .models import MessageAnnonce


def reponse_annonce(message_id: int) -> Courriel:
    message = MessageAnnonce.objects.select_related("annonce__auteur", "expediteur").get(pk=message_id)
    expediteur = message.expediteur
    lien = settings.SITE_URL.rstrip("/") + reverse("annonces_espace:detail", args=[message.annonce_id])
    return Courriel(
        sujet=f"Réponse à votre annonce « {message.annonce.titre} »",
        corps=corps(
            "courriels/annonces/reponse_annonce.txt",
            {
                "message": message,
                "annonce": message.annonce,
                "auteur": message.annonce.auteur,
                "expediteur": expediteur,
                "lien": lien,
                "CDOM_NOM": settings.CDOM_NOM,
            },
        ),
        repondre_a=(expediteur.email,) if expediteur.email else (),
    )
