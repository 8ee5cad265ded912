"""Moderation in the back-office (Accueil): publish, ask for a correction, refuse with the motif, through the
services; the author's own ad refused; the group without the permission refused."""

import pytest
from django.utils import timezone

from annonces.models import Annonce
from tests import factories
from tests.annonces.conftest import JOUR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)


def test_l_accueil_modere_depuis_la_page_de_l_annonce(client, auteur, moderateur):
    annonce = factories.AnnonceFactory(auteur=auteur, statut="soumise", publiee_le=None)
    client.force_login(moderateur)
    page = client.get(f"/admin/annonces/annonce/{annonce.pk}/change/")
    assert page.status_code == 200 and "Demander une correction" in page.content.decode()
    assert client.get("/admin/annonces/annonce/?a_moderer=oui").status_code == 200
    reponse = client.post(f"/admin/annonces/annonce/{annonce.pk}/refuser/", {"motif": ""})
    assert reponse.status_code == 200 and Annonce.objects.get().statut == "soumise"
    reponse = client.post(f"/admin/annonces/annonce/{annonce.pk}/demander-correction/", {"motif": "Dates ?"})
    assert reponse.status_code == 302
    assert (Annonce.objects.get().statut, Annonce.objects.get().motif) == ("correction_demandee", "Dates ?")
    # Nothing left to moderate: the page says why and sends back to the ad.
    reponse = client.get(f"/admin/annonces/annonce/{annonce.pk}/publier/")
    assert reponse.status_code == 302


def test_l_action_publie_les_annonces_selectionnees(client, auteur, moderateur):
    soumise = factories.AnnonceFactory(auteur=auteur, statut="soumise", publiee_le=None)
    brouillon = factories.AnnonceFactory(auteur=auteur, statut="brouillon", publiee_le=None)
    client.force_login(moderateur)
    reponse = client.post(
        "/admin/annonces/annonce/",
        {"action": "publier", "_selected_action": [soumise.pk, brouillon.pk]},
        follow=True,
    )
    contenu = reponse.content.decode()
    assert "1 annonce(s) publiée(s)" in contenu and "brouillon" in contenu
    assert dict(Annonce.objects.values_list("pk", "statut")) == {soumise.pk: "publiee", brouillon.pk: "brouillon"}


def test_un_autre_service_ne_modere_pas(client, auteur):
    annonce = factories.AnnonceFactory(auteur=auteur, statut="soumise", publiee_le=None)
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get(f"/admin/annonces/annonce/{annonce.pk}/publier/").status_code == 403
    assert client.post(f"/admin/annonces/annonce/{annonce.pk}/publier/").status_code == 403
    assert Annonce.objects.get().statut == "soumise"
