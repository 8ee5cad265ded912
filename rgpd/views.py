"""The doctor's data in the espace (/espace/mes-donnees/): a page that says what the council holds and two
downloads, JSON and PDF, of his own data only (never an id in the URL). Each download is a logged read
(rgpd.donnees_telecharger, commun.JournalAcces)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from config.perms import exiger
from tableau.views import medecin_requis

from . import documents, selectors


def _nom_fichier(medecin, extension: str) -> str:
    return f"mes-donnees-{medecin.rpps}-{timezone.localdate():%Y%m%d}.{extension}"


@medecin_requis
@require_GET
def mes_donnees(request, medecin):
    from .registre import registre

    return render(
        request,
        "espace/rgpd/mes_donnees.html",
        {"medecin": medecin, "traitements": registre(), "hors_export": selectors.RUBRIQUES_HORS_EXPORT},
    )


def _donnees(request, medecin) -> dict:
    jour = timezone.localdate()
    exiger(request.user, "rgpd.donnees_telecharger", objet=medecin, date=jour, lecture=True)
    return selectors.donnees_du_medecin(medecin=medecin, today=jour)


def reponse_json(donnees: dict, nom_fichier: str) -> HttpResponse:
    """A doctor's export as a JSON download, never kept by a cache (the espace's and the secrétariat's)."""
    contenu = json.dumps(donnees, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    reponse = HttpResponse(contenu, content_type="application/json; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse


@medecin_requis
@require_GET
def donnees_json(request, medecin):
    return reponse_json(_donnees(request, medecin), _nom_fichier(medecin, "json"))


@medecin_requis
@require_GET
def donnees_pdf(request, medecin):
    from config.pdf import reponse_pdf

    return reponse_pdf(
        documents.donnees_pdf(_donnees(request, medecin)), _nom_fichier(medecin, "pdf"), telechargement=True
    )
