"""The espace médecin's dues pages (issue 10 point 10): each year's dues of the logged-in doctor, with the
exemption and its reason, the postage claimed, the balance and the reminders received; the call and the receipts
as PDF; the company's dues for its gérant only; someone else's dues answer 404, whatever the id."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from cotisations import services
from cotisations.fournisseurs import CONFIRME
from cotisations.models import Paiement, PaiementCarte, Relance
from tests import factories

pytestmark = pytest.mark.django_db
FEVRIER = datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def _pdf_factice(monkeypatch):
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")


@pytest.fixture
def medecin(db):
    return factories.MedecinFactory(avec_compte=True)


@pytest.fixture
def connecte(client, medecin):
    client.force_login(medecin.user)
    return client


@pytest.fixture
def societe(medecin):
    return factories.SocieteFactory(raison_sociale="SELARL du Périgord", gerant=medecin, email="selarl@exemple.fr")


def _cotisation_societe(societe, annee=2026):
    return factories.CotisationFactory(
        medecin=None,
        societe=societe,
        annee=annee,
        categorie="societe",
        montant_bareme=D("300.00"),
        montant_du=D("300.00"),
        reference=services.reference_societe(annee, societe.pk),
    )


def test_chaque_annee_montre_le_montant_l_exoneration_les_frais_le_solde_et_les_relances(connecte, medecin, systeme):
    avant = factories.CotisationFactory(
        medecin=medecin,
        annee=2025,
        montant_du=D("170.00"),
        exoneration_motif="premiere_inscription",
        exoneration_taux=50,
        frais=D("7.00"),
    )
    Relance.objects.create(cotisation=avant, etape="rappel", date=datetime.date(2025, 4, 15))
    Relance.objects.create(cotisation=avant, etape="lrar1", date=datetime.date(2025, 6, 1), frais=D("7.00"))
    courante = factories.CotisationFactory(medecin=medecin, annee=2026)
    paiement = services.paiement_enregistrer(
        cotisation=courante, montant=D("40.00"), mode="cheque", date=FEVRIER, par=systeme
    )
    factories.CotisationFactory(annee=2026)  # another doctor's

    page = connecte.get(reverse("cotisations_espace:liste")).content.decode()
    assert page.index("Cotisation 2026") < page.index("Cotisation 2025")
    assert "50 % : Première inscription au tableau (50 %)" in page
    assert "177,00" in page  # 170 + 7 of postage, nothing paid
    assert "Rappel par lettre simple (15 avril)" in page and "15 avril 2025" in page
    assert "Lettre recommandée avec accusé de réception (1er juin)" in page and "1er juin 2025" in page
    assert "300,00" in page  # 340 − 40
    assert f"Reçu n° {paiement.numero_recu} (PDF)" in page
    assert "annulé" not in page
    assert reverse("cotisations_espace:recu", args=[paiement.pk]) in page
    assert reverse("cotisations_espace:appel", args=[courante.pk]) in page
    assert page.count("Payer la cotisation") == 2
    assert 'aria-current="page">Mes cotisations' in page


def test_une_cotisation_soldee_ou_exoneree_n_offre_pas_la_carte(connecte, medecin, systeme):
    soldee = factories.CotisationFactory(medecin=medecin, annee=2025)
    services.paiement_enregistrer(cotisation=soldee, montant=D("340.00"), mode="cheque", date=FEVRIER, par=systeme)
    factories.CotisationFactory(medecin=medecin, annee=2026, montant_du=D("0.00"), statut="exoneree")
    page = connecte.get(reverse("cotisations_espace:liste")).content.decode()
    assert "Payer la cotisation" not in page
    assert connecte.get(reverse("cotisations_espace:payer", args=[soldee.pk])).status_code == 200
    assert (
        "il n'y a rien à payer" in connecte.get(reverse("cotisations_espace:payer", args=[soldee.pk])).content.decode()
    )


def test_un_paiement_annule_garde_son_recu_marque_annule(connecte, medecin, systeme):
    cotisation = factories.CotisationFactory(medecin=medecin)
    paiement = services.paiement_enregistrer(
        cotisation=cotisation, montant=D("40.00"), mode="cheque", date=FEVRIER, par=systeme
    )
    services.paiement_annuler(paiement=paiement, motif="Chèque sans provision", par=systeme, today=FEVRIER)
    page = connecte.get(reverse("cotisations_espace:liste")).content.decode()
    assert "– annulé" in page and page.count("Reçu n°") == 1


def test_l_appel_et_les_recus_se_telechargent_en_pdf(connecte, medecin, systeme):
    cotisation = factories.CotisationFactory(medecin=medecin)
    paiement = services.paiement_enregistrer(
        cotisation=cotisation, montant=D("40.00"), mode="virement", date=FEVRIER, par=systeme
    )
    appel = connecte.get(reverse("cotisations_espace:appel", args=[cotisation.pk]))
    assert appel["Content-Type"] == "application/pdf" and appel.content.startswith(b"%PDF")
    assert f'filename="appel-cotisation-2026-{cotisation.reference}.pdf"' in appel["Content-Disposition"]
    recu = connecte.get(reverse("cotisations_espace:recu", args=[paiement.pk]))
    assert recu["Content-Type"] == "application/pdf"
    assert f'filename="recu-{paiement.numero_recu}.pdf"' in recu["Content-Disposition"]


def test_le_gerant_voit_et_paie_la_cotisation_de_sa_societe(connecte, societe, django_capture_on_commit_callbacks):
    from django.core import mail

    cotisation = _cotisation_societe(societe)
    page = connecte.get(reverse("cotisations_espace:liste")).content.decode()
    assert "Cotisation 2026 de la société SELARL du Périgord" in page
    reponse = connecte.post(reverse("cotisations_espace:payer", args=[cotisation.pk]), {"montant": "300"})
    with django_capture_on_commit_callbacks(execute=True):
        connecte.post(reponse.url, {"issue": CONFIRME})
    paiement = Paiement.objects.get()
    assert (paiement.cotisation, paiement.mode, paiement.montant) == (cotisation, "cb", D("300.00"))
    assert mail.outbox[0].to == ["selarl@exemple.fr"]
    assert connecte.get(reverse("cotisations_espace:recu", args=[paiement.pk])).status_code == 200


def test_un_associe_qui_n_est_pas_gerant_ne_voit_pas_la_cotisation_de_la_societe(client, societe):
    associe = factories.MedecinFactory(avec_compte=True)
    societe.associes.add(associe)
    cotisation = _cotisation_societe(societe)
    client.force_login(associe.user)
    assert "SELARL" not in client.get(reverse("cotisations_espace:liste")).content.decode()
    assert client.get(reverse("cotisations_espace:payer", args=[cotisation.pk])).status_code == 404


def test_la_cotisation_d_un_autre_medecin_repond_404_sans_rien_ecrire(client, systeme):
    proprietaire = factories.MedecinFactory(avec_compte=True)
    cotisation = factories.CotisationFactory(medecin=proprietaire)
    paiement = services.paiement_enregistrer(
        cotisation=cotisation, montant=D("40.00"), mode="cheque", date=FEVRIER, par=systeme
    )
    carte = factories.PaiementCarteFactory(cotisation=cotisation)
    intrus = factories.MedecinFactory(avec_compte=True)
    client.force_login(intrus.user)
    for url in (
        reverse("cotisations_espace:appel", args=[cotisation.pk]),
        reverse("cotisations_espace:payer", args=[cotisation.pk]),
        reverse("cotisations_espace:recu", args=[paiement.pk]),
        reverse("cotisations_espace:carte", args=[carte.pk]),
        reverse("cotisations_espace:carte_retour", args=[carte.pk]),
        reverse("cotisations_espace:payer", args=[999999]),
    ):
        assert client.get(url).status_code == 404, url
    avant = (Paiement.objects.count(), PaiementCarte.objects.count(), PaiementCarte.history.count())
    assert client.post(reverse("cotisations_espace:payer", args=[cotisation.pk]), {"montant": "10"}).status_code == 404
    assert client.post(reverse("cotisations_espace:carte", args=[carte.pk]), {"issue": CONFIRME}).status_code == 404
    assert (Paiement.objects.count(), PaiementCarte.objects.count(), PaiementCarte.history.count()) == avant
    assert cotisation.reference not in client.get(reverse("cotisations_espace:liste")).content.decode()


def test_l_espace_des_cotisations_demande_une_connexion_de_medecin(client):
    reponse = client.get(reverse("cotisations_espace:liste"))
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("espace:connexion"))
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    assert client.get(reverse("cotisations_espace:liste")).status_code == 403


def test_la_navigation_de_l_espace_mene_aux_cotisations(connecte):
    assert reverse("cotisations_espace:liste") in connecte.get(reverse("espace:accueil")).content.decode()
