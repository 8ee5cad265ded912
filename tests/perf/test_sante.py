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
