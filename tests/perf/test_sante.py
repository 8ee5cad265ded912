"""The bare view of the bench, also the Docker health check: it answers without touching the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_la_vue_sante_repond_ok_sans_requete_sql(client):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get("/sante/")
    assert reponse.status_code == 200
    assert reponse.content == b"ok"
    assert reponse["Cache-Control"].startswith("max-age=0")
    assert len(requetes) == 0


@pytest.mark.parametrize(
    ("hotes", "attendu"),
    [
        ("cdom.example,localhost", "cdom.example"),
        (".cdom.example", "cdom.example"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_le_controle_de_sante_docker_nomme_un_hote_autorise(hotes, attendu):
    from config.healthcheck import entetes

    assert entetes(hotes) == {"Host": attendu, "X-Forwarded-Proto": "https"}


@pytest.mark.django_db
def test_le_controle_de_sante_docker_passe_la_redirection_https_et_le_controle_d_hote(client, settings):
    # Production: only the public host is allowed and HTTP is redirected to HTTPS.
    from config.healthcheck import entetes

    settings.ALLOWED_HOSTS = ["cdom.example"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/sante/").status_code in (301, 400)
    reponse = client.get("/sante/", headers=entetes("cdom.example"))
    assert reponse.status_code == 200 and reponse.content == b"ok"
