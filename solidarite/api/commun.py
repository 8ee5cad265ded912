"""What the solidarite API modules share: the feeds' renderers and responses, the refusal of staff who may not read."""

from django.http import HttpResponse
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import BaseRenderer, JSONRenderer

from config.perms import peut, regle


class Connecte(permissions.IsAuthenticated):
    """Who may do what is the services' answer (config.perms); who may see what, `get_queryset()`'s."""


def reserve_au_personnel(user, acte: str) -> None:
    """Staff who may not read are refused (403) rather than shown an empty list; doctors see their own rows."""
    if (user.is_staff or user.is_superuser) and not peut(user, acte):
        raise PermissionDenied(f"Vous n'avez pas le droit de {regle(acte).libelle}.")


class _Binaire(BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, (bytes, str)):
            return data
        return JSONRenderer().render(data)


class RenduIcs(_Binaire):
    media_type = "text/calendar"
    format = "ics"


class RenduCsv(_Binaire):
    media_type = "text/csv"
    format = "csv"


RENDUS_AGENDA = [JSONRenderer, RenduIcs, RenduCsv]


def reponse_ics(contenu: bytes, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = f'inline; filename="{nom}"'
    return reponse


def reponse_csv(contenu: str, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu.encode(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse
