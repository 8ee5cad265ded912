"""The monthly transfer to the CNOM (issue 10 point 6): the statement of a month (payments dated in it less the
counter-entries dated in it, by category, postage apart), the pain.001 file read back with lxml, once per month."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import etree

from cotisations import selectors, services
from cotisations.models import CompteBancaire, VersementCNOM
from tests import factories

J = datetime.date
pytestmark = pytest.mark.django_db
MARS = J(2026, 3, 1)
AUJOURDHUI = J(2026, 4, 2)
IBAN_CONSEIL, BIC_CONSEIL = "FR7630006000011234567890189", "AGRIFRPP882"
IBAN_CNOM, BIC_CNOM = "DE89370400440532013000", "COBADEFFXXX"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture
def comptable(db):
    return factories.StaffFactory(groupe="comptabilite")


def _payer(cotisation, montant, date, par, mode="cheque"):
    return services.paiement_enregistrer(cotisation=cotisation, montant=D(montant), mode=mode, date=date, par=par)


@pytest.fixture
def mars(systeme):
    """March 2026: 340 full dues; a full-rate payment of February (200) cancelled in March; a retired doctor who
    paid 50 in February and 57 in March on 100 of dues and 7 of postage; a company paid 300, cancelled, paid again;
    payments outside the month."""
    plein = factories.CotisationFactory()
    _payer(plein, "340.00", J(2026, 3, 5), systeme, mode="virement")
    annule = factories.CotisationFactory()
    fevrier = _payer(annule, "200.00", J(2026, 2, 10), systeme)
    services.paiement_annuler(paiement=fevrier, motif="Chèque impayé", par=systeme, today=J(2026, 3, 15))
    retraite = factories.CotisationFactory(
        categorie="retraite", montant_bareme=D("100.00"), montant_du=D("100.00"), frais=D("7.00")
    )
    _payer(retraite, "50.00", J(2026, 2, 20), systeme)
    _payer(retraite, "57.00", J(2026, 3, 31), systeme)
    societe = factories.SocieteFactory()
    dues_societe = factories.CotisationFactory(
        medecin=None,
        societe=societe,
        categorie="societe",
        montant_bareme=D("300.00"),
        montant_du=D("300.00"),
        reference=services.reference_societe(2026, societe.pk),
    )
    erreur = _payer(dues_societe, "300.00", J(2026, 3, 20), systeme)
    services.paiement_annuler(paiement=erreur, motif="Saisie en double", par=systeme, today=J(2026, 3, 25))
    _payer(dues_societe, "300.00", J(2026, 3, 26), systeme)
    _payer(factories.CotisationFactory(), "340.00", J(2026, 4, 1), systeme)
    _payer(factories.CotisationFactory(), "340.00", J(2026, 2, 28), systeme)


def test_l_etat_du_mois_est_exact(mars):
    etat = selectors.etat_mensuel(J(2026, 3, 17))
    assert etat["categories"] == {"plein": D("140.00"), "retraite": D("50.00"), "societe": D("300.00")}
    assert (etat["total_cotisations"], etat["frais"], etat["total_encaisse"]) == (D("490.00"), D("7.00"), D("497.00"))
    assert (etat["encaisse"], etat["contre_passe"]) == (D("997.00"), D("-500.00"))
    assert (etat["nombre_paiements"], etat["nombre_contre_passations"]) == (4, 2)
    assert (etat["debut"], etat["fin"]) == (MARS, J(2026, 3, 31))


def test_un_mois_sans_encaissement_est_a_zero(db):
    etat = selectors.etat_mensuel(J(2026, 2, 1))
    assert etat["total_encaisse"] == D("0.00") and etat["categories"]["plein"] == D("0.00")


def _comptes_reels(par):
    services.compte_enregistrer(
        role="conseil",
        donnees={"titulaire": "CDOM de la Dordogne", "iban": IBAN_CONSEIL, "bic": BIC_CONSEIL, "a_completer": False},
        par=par,
        today=AUJOURDHUI,
    )
    services.compte_enregistrer(
        role="cnom",
        donnees={"titulaire": "Conseil national de l'Ordre", "iban": IBAN_CNOM, "bic": BIC_CNOM, "a_completer": False},
        par=par,
        today=AUJOURDHUI,
    )


def test_les_comptes_de_demonstration_bloquent_le_virement(mars, comptable):
    assert CompteBancaire.objects.filter(a_completer=True).count() == 2  # migration 0005
    with pytest.raises(ValidationError) as erreur:
        services.versement_generer(mois=MARS, par=comptable, today=AUJOURDHUI)
    assert "à compléter" in str(erreur.value)
    assert not VersementCNOM.objects.exists()


@pytest.mark.parametrize(
    "donnees",
    [{"iban": "FR7630006000011234567890188"}, {"iban": "FR76"}, {"bic": "AGRI"}, {"bic": "1234FRPP"}],
)
def test_un_iban_ou_un_bic_faux_est_refuse(comptable, donnees):
    avant = CompteBancaire.objects.get(role="cnom")
    with pytest.raises(ValidationError):
        services.compte_enregistrer(role="cnom", donnees=donnees, par=comptable, today=AUJOURDHUI)
    apres = CompteBancaire.objects.get(role="cnom")
    assert (apres.iban, apres.bic) == (avant.iban, avant.bic)


def test_le_fichier_pain001_porte_le_montant_les_iban_et_la_somme_de_controle(mars, comptable):
    _comptes_reels(comptable)
    versement = services.versement_generer(mois=J(2026, 3, 9), par=comptable, today=AUJOURDHUI)
    assert (versement.mois, versement.montant, versement.genere_par) == (MARS, D("490.00"), comptable)
    racine = etree.fromstring(versement.fichier.encode())
    assert racine.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "490.00"
    assert racine.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "1"
    pmt = racine.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert pmt.findtext("p:CtrlSum", namespaces=NS) == "490.00"
    assert pmt.findtext("p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == IBAN_CONSEIL
    assert pmt.findtext("p:DbtrAgt/p:FinInstnId/p:BIC", namespaces=NS) == BIC_CONSEIL
    tx = pmt.find("p:CdtTrfTxInf", NS)
    montant = tx.find("p:Amt/p:InstdAmt", NS)
    assert (montant.text, montant.get("Ccy")) == ("490.00", "EUR")
    assert tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == IBAN_CNOM
    assert tx.findtext("p:CdtrAgt/p:FinInstnId/p:BIC", namespaces=NS) == BIC_CNOM
    assert "03/2026" in tx.findtext("p:RmtInf/p:Ustrd", namespaces=NS)
    assert versement.detail["frais"] == "7.00"


def test_un_mois_n_est_verse_qu_une_fois_sauf_annulation(mars, comptable):
    _comptes_reels(comptable)
    premier = services.versement_generer(mois=MARS, par=comptable, today=AUJOURDHUI)
    with pytest.raises(ValidationError):
        services.versement_generer(mois=J(2026, 3, 31), par=comptable, today=AUJOURDHUI)
    assert VersementCNOM.objects.count() == 1
    with pytest.raises(ValidationError):
        services.versement_annuler(versement=premier, motif=" ", par=comptable, today=AUJOURDHUI)
    services.versement_annuler(versement=premier, motif="Rejeté par la banque", par=comptable, today=AUJOURDHUI)
    second = services.versement_generer(mois=MARS, par=comptable, today=AUJOURDHUI)
    assert second.pk != premier.pk and VersementCNOM.objects.filter(annule_le__isnull=True).get() == second


def test_rien_a_verser_ou_mois_futur_refuse(comptable, db):
    _comptes_reels(comptable)
    with pytest.raises(ValidationError):
        services.versement_generer(mois=J(2026, 1, 1), par=comptable, today=AUJOURDHUI)
    with pytest.raises(ValidationError):
        services.versement_generer(mois=J(2026, 5, 1), par=comptable, today=AUJOURDHUI)
    assert not VersementCNOM.objects.exists()


def test_l_etat_mensuel_en_xlsx_et_la_page(client, mars, comptable):
    from openpyxl import load_workbook

    client.force_login(comptable)
    url = reverse("admin:cotisations_versementcnom_etat")
    page = client.get(url, {"mois": "2026-03-01"})
    assert page.status_code == 200 and "490,00" in page.content.decode()
    reponse = client.get(url, {"mois": "2026-03-01", "format": "xlsx"})
    assert reponse.status_code == 200
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    valeurs = {ligne[0]: ligne[1] for ligne in feuille.iter_rows(values_only=True) if ligne and ligne[0]}
    assert valeurs["Cotisation entière"] == 140 and valeurs["Société"] == 300
    assert valeurs["Total des cotisations (viré au CNOM)"] == 490


def test_generer_depuis_l_admin_puis_telecharger(client, mars, comptable):
    _comptes_reels(comptable)
    client.force_login(comptable)
    reponse = client.post(reverse("admin:cotisations_versementcnom_etat"), {"mois": "2026-03-01"})
    assert reponse.status_code == 302
    versement = VersementCNOM.objects.get()
    fichier = client.get(reverse("admin:cotisations_versementcnom_fichier", args=[versement.pk]))
    assert fichier.status_code == 200 and b"<CtrlSum>" in fichier.content


def test_l_accueil_ne_genere_pas_de_virement(mars):
    accueil = factories.StaffFactory(groupe="accueil")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.versement_generer(mois=MARS, par=accueil, today=AUJOURDHUI)
    with pytest.raises(PermissionDenied):
        services.compte_enregistrer(role="cnom", donnees={"iban": IBAN_CNOM}, par=accueil, today=AUJOURDHUI)
