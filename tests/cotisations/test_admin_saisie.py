"""The treasurer's daily acts in the back-office (issue 10 points 2, 4 and 11): call a year's dues (and the
command doing the same), record a cheque, a transfer or cash against the reference printed on the call, cancel a
wrong entry with its reason asked; a first registration of the year gets its dues once recorded."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cotisations import services
from cotisations.models import Cotisation, Paiement
from tests import factories

pytestmark = pytest.mark.django_db
J = datetime.date


@pytest.fixture
def comptable(client):
    agent = factories.StaffFactory(groupe="comptabilite")
    client.force_login(agent)
    return agent


def test_appeler_une_annee_depuis_le_back_office_puis_de_nouveau_n_ajoute_rien(client, comptable):
    factories.BaremeFactory(annee=2026)
    medecins = factories.MedecinFactory.create_batch(3)
    page = client.get("/admin/cotisations/cotisation/")
    assert "Appeler les cotisations d'une année" in page.content.decode()
    reponse = client.post("/admin/cotisations/cotisation/appeler/", {"annee": 2026}, follow=True)
    assert "Cotisations 2026 : 3 appelée(s), 0 déjà appelée(s)." in reponse.content.decode()
    assert Cotisation.objects.filter(annee=2026, medecin__in=medecins).count() == 3
    encore = client.post("/admin/cotisations/cotisation/appeler/", {"annee": 2026}, follow=True)
    assert "0 appelée(s), 3 déjà appelée(s)" in encore.content.decode()


def test_appeler_une_annee_sans_bareme_dit_quoi_faire_et_n_ecrit_rien(client, comptable):
    factories.MedecinFactory()
    reponse = client.post("/admin/cotisations/cotisation/appeler/", {"annee": 2031})
    assert reponse.status_code == 200
    assert "Aucun barème n'est enregistré pour 2031" in " ".join(reponse.context["form"].errors["annee"])
    assert not Cotisation.objects.exists()


def test_le_service_du_tableau_n_appelle_pas_les_cotisations(client):
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get("/admin/cotisations/cotisation/appeler/").status_code == 403


def test_la_commande_appeler_cotisations(capsys):
    factories.BaremeFactory(annee=2026)
    factories.MedecinFactory()
    call_command("appeler_cotisations", "--annee", "2026")
    assert "Cotisations 2026 : 1 appelée(s), 0 déjà appelée(s)." in capsys.readouterr().out
    with pytest.raises(CommandError, match="Aucun barème"):
        call_command("appeler_cotisations", "--annee", "2031")


def test_un_cheque_s_enregistre_par_sa_reference_avec_son_recu(client, comptable, django_capture_on_commit_callbacks):
    cotisation = factories.CotisationFactory()
    page = client.get("/admin/cotisations/paiement/enregistrer/")
    assert page.status_code == 200 and 'value="cb"' not in page.content.decode()  # a card pays through its provider
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            "/admin/cotisations/paiement/enregistrer/",
            {
                "reference": cotisation.reference.lower(),
                "montant": "140.00",
                "mode": "cheque",
                "date": "2026-03-02",
                "transaction": "Chèque n° 0012345",
            },
            follow=True,
        )
    paiement = Paiement.objects.get()
    assert (paiement.cotisation, paiement.montant, paiement.mode, paiement.saisi_par) == (
        cotisation,
        D("140.00"),
        "cheque",
        comptable,
    )
    assert f"reçu n° {paiement.numero_recu}" in reponse.content.decode() and "reste à payer 200.00 €" in (
        reponse.content.decode()
    )


@pytest.mark.parametrize(
    ("champs", "champ_en_erreur", "mot"),
    [
        ({"reference": "RF00INCONNUE"}, "reference", "Aucune cotisation"),
        ({"montant": "340.01"}, "montant", "solde"),
        ({"montant": "-5"}, "montant", "0,01"),
        ({"mode": "cb"}, "mode", "Sélectionnez un choix valide"),
    ],
    ids=["reference-inconnue", "au-dela-du-solde", "negatif", "carte"],
)
def test_un_paiement_errone_est_refuse_a_cote_de_son_champ_sans_rien_ecrire(
    client, comptable, champs, champ_en_erreur, mot
):
    cotisation = factories.CotisationFactory()
    donnees = {"reference": cotisation.reference, "montant": "100.00", "mode": "virement", "date": "2026-03-02"}
    reponse = client.post("/admin/cotisations/paiement/enregistrer/", {**donnees, **champs})
    assert reponse.status_code == 200
    erreurs = reponse.context["form"].errors
    assert champ_en_erreur in erreurs or "__all__" in erreurs, erreurs
    assert mot in " ".join(str(e) for liste in erreurs.values() for e in liste), erreurs
    assert not Paiement.objects.exists()


def test_annuler_demande_le_motif_et_l_ecrit_sur_la_contre_passation(client, systeme):
    cotisation = factories.CotisationFactory()
    paiement = services.paiement_enregistrer(
        cotisation=cotisation, montant=D("340.00"), mode="cheque", date=J(2026, 3, 2), par=systeme
    )
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    action = client.post("/admin/cotisations/paiement/", {"action": "annuler", "_selected_action": [paiement.pk]})
    assert action.status_code == 302 and f"ids={paiement.pk}" in action["Location"]
    page = client.get(action["Location"])
    assert "Motif de l" in page.content.decode() and paiement.numero_recu in page.content.decode()
    sans_motif = client.post(action["Location"], {"motif": ""})
    assert sans_motif.status_code == 200 and not Paiement.objects.filter(annule=paiement).exists()
    client.post(action["Location"], {"motif": "Chèque revenu impayé"})
    contre = Paiement.objects.get(annule=paiement)
    assert contre.montant == D("-340.00") and contre.motif_annulation == "Chèque revenu impayé"


def test_une_premiere_inscription_de_l_annee_recoit_sa_cotisation_des_qu_elle_est_enregistree(
    systeme, django_capture_on_commit_callbacks
):
    from tableau.services import medecin_changer_statut

    factories.BaremeFactory(annee=2026, conseillers_retraites_taux_retraite=False)
    factories.MedecinFactory()
    services.cotisations_appeler(annee=2026, today=J(2026, 1, 5), par=systeme)
    nouveau = factories.MedecinFactory(statut="en_instruction", premiere_inscription=True, date_inscription=None)
    with django_capture_on_commit_callbacks(execute=True):
        medecin_changer_statut(medecin=nouveau, statut="inscrit", par=systeme, date=J(2026, 5, 10))
    cotisation = Cotisation.objects.get(annee=2026, medecin=nouveau)
    assert (cotisation.montant_du, cotisation.exoneration_motif, cotisation.exoneration_taux) == (
        D("170.00"),
        "premiere_inscription",
        50,
    )
    # A year not called yet calls nobody; beat's morning run catches up what a message missed, once.
    from config.celery import app
    from cotisations import tasks

    assert app.conf.beat_schedule["cotisations-appel-completer"]["task"] == "cotisations.appel_completer"
    assert tasks.appel_completer(annee=2027) == 0 and not Cotisation.objects.filter(annee=2027).exists()
    assert tasks.appel_completer(annee=2026) == 0
