"""Who reads a request (CONTRACT.md entraide; seed 002 L.II T.V): the deliberative members of the entraide
commission on the date, the référent when there is no commission, the entraide's staff; never the trésorier, even
seated; anybody else 404, and every attempt, granted or refused, logged with its address."""

import datetime

import pytest

from commun.models import JournalAcces
from entraide.selectors import est_lecteur
from tests import factories

from .conftest import DEBUT, FIN_SIEGE, JOUR

URL = "/api/entraide/demandes/"


def _lire(client, user, demande):
    client.force_authenticate(user)
    return client.get(f"{URL}{demande.pk}/", REMOTE_ADDR="192.0.2.17")


@pytest.mark.django_db
@pytest.mark.parametrize("qui", ["president", "sg", "delegue", "elu"])
def test_un_membre_a_voix_deliberative_lit_la_demande_et_sa_lecture_est_consignee(api_client, commission, demande, qui):
    user = getattr(commission, qui)
    reponse = _lire(api_client, user, demande)
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["situation"].startswith("Liquidation judiciaire")
    ligne = JournalAcces.objects.get()
    assert (ligne.utilisateur, ligne.action, ligne.objet_id, ligne.adresse, ligne.accorde) == (
        user,
        "entraide.demande_lire",
        str(demande.pk),
        "192.0.2.17",
        True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("qui", ["tresorier", "non_siegeant", "ancien"])
def test_le_tresorier_meme_siegeant_et_les_membres_sans_siege_recoivent_404_et_la_tentative_est_consignee(
    api_client, commission, demande, qui
):
    user = getattr(commission, qui)
    reponse = _lire(api_client, user, demande)
    assert reponse.status_code == 404
    assert "Liquidation" not in reponse.content.decode()
    ligne = JournalAcces.objects.get()
    assert (ligne.utilisateur, ligne.accorde, ligne.adresse) == (user, False, "192.0.2.17")


@pytest.mark.django_db
def test_le_tresorier_ne_lit_pas_meme_siegeant_et_liste_vide(api_client, commission, demande):
    api_client.force_authenticate(commission.tresorier)
    reponse = api_client.get(URL)
    assert reponse.status_code == 200 and reponse.json()["count"] == 0


@pytest.mark.django_db
def test_un_autre_medecin_recoit_404_et_sa_tentative_est_consignee(api_client, demande):
    autre = factories.MedecinFactory(avec_compte=True).user
    assert _lire(api_client, autre, demande).status_code == 404
    assert JournalAcces.objects.filter(utilisateur=autre, accorde=False).count() == 1
    api_client.force_authenticate(autre)
    assert api_client.get(URL).json()["count"] == 0


@pytest.mark.django_db
def test_le_demandeur_ne_voit_que_le_statut_et_les_dates_de_sa_demande(api_client, demande, demandeur):
    api_client.force_authenticate(demandeur.user)
    detail = api_client.get(f"{URL}{demande.pk}/").json()
    assert detail == {"id": demande.pk, "statut": "deposee", "date_depot": "2026-03-02", "statut_le": "2026-03-02"}
    liste = api_client.get(URL).json()
    assert liste["results"] == [detail]
    assert not JournalAcces.objects.exists()


@pytest.mark.django_db
def test_un_siege_termine_ne_lit_plus_mais_lisait_a_son_epoque(commission):
    assert est_lecteur(user=commission.ancien, date=FIN_SIEGE)
    assert not est_lecteur(user=commission.ancien, date=FIN_SIEGE + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_le_referent_lit_quand_il_n_y_a_pas_de_commission_et_plus_quand_elle_existe(api_client, demande):
    referent = factories.MembreFactory(avec_compte=True)
    factories.ReferentEntraideFactory(membre=referent, date_debut=DEBUT)
    user = referent.medecin.user
    assert est_lecteur(user=user, date=JOUR)
    assert _lire(api_client, user, demande).status_code == 200
    factories.CommissionFactory(nature="entraide", date_debut=DEBUT)
    assert not est_lecteur(user=user, date=JOUR)
    assert _lire(api_client, user, demande).status_code == 404
    assert list(JournalAcces.objects.order_by("id").values_list("accorde", flat=True)) == [True, False]


@pytest.mark.django_db
def test_le_personnel_de_l_entraide_lit_celui_d_un_autre_service_est_refuse(
    api_client, demande, staff_entraide, staff_juridique
):
    """CONTRACT.md entraide: « anybody else gets 404 », staff of another service included (an empty list)."""
    assert _lire(api_client, staff_entraide, demande).status_code == 200
    assert _lire(api_client, staff_juridique, demande).status_code == 404
    api_client.force_authenticate(staff_juridique)
    reponse = api_client.get(URL)
    assert reponse.status_code == 200 and reponse.json()["count"] == 0
    assert list(JournalAcces.objects.order_by("id").values_list("utilisateur", "accorde")) == [
        (staff_entraide.pk, True),
        (staff_juridique.pk, False),
    ]


@pytest.mark.django_db
def test_la_liste_d_un_lecteur_consigne_chaque_demande_lue(api_client, commission, demande):
    factories.DemandeEntraideFactory()
    api_client.force_authenticate(commission.delegue)
    reponse = api_client.get(URL, REMOTE_ADDR="198.51.100.4")
    assert reponse.json()["count"] == 2
    assert JournalAcces.objects.filter(utilisateur=commission.delegue, adresse="198.51.100.4").count() == 2


@pytest.mark.django_db
def test_le_journal_des_acces_est_lu_par_les_lecteurs_seulement(api_client, commission, demande, demandeur):
    _lire(api_client, commission.elu, demande)
    _lire(api_client, commission.tresorier, demande)
    api_client.force_authenticate(commission.delegue)
    journal = api_client.get(f"{URL}{demande.pk}/acces/").json()
    assert [set(ligne) >= {"utilisateur", "date", "action"} for ligne in journal] == [True, True]
    assert journal[0]["action"].startswith("tentative refusée") and journal[0]["accorde"] is False
    assert journal[1]["action"] == "consulter une demande d'entraide"
    for qui in (commission.tresorier, demandeur.user):
        api_client.force_authenticate(qui)
        assert api_client.get(f"{URL}{demande.pk}/acces/").status_code == 404
