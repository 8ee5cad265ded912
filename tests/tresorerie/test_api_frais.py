"""The expense claims' API (CONTRACT.md tresorerie: POST /api/tresorerie/notes-frais/, …/justificatifs/,
…/soumettre/): 201 with the amounts, caps line by line; 400 in French with nothing written; a member sees his own."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from tests.tresorerie.conftest import JOUR
from tresorerie.models import JustificatifFrais, NoteFrais, StatutNote

URL = "/api/tresorerie/notes-frais/"


@pytest.fixture(autouse=True)
def _le_jour(monkeypatch):
    """The API works on the real date (timezone.localdate()); the tests on 15 March 2027."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)


def _client(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def _resultats(reponse):
    corps = reponse.json()
    return corps["results"] if isinstance(corps, dict) else corps


def _poster(api_client, chaine, lignes, user=None, **extra):
    client = _client(api_client, user or chaine.user("membre"))
    return client.post(URL, {"membre": chaine.membre.pk, "lignes": lignes, **extra}, format="json")


def test_deposer_une_note_repond_201_avec_les_montants(api_client, chaine):
    r = _poster(
        api_client,
        chaine,
        [
            {"type": "hotel", "date": "2027-03-09", "montant": "180.00"},
            {"type": "repas", "date": "2027-03-10", "montant": "30.00"},
            {"type": "km", "date": "2027-03-10", "km": 100},
        ],
        vehicule_cv=5,
    )
    assert r.status_code == 201, r.json()
    corps = r.json()
    assert corps["statut"] == "brouillon" and corps["id"] == NoteFrais.objects.get().pk
    assert corps["montant_demande"] == "273.60" and corps["montant_rembourse"] == "273.60"  # 100 × 0,636 = 63,60


def test_les_plafonds_s_appliquent_ligne_a_ligne_dans_montant_rembourse(api_client, chaine):
    factories.LieuExerciceFactory(medecin=chaine.membre.medecin, principal=True, code_postal="33000")
    r = _poster(
        api_client,
        chaine,
        [{"type": "km", "date": "2027-03-10", "km": 120}, {"type": "repas", "date": "2027-03-10", "montant": "35.00"}],
        vehicule_cv=6,
    )
    assert r.status_code == 201, r.json()
    # 120 km asked (79,80 €), 80 km paid from the seat (53,20 €), plus the meal at its cap.
    assert (r.json()["montant_demande"], r.json()["montant_rembourse"]) == ("114.80", "88.20")
    assert [ligne["km_retenus"] for ligne in r.json()["lignes"]] == [80, None]


def test_un_hotel_a_250_euros_repond_400_en_francais_et_rien_n_est_ecrit(api_client, chaine):
    r = _poster(api_client, chaine, [{"type": "hotel", "date": "2027-03-09", "montant": "250.00"}])
    assert r.status_code == 400
    assert "plafond de 200,00" in r.json()["lignes"][0]
    assert not NoteFrais.objects.exists()


@pytest.mark.parametrize(
    "ligne",
    [
        {"type": "repas", "date": "2027-03-10", "montant": 35.5},
        {"type": "repas", "date": "2027-03-10", "montant": "-12.00"},
        {"type": "petit_dejeuner", "date": "2027-03-10", "montant": "16.00"},
        {"type": "taxi", "date": "2027-03-10", "montant": "16.00"},
        {"type": "repas", "montant": "16.00"},
    ],
    ids=["flottant", "negatif", "petit-dejeuner-au-dela", "nature-inconnue", "sans-date"],
)
def test_une_mauvaise_ligne_repond_400_et_rien_n_est_ecrit(api_client, chaine, ligne):
    r = _poster(api_client, chaine, [ligne])
    assert r.status_code == 400 and "lignes" in r.json()
    assert not NoteFrais.objects.exists()


def test_un_petit_dejeuner_apres_une_nuit_d_hotel_repond_400(api_client, chaine):
    r = _poster(
        api_client,
        chaine,
        [
            {"type": "hotel", "date": "2027-03-09", "montant": "150.00"},
            {"type": "petit_dejeuner", "date": "2027-03-10", "montant": "12.00"},
        ],
    )
    assert r.status_code == 400 and "nuit d'hôtel" in r.json()["lignes"][0]
    assert not NoteFrais.objects.exists()


def test_justificatifs_puis_soumission(api_client, chaine):
    r = _poster(api_client, chaine, [{"type": "repas", "date": "2027-03-10", "montant": "30.00"}])
    note = r.json()
    url = f"{URL}{note['id']}/"
    r = api_client.post(f"{url}soumettre/")
    assert r.status_code == 400 and "justificatif" in r.json()["justificatifs"][0]
    ligne = note["lignes"][0]["id"]
    faux = factories.fichier_pdf("ticket.pdf", contenu=b"GIF89a" + b"\x00" * 50)
    r = api_client.post(f"{url}justificatifs/", {"fichier": faux, "ligne": ligne}, format="multipart")
    assert r.status_code == 400 and "d'après son contenu" in r.json()["fichier"][0]
    assert not JustificatifFrais.objects.exists()
    r = api_client.post(
        f"{url}justificatifs/", {"fichier": factories.fichier_pdf("ticket.pdf"), "ligne": ligne}, format="multipart"
    )
    assert r.status_code == 201 and r.json()["nom"] == "ticket.pdf"
    r = api_client.post(f"{url}soumettre/")
    assert r.status_code == 200 and r.json()["statut"] == StatutNote.SOUMISE


def test_un_membre_ne_voit_que_ses_notes_le_liquidateur_toutes(api_client, chaine):
    _poster(api_client, chaine, [{"type": "repas", "date": "2027-03-10", "montant": "30.00"}])
    note = NoteFrais.objects.get()
    client = _client(api_client, chaine.user("president"))
    client.post(URL, {"lignes": [{"type": "repas", "date": "2027-03-10", "montant": "20.00"}]}, format="json")
    autre = factories.MembreFactory(avec_compte=True)
    client = _client(api_client, autre.medecin.user)
    assert _resultats(client.get(URL)) == []
    assert client.get(f"{URL}{note.pk}/").status_code == 404
    assert client.post(f"{URL}{note.pk}/soumettre/").status_code == 404
    client = _client(api_client, chaine.user("liquidateur"))
    assert len(_resultats(client.get(URL))) == 2


def test_un_medecin_qui_depose_pour_un_autre_membre_depose_pour_lui(api_client, chaine):
    client = _client(api_client, chaine.user("membre"))
    r = client.post(
        URL,
        {"membre": chaine.tresorier.pk, "lignes": [{"type": "repas", "date": "2027-03-10", "montant": "20.00"}]},
        format="json",
    )
    assert r.status_code == 201 and r.json()["membre"] == chaine.membre.pk


def test_la_chaine_par_l_api(api_client, chaine, budget):
    r = _poster(api_client, chaine, [{"type": "repas", "date": "2027-03-10", "montant": "30.00"}])
    url = f"{URL}{r.json()['id']}/"
    api_client.post(
        f"{url}justificatifs/",
        {"fichier": factories.fichier_pdf("ticket.pdf"), "ligne": r.json()["lignes"][0]["id"]},
        format="multipart",
    )
    assert api_client.post(f"{url}soumettre/").status_code == 200
    assert api_client.post(f"{url}verifier/").status_code == 403  # the member himself
    client = _client(api_client, chaine.user("liquidateur"))
    assert client.post(f"{url}verifier/").json()["statut"] == "verifiee"
    client = _client(api_client, chaine.user("ordonnateur"))
    corps = client.post(f"{url}engager/").json()
    assert corps["statut"] == "engagee" and corps["engagement"]
    client = _client(api_client, chaine.user("liquidateur"))
    assert client.post(f"{url}liquider/").json()["statut"] == "liquidee"
    client = _client(api_client, chaine.user("ordonnateur"))
    assert client.post(f"{url}ordonnancer/").json()["statut"] == "ordonnancee"
    client = _client(api_client, chaine.user("tresorier"))
    r = client.post(f"{url}payer/", {"mode": "virement", "date": "2027-03-15"}, format="json")
    assert r.json()["statut"] == "payee"
    assert NoteFrais.objects.get().engagement.montant_liquide == Decimal("30.00")
