"""Who reads a file (issue 12 point 7; CONTRACT.md conciliation preamble): the service juridique, the président,
the members of the conciliation commission on the date; nobody else — the doctor concerned included — gets more
than 404 (the list is empty for them); every detail read, document download included, is logged."""

import datetime

import pytest

from commun.models import JournalAcces
from tests import factories

pytestmark = pytest.mark.django_db
J = datetime.date


@pytest.fixture
def dossier(db):
    return factories.PlainteFactory(medecin=factories.MedecinFactory(avec_compte=True))


def _lecture(api, user, plainte):
    api.force_authenticate(user)
    liste = api.get("/api/conciliation/plaintes/")
    detail = api.get(f"/api/conciliation/plaintes/{plainte.pk}/")
    return liste, detail


def _lecteurs(conseil):
    return {
        "service juridique": conseil.juridique,
        "président": conseil.president.medecin.user,
        "membre de la commission": conseil.conciliateurs[0].medecin.user,
        "superutilisateur": factories.UserFactory(is_staff=True, is_superuser=True),
    }


@pytest.mark.parametrize("qui", ["service juridique", "président", "membre de la commission", "superutilisateur"])
def test_les_lecteurs_voient_le_dossier_et_chaque_lecture_est_journalisee(api_client, conseil, au, dossier, qui):
    user = _lecteurs(conseil)[qui]
    liste, detail = _lecture(api_client, user, dossier)
    assert liste.status_code == 200 and [p["id"] for p in liste.json()["results"]] == [dossier.pk]
    assert detail.status_code == 200 and detail.json()["objet"] == dossier.objet
    (journal,) = JournalAcces.objects.all()
    assert (journal.utilisateur, journal.action, journal.objet_id) == (
        user,
        "conciliation.plainte_lire",
        str(dossier.pk),
    )


def _non_lecteurs(conseil, dossier):
    ancien = factories.MembreFactory(avec_compte=True)
    factories.SiegeCommissionFactory(
        commission=conseil.commission, membre=ancien, date_debut=J(2025, 7, 1), date_fin=J(2026, 2, 28)
    )
    lie = conseil.conciliateurs[1]
    factories.LienDeclareFactory(plainte=dossier, membre=lie)
    return {
        "médecin mis en cause": dossier.medecin.user,
        "autre médecin": factories.MedecinFactory(avec_compte=True).user,
        "membre hors de la commission": conseil.hors_commission.medecin.user,
        "ancien membre de la commission": ancien.medecin.user,
        "membre lié à une partie": lie.medecin.user,
        "personnel sans la permission": conseil.comptable,
        "personnel sans groupe": factories.StaffFactory(),
    }


@pytest.mark.parametrize(
    "qui",
    [
        "médecin mis en cause",
        "autre médecin",
        "membre hors de la commission",
        "ancien membre de la commission",
        "membre lié à une partie",
        "personnel sans la permission",
        "personnel sans groupe",
    ],
)
def test_les_autres_recoivent_404_et_une_liste_vide(api_client, conseil, au, dossier, qui):
    user = _non_lecteurs(conseil, dossier)[qui]
    liste, detail = _lecture(api_client, user, dossier)
    assert liste.status_code == 200 and liste.json()["count"] == 0
    assert detail.status_code == 404
    for action in ("requalifier", "classer", "conciliateurs", "liens", "reunions", "transmettre", "pieces"):
        assert api_client.post(f"/api/conciliation/plaintes/{dossier.pk}/{action}/", {}).status_code == 404
    assert not JournalAcces.objects.exists()


def test_le_president_mis_en_cause_ne_lit_pas_son_dossier(api_client, conseil, au):
    plainte = factories.PlainteFactory(medecin=conseil.president.medecin)
    liste, detail = _lecture(api_client, conseil.president.medecin.user, plainte)
    assert liste.json()["count"] == 0 and detail.status_code == 404


def test_un_medecin_plaignant_ne_lit_pas_le_dossier(api_client, conseil, au):
    plaignant = conseil.conciliateurs[2]
    plainte = factories.PlainteFactory(plaignant_qualite="medecin", plaignant_medecin=plaignant.medecin)
    liste, detail = _lecture(api_client, plaignant.medecin.user, plainte)
    assert liste.json()["count"] == 0 and detail.status_code == 404


def test_la_lecture_d_une_reunion_est_journalisee(api_client, conseil, au):
    reunion = factories.ReunionFactory()
    api_client.force_authenticate(conseil.juridique)
    assert api_client.get(f"/api/conciliation/reunions/{reunion.pk}/").status_code == 200
    assert JournalAcces.objects.get().objet_id == str(reunion.plainte_id)


def test_le_dossier_entier_rendu_apres_un_acte_est_une_lecture_journalisee(api_client, conseil, au):
    """requalifier/ answers with the whole file (its object, its parties): a read, logged like the detail."""
    doleance = factories.PlainteFactory(nature="doleance")
    api_client.force_authenticate(conseil.juridique)
    r = api_client.post(f"/api/conciliation/plaintes/{doleance.pk}/requalifier/")
    assert r.status_code == 200 and r.json()["objet"] == doleance.objet
    (journal,) = JournalAcces.objects.all()
    assert (journal.utilisateur, journal.action, journal.objet_id) == (
        conseil.juridique,
        "conciliation.plainte_lire",
        str(doleance.pk),
    )
