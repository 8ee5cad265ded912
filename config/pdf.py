"""PDF documents: a Django template under templates/pdf/ rendered by WeasyPrint with the print stylesheet.

Fonts come from the system (fonts-dejavu-core) and static files are read from disk through a URL fetcher that
refuses any network access: a letter never makes WeasyPrint call out.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


class FetcherLocal(URLFetcher):
    """Serves /static/ from the finders and data: URIs; refuses anything else (no network from a PDF)."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols={"file", "data"}, **kwargs)

    def fetch(self, url, headers=None):
        static = f"file://{settings.STATIC_URL}"
        if url.startswith(static):
            chemin = finders.find(url[len(static) :].split("?")[0])
            if not chemin:
                raise ValueError(f"Fichier statique introuvable pour un PDF : {url}")
            return super().fetch(Path(chemin).as_uri(), headers)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"Ressource externe refusée dans un PDF : {url}")


def html_en_pdf(html: str, *, font_config=None, cache=None) -> bytes:
    """`font_config` (weasyprint.text.fonts.FontConfiguration) and `cache` (a dict of images): a process that renders
    many documents (the print run's workers) passes the same ones each time instead of building them again."""
    return HTML(string=html, base_url="file:///", url_fetcher=FetcherLocal()).write_pdf(
        font_config=font_config, cache=cache
    )


def rendre_pdf(template: str, contexte: dict, *, font_config=None, cache=None) -> bytes:
    """Render templates/pdf/<template> (which extends pdf/base.html) to PDF bytes."""
    contexte = {"CDOM_NOM": settings.CDOM_NOM, **contexte}
    options = {cle: v for cle, v in (("font_config", font_config), ("cache", cache)) if v is not None}
    return html_en_pdf(render_to_string(template, contexte), **options)


def reponse_pdf(contenu: bytes, nom_fichier: str, *, telechargement: bool = False) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type="application/pdf")
    mode = "attachment" if telechargement else "inline"
    reponse["Content-Disposition"] = f'{mode}; filename="{nom_fichier}"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse
