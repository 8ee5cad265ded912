"""Filing a request (CONTRACT.md entraide; seed 002 L.II T.V 2): a doctor for himself whatever the body says, staff
and the commission's deliberative members for a doctor on the tableau now or formerly, or his ayants droit; the
questionnaire checked against its questions; a refusal writes nothing. Then its instruction by a reader."""

import pytest

from commun.models import JournalAcces
from entraide.models import Demande
from tests import factories

URL = "/api/entraide/demandes/"
CORPS = {
    "natures": ["financiere", "procedure_collective"],
    "situation": "Redressement judiciaire ouvert le 12 janvier 2026 ; loyers du cabinet impayés.",
    "questionnaire": {
        "situation_familiale": "marie_pacse",
        "enfants_a_charge": "2",
        "revenus_mensuels": "1850.00",
        "dettes_montant": "23456.00",
        "creanciers": "URSSAF 23 456 €",
        "procedure": "redressement",
        "procedure_date": "2026-01-12",
        "aide_demandee": "Une aide ponctuelle pour le loyer du cabinet",
    },
}


@pytest.mark.django_db
def test_un_medecin_depose_pour_lui_meme_quoi_que_dise_la_requete(api_client, demandeur):
    autre = factories.MedecinFactory()
    api_client.force_authenticate(demandeur.user)
    reponse = api_client.post(URL, {**CORPS, "medecin": autre.pk}, format="json")
    assert reponse.status_code == 201, reponse.content
    assert set(reponse.json()) == {"id", "statut", "date_depot", "statut_le"}
    demande = Demande.objects.get()
    assert demande.medecin == demandeur and demande.statut == "deposee"
    assert demande.questionnaire["revenus_mensuels"] == "1850.00"
    assert demande.questionnaire["enfants_a_charge"] == "2"


@pytest.mark.django_db
def test_le_personnel_depose_pour_un_ayant_droit_nomme(api_client, staff_entraide):
    radie = factories.MedecinFactory(statut="decede")
    api_client.force_authenticate(staff_entraide)
    sans_nom = api_client.post(URL, {**CORPS, "medecin": radie.pk, "beneficiaire": "ayant_droit"}, format="json")
    assert sans_nom.status_code == 400 and "beneficiaire_nom" in sans_nom.json()
    assert not Demande.objects.exists()
    reponse = api_client.post(
        URL,
        {**CORPS, "medecin": radie.pk, "beneficiaire": "ayant_droit", "beneficiaire_nom": "Claire Martin"},
        format="json",
    )
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["beneficiaire_nom"] == "Claire Martin" and reponse.json()["medecin"] == radie.pk


@pytest.mark.django_db
def test_un_membre_de_la_commission_depose_pour_un_confrere(api_client, commission):
    confrere = factories.MedecinFactory()
    api_client.force_authenticate(commission.delegue)
    reponse = api_client.post(URL, {**CORPS, "medecin": confrere.pk}, format="json")
    assert reponse.status_code == 201
    assert Demande.objects.get().medecin == confrere


@pytest.mark.django_db
def test_un_medecin_jamais_inscrit_au_tableau_est_refuse(api_client, staff_entraide):
    candidat = factories.MedecinFactory(statut="demande")
    api_client.force_authenticate(staff_entraide)
    reponse = api_client.post(URL, {**CORPS, "medecin": candidat.pk}, format="json")
    assert reponse.status_code == 400 and "medecin" in reponse.json()
    assert not Demande.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "champ,valeur",
    [
        ("natures", []),
        ("natures", ["fiscale"]),
        ("situation", "   "),
        ("questionnaire", {"revenus_mensuels": "beaucoup"}),
        ("questionnaire", {"question_inventee": "oui"}),
        ("questionnaire", {"procedure": "faillite"}),
        ("date_depot", "2099-01-01"),
    ],
)
def test_une_saisie_fautive_est_refusee_en_francais_sans_rien_ecrire(api_client, demandeur, champ, valeur):
    api_client.force_authenticate(demandeur.user)
    reponse = api_client.post(URL, {**CORPS, champ: valeur}, format="json")
    assert reponse.status_code == 400
    assert champ in reponse.json(), reponse.json()
    assert not Demande.objects.exists()


@pytest.mark.django_db
def test_le_personnel_d_un_autre_service_ne_depose_pas(api_client, staff_juridique):
    api_client.force_authenticate(staff_juridique)
    reponse = api_client.post(URL, {**CORPS, "medecin": factories.MedecinFactory().pk}, format="json")
    assert reponse.status_code == 403 and not Demande.objects.exists()


@pytest.mark.django_db
def test_l_instruction_par_un_lecteur_met_en_instruction_et_chiffre_les_notes(api_client, commission, demande):
    api_client.force_authenticate(commission.delegue)
    reponse = api_client.post(f"{URL}{demande.pk}/instruire/", {"notes_commission": "Visite le 10 mars."})
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["statut"] == "en_instruction"
    demande.refresh_from_db()
    assert demande.notes_commission == "Visite le 10 mars." and demande.statut == "en_instruction"
    assert JournalAcces.objects.filter(utilisateur=commission.delegue, accorde=True).exists()


@pytest.mark.django_db
def test_le_tresorier_n_instruit_pas(api_client, commission, demande):
    api_client.force_authenticate(commission.tresorier)
    reponse = api_client.post(f"{URL}{demande.pk}/instruire/", {"notes_commission": "Rien"})
    assert reponse.status_code == 404
    demande.refresh_from_db()
    assert demande.notes_commission == "" and demande.statut == "deposee"


@pytest.mark.django_db
def test_une_demande_close_ne_s_instruit_plus(api_client, commission, demandeur):
    close = factories.DemandeEntraideFactory(medecin=demandeur, statut="close")
    api_client.force_authenticate(commission.delegue)
    reponse = api_client.post(f"{URL}{close.pk}/instruire/", {"notes_commission": "Rouvrir ?"})
    assert reponse.status_code == 400 and "close" in str(reponse.json())


@pytest.mark.django_db
def test_un_membre_de_la_commission_qui_ne_nomme_personne_depose_pour_lui_meme(api_client, commission):
    api_client.force_authenticate(commission.elu)
    reponse = api_client.post(URL, CORPS, format="json")
    assert reponse.status_code == 201, reponse.content
    assert Demande.objects.get().medecin == commission.elu.medecin
