import pytest
from django.template import engines

from config.pdf import FetcherLocal, html_en_pdf, rendre_pdf


def test_un_document_pdf_est_rendu_avec_la_feuille_d_impression():
    contenu = rendre_pdf("pdf/base.html", {})
    assert contenu.startswith(b"%PDF-")
    # The print stylesheet was found and applied: its page footer numbers the pages.
    assert FetcherLocal().fetch("file:///static/css/impression.css").read().startswith(b"/* Print stylesheet")


def test_un_pdf_ne_charge_aucune_ressource_externe():
    with pytest.raises(ValueError, match="Ressource externe refusée"):
        FetcherLocal().fetch("https://fonts.googleapis.com/css?family=Roboto")
    # WeasyPrint logs and skips a refused resource: the document is still produced, without it.
    html = engines["django"].from_string('<img src="https://exemple.invalid/x.png"><p>Texte</p>').render({})
    assert html_en_pdf(html).startswith(b"%PDF-")
