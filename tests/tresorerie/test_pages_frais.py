"""The expense claims' pages in the espace médecin (/espace/notes-frais/): file with a formset, errors beside the
field of their line, receipts, submission, the liquidateur's check; another member's claim answers 404."""

import pytest
from django.utils import timezone

from tests import factories
from tests.tresorerie.conftest import JOUR
from tresorerie.models import JustificatifFrais, NoteFrais, StatutNote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _le_jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)


def _connecter(client, user):
    client.force_login(user)
    return client


def _formset(*lignes, **note):
    donnees = {
        "objet": note.get("objet", "Séance plénière"),
        "vehicule_cv": note.get("vehicule_cv", ""),
        "lignes-TOTAL_FORMS": "4",
        "lignes-INITIAL_FORMS": "0",
        "lignes-MIN_NUM_FORMS": "0",
        "lignes-MAX_NUM_FORMS": "20",
    }
    for i, ligne in enumerate(lignes):
        for champ, valeur in ligne.items():
            donnees[f"lignes-{i}-{champ}"] = valeur
    return donnees


def test_le_membre_depose_une_note_avec_ses_lignes(client, chaine):
    _connecter(client, chaine.user("membre"))
    assert client.get("/espace/").status_code == 200
    assert "Mes notes de frais" in client.get("/espace/").content.decode()
    assert client.get("/espace/notes-frais/nouvelle/").status_code == 200
    r = client.post(
        "/espace/notes-frais/nouvelle/",
        _formset(
            {"type": "repas", "date": "2027-03-10", "montant": "28,50"},
            {"type": "km", "date": "2027-03-10", "km": "100"},
            vehicule_cv="5",
        ),
    )
    note = NoteFrais.objects.get()
    assert r.status_code == 302 and r.url == f"/espace/notes-frais/{note.pk}/"
    assert str(note.montant_rembourse) == "92.10"  # 28,50 + 100 × 0,636
    page = client.get(r.url).content.decode()
    assert "Joindre un justificatif" in page and "convocation" in page


def test_un_hotel_a_250_euros_est_signale_a_cote_du_montant_de_sa_ligne(client, chaine):
    _connecter(client, chaine.user("membre"))
    r = client.post(
        "/espace/notes-frais/nouvelle/",
        _formset(
            {"type": "repas", "date": "2027-03-10", "montant": "20"},
            {"type": "hotel", "date": "2027-03-09", "montant": "250"},
        ),
    )
    assert r.status_code == 400
    formset = r.context["formset"]
    assert "plafond de 200,00" in formset.forms[1].errors["montant"][0]
    assert not formset.forms[0].errors
    assert not NoteFrais.objects.exists()


def test_une_note_sans_ligne_est_refusee(client, chaine):
    _connecter(client, chaine.user("membre"))
    r = client.post("/espace/notes-frais/nouvelle/", _formset())
    assert r.status_code == 400 and "au moins une ligne" in r.content.decode()


def test_justificatif_soumission_verification(client, chaine):
    _connecter(client, chaine.user("membre"))
    client.post("/espace/notes-frais/nouvelle/", _formset({"type": "repas", "date": "2027-03-10", "montant": "20"}))
    note = NoteFrais.objects.get()
    url = f"/espace/notes-frais/{note.pk}/"
    r = client.post(url, {"action": "soumettre"})
    assert r.status_code == 400 and "joignez son justificatif" in r.content.decode()
    ligne = note.lignes.get()
    faux = factories.fichier_pdf("ticket.pdf", contenu=b"MZ" + b"\x00" * 40)
    r = client.post(url, {"action": "joindre", "ligne": ligne.pk, "fichier": faux})
    assert r.status_code == 400 and "d'après son contenu" in r.context["form"].errors["fichier"][0]
    r = client.post(url, {"action": "joindre", "ligne": ligne.pk, "fichier": factories.fichier_pdf("ticket.pdf")})
    assert r.status_code == 302 and JustificatifFrais.objects.count() == 1
    piece = JustificatifFrais.objects.get()
    assert client.get(f"/espace/notes-frais/justificatifs/{piece.pk}/").status_code == 200
    assert client.post(url, {"action": "soumettre"}).status_code == 302
    assert NoteFrais.objects.get().statut == StatutNote.SOUMISE
    assert client.get("/espace/notes-frais/a-verifier/").status_code == 403

    _connecter(client, chaine.user("liquidateur"))
    page = client.get("/espace/notes-frais/a-verifier/").content.decode()
    assert note.numero in page
    r = client.post(url, {"action": "renvoyer", "motif": ""})
    assert r.status_code == 400
    assert client.post(url, {"action": "verifier"}).status_code == 302
    assert NoteFrais.objects.get().statut == StatutNote.VERIFIEE


def test_la_note_d_un_autre_membre_repond_404(client, chaine):
    _connecter(client, chaine.user("membre"))
    client.post("/espace/notes-frais/nouvelle/", _formset({"type": "repas", "date": "2027-03-10", "montant": "20"}))
    note = NoteFrais.objects.get()
    _connecter(client, chaine.user("tresorier"))  # a chain member: may read it
    assert client.get(f"/espace/notes-frais/{note.pk}/").status_code == 200
    autre = factories.MembreFactory(avec_compte=True)
    _connecter(client, autre.medecin.user)
    assert client.get(f"/espace/notes-frais/{note.pk}/").status_code == 404
    assert client.post(f"/espace/notes-frais/{note.pk}/", {"action": "soumettre"}).status_code == 404
    assert NoteFrais.objects.get().statut == StatutNote.BROUILLON


def test_un_medecin_qui_n_est_pas_membre_du_conseil_ne_depose_pas(client, chaine):
    _connecter(client, factories.MedecinFactory(avec_compte=True).user)
    assert client.get("/espace/notes-frais/").status_code == 200
    assert client.get("/espace/notes-frais/nouvelle/").status_code == 403


def test_un_justificatif_ne_se_lit_que_par_son_auteur_et_ceux_qui_y_ont_droit(client, chaine):
    """A receipt is streamed only to the member, the chain's members and accounting; another councillor, another
    doctor or an anonymous visitor never gets it (404 for the first two, the login page for the last)."""
    _connecter(client, chaine.user("membre"))
    client.post("/espace/notes-frais/nouvelle/", _formset({"type": "repas", "date": "2027-03-10", "montant": "20"}))
    note = NoteFrais.objects.get()
    ligne = note.lignes.get()
    client.post(
        f"/espace/notes-frais/{note.pk}/",
        {"action": "joindre", "ligne": ligne.pk, "fichier": factories.fichier_pdf("ticket.pdf")},
    )
    url = f"/espace/notes-frais/justificatifs/{JustificatifFrais.objects.get().pk}/"
    assert client.get(url).status_code == 200
    _connecter(client, chaine.user("liquidateur"))
    assert client.get(url).status_code == 200
    _connecter(client, factories.MembreFactory(avec_compte=True).medecin.user)
    assert client.get(url).status_code == 404
    _connecter(client, factories.MedecinFactory(avec_compte=True).user)
    assert client.get(url).status_code in (403, 404)
    client.logout()
    assert client.get(url).status_code == 302
