"""The site's icon: every page links it (public, espace and back-office), and /favicon.ico, which browsers ask for
without reading the page, is served from the project's own static files (no 404, no outside host)."""

import re

import pytest
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def _contenu(reponse) -> bytes:
    return b"".join(reponse.streaming_content) if reponse.streaming else reponse.content


def test_favicon_ico_est_servi_a_la_racine_du_site(client):
    reponse = client.get("/favicon.ico")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert _contenu(reponse).startswith(b"\x00\x00\x01\x00")  # an ICO file's header


@pytest.mark.parametrize("url", ["/", "/annuaire/", "/espace/connexion/", "/admin/login/"])
def test_chaque_page_lie_l_icone_du_site(client, url):
    html = client.get(url).content.decode()
    liens = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert set(liens) == {static("racine/favicon.ico"), static("favicon.svg")}
    for lien in liens:
        reponse = client.get(lien)
        assert reponse.status_code == 200 and _contenu(reponse)
