"""The dues' letters (annexes I and II of seed 002): every mandatory mention in the PDF's text (pypdf) for a doctor,
a retired doctor, an exempted first registration, a company; French amounts; the receipt and its cancellation; the
endpoints (the owner and staff get the PDF, another doctor 404)."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.conf import settings
from pypdf import PdfReader

from cotisations import documents, services
from cotisations.models import Cotisation
from tests import factories

pytestmark = pytest.mark.django_db
J = datetime.date


def texte(pdf: bytes) -> tuple[int, str]:
    """(pages, text with every run of white space, no-break ones included, made one space)."""
    lecteur = PdfReader(io.BytesIO(pdf))
    return len(lecteur.pages), " ".join(" ".join(p.extract_text() for p in lecteur.pages).split())


@pytest.fixture
def bareme():
    return factories.BaremeFactory(annee=2026)


@pytest.fixture
def tresorier(db):
    membre = factories.MembreFactory(medecin=factories.MedecinFactory(prenom="Paul", nom="Vidal"))
    return factories.FonctionFactory(membre=membre, fonction="tresorier", date_debut=J(2025, 6, 1))


def _appeler(systeme):
    services.cotisations_appeler(annee=2026, today=J(2026, 1, 5), par=systeme)


def _mentions_communes(t: str, cotisation: Cotisation) -> None:
    assert settings.CDOM_NOM in t
    assert "Le 5 janvier 2026" in t
    assert "Appel de cotisation ordinale 2026" in t
    assert "au plus tard le 31 mars 2026" in t
    assert t.count(cotisation.reference) == 1  # the reference, once: the bank matching reads it
    for mention in ("par carte bancaire", "espace médecin", "par chèque", "par virement", "en espèces"):
        assert mention in t, mention
    assert "exceptionnellement, en espèces" in t
    assert "une exonération partielle (50 %) ou totale de la cotisation peut être accordée, sur demande" in t
    assert "Dr Paul VIDAL, trésorier" in t


def test_appel_d_un_medecin(bareme, tresorier, systeme):
    medecin = factories.MedecinFactory(
        prenom="Jean",
        nom="Martin",
        sexe="M",
        adresse_correspondance="4 place du Coderc",
        code_postal_correspondance="24000",
        ville_correspondance="Périgueux",
    )
    _appeler(systeme)
    cotisation = Cotisation.objects.get(medecin=medecin)
    pages, t = texte(documents.appel_pdf(cotisation))
    assert pages == 1
    _mentions_communes(t, cotisation)
    assert "Docteur Jean MARTIN 4 place du Coderc 24000 PÉRIGUEUX" in t  # the correspondence address wins
    assert "Madame, Monsieur, Cher Confrère" in t
    assert "a fixé la cotisation à 340,00 €, et à 100,00 € celle des médecins retraités" in t
    assert "Cotisation entière 340,00 €" in t and "Montant à régler 340,00 €" in t
    assert "Exonération" not in t


def test_appel_d_un_retraite_sans_activite(bareme, tresorier, systeme):
    medecin = factories.MedecinFactory(exercice="retraite_sans_activite", prenom="Odile", nom="Roux")
    _appeler(systeme)
    cotisation = Cotisation.objects.get(medecin=medecin)
    pages, t = texte(documents.appel_pdf(cotisation))
    assert pages == 1
    _mentions_communes(t, cotisation)
    assert "Docteure Odile ROUX 12 rue Wilson 24000 PÉRIGUEUX" in t  # no correspondence address: the professional
    assert "Chère Consœur" in t
    assert "Retraité sans activité médicale 100,00 €" in t and "Montant à régler 100,00 €" in t


def test_appel_d_une_premiere_inscription_exoneree_de_moitie(bareme, tresorier, systeme):
    medecin = factories.MedecinFactory(premiere_inscription=True, date_inscription=J(2026, 1, 2))
    _appeler(systeme)
    cotisation = Cotisation.objects.get(medecin=medecin)
    assert (cotisation.exoneration_motif, cotisation.montant_du) == ("premiere_inscription", D("170.00"))
    pages, t = texte(documents.appel_pdf(cotisation))
    assert pages == 1
    _mentions_communes(t, cotisation)
    assert "Cotisation entière 340,00 €" in t
    assert "Exonération de 50 % : Première inscription au tableau − 170,00 €" in t
    assert "Montant à régler 170,00 €" in t


def test_appel_exonere_en_totalite_ne_demande_rien(bareme, tresorier):
    cotisation = factories.CotisationFactory(
        exoneration_motif="premiere_inscription_t4",
        exoneration_taux=100,
        montant_du=D("0.00"),
        appelee_le=J(2026, 10, 5),
    )
    pages, t = texte(documents.appel_pdf(cotisation))
    assert pages == 1
    assert "Exonération de 100 % : Première inscription au dernier trimestre − 340,00 €" in t
    assert "Montant à régler 0,00 €" in t and "vous n'avez rien à régler pour l'année 2026" in t
    assert "par virement" not in t and "dès sa réception" not in t


def test_appel_apres_le_31_mars_se_regle_des_reception(bareme, tresorier):
    cotisation = factories.CotisationFactory(appelee_le=J(2026, 4, 1))
    assert "L'échéance du 31 mars 2026 étant passée" in texte(documents.appel_pdf(cotisation))[1]
    cotisation = factories.CotisationFactory(appelee_le=J(2026, 3, 31))
    assert "étant passée" not in texte(documents.appel_pdf(cotisation))[1]


def test_appel_d_une_societe(bareme, tresorier, systeme):
    gerant = factories.MedecinFactory(prenom="Luc", nom="Faure", sexe="M")
    societe = factories.SocieteFactory(
        raison_sociale="SELARL du Périgord vert",
        gerant=gerant,
        adresse="1 rue Gambetta",
        code_postal="24000",
        ville="Périgueux",
    )
    _appeler(systeme)
    cotisation = Cotisation.objects.get(societe=societe)
    pages, t = texte(documents.appel_pdf(cotisation))
    assert pages == 1
    _mentions_communes(t, cotisation)
    assert "SELARL du Périgord vert À l'attention de Docteur Luc FAURE, gérant 1 rue Gambetta 24000 PÉRIGUEUX" in t
    assert "l'inscription de la société au tableau" in t
    assert "a fixé la cotisation des sociétés à 300,00 €" in t
    assert "Cotisation 2026 de la société dont vous êtes le gérant" in t and "Montant à régler 300,00 €" in t
    assert "retraités" not in t


def test_sans_tresorier_le_jour_de_l_appel_signe_le_tresorier(bareme):
    factories.FonctionFactory(fonction="tresorier", date_debut=J(2026, 2, 1))  # elected after the call
    _, t = texte(documents.appel_pdf(factories.CotisationFactory()))
    assert t.endswith("Le trésorier") or "sentiments confraternels les meilleurs. Le trésorier" in t
    assert ", trésorier" not in t


def test_montants_au_format_francais(tresorier):
    factories.BaremeFactory(annee=2026, montant_plein=D("1234.50"), montant_retraite=D("99.00"))
    cotisation = factories.CotisationFactory(montant_bareme=D("1234.50"), montant_du=D("1234.50"))
    _, t = texte(documents.appel_pdf(cotisation))
    assert "a fixé la cotisation à 1 234,50 €, et à 99,00 € celle" in t
    assert "Montant à régler 1 234,50 €" in t and "1234.50" not in t


# --- the receipt ---------------------------------------------------------------------------------------------------


def _payer(cotisation, systeme, montant="120.50"):
    return services.paiement_enregistrer(
        cotisation=cotisation, montant=D(montant), mode="virement", date=J(2026, 2, 3), par=systeme
    )


def test_recu(bareme, tresorier, systeme):
    cotisation = factories.CotisationFactory(medecin=factories.MedecinFactory(prenom="Anne", nom="Brun"))
    paiement = _payer(cotisation, systeme)
    pages, t = texte(documents.recu_pdf(paiement))
    assert pages == 1
    assert "Reçu n° 2026-000001" in t and settings.CDOM_NOM in t
    assert "reconnaît avoir reçu de Docteure Anne BRUN la somme de 120,50 €, payée par virement le 3 février 2026" in t
    assert "au titre de la cotisation ordinale de l'année 2026" in t
    assert "Mode de paiement Virement" in t and "Montant reçu 120,50 €" in t
    assert cotisation.reference in t and "Dr Paul VIDAL, trésorier" in t
    assert "annulé" not in t.lower()


def test_recu_d_un_paiement_annule_montre_l_annulation(bareme, systeme):
    paiement = _payer(factories.CotisationFactory(), systeme)
    services.paiement_annuler(
        paiement=paiement, motif="Virement rejeté par la banque", par=systeme, today=J(2026, 2, 9)
    )
    _, t = texte(documents.recu_pdf(paiement))
    assert "Reçu n° 2026-000001" in t
    assert "Paiement annulé le 9 février 2026 par contre-passation : Virement rejeté par la banque" in t


# --- the endpoints -----------------------------------------------------------------------------------------------


@pytest.fixture
def monde(bareme, systeme):
    proprietaire = factories.MedecinFactory(avec_compte=True)
    cotisation = factories.CotisationFactory(medecin=proprietaire)
    paiement = _payer(cotisation, systeme, "40.00")
    autre = factories.MedecinFactory(avec_compte=True)
    return {"cotisation": cotisation, "paiement": paiement, "proprietaire": proprietaire.user, "autre": autre.user}


def _urls(monde):
    return (
        f"/api/cotisations/{monde['cotisation'].pk}/appel.pdf",
        f"/api/cotisations/paiements/{monde['paiement'].pk}/recu.pdf",
    )


@pytest.mark.parametrize("qui", ["proprietaire", "comptabilite"])
def test_le_medecin_et_la_comptabilite_telechargent_l_appel_et_le_recu(api_client, monde, qui):
    api_client.force_authenticate(monde[qui] if qui in monde else factories.StaffFactory(groupe="comptabilite"))
    for url in _urls(monde):
        reponse = api_client.get(url)
        assert reponse.status_code == 200, (url, reponse.content[:200])
        assert reponse["Content-Type"] == "application/pdf"
        assert reponse.content.startswith(b"%PDF")
        assert PdfReader(io.BytesIO(reponse.content)).pages
    assert "appel-cotisation-2026-" in api_client.get(_urls(monde)[0])["Content-Disposition"]


def test_un_autre_medecin_recoit_404(api_client, monde):
    api_client.force_authenticate(monde["autre"])
    for url in _urls(monde):
        assert api_client.get(url).status_code == 404


def test_anonyme_refuse(api_client, monde):
    for url in _urls(monde):
        assert api_client.get(url).status_code in (401, 403)


def test_le_recu_d_un_paiement_annule_reste_telechargeable_pas_la_contre_passation(api_client, monde, systeme):
    contre = services.paiement_annuler(
        paiement=monde["paiement"], motif="Erreur de saisie", par=systeme, today=J(2026, 2, 9)
    )
    api_client.force_authenticate(monde["proprietaire"])
    reponse = api_client.get(_urls(monde)[1])
    assert reponse.status_code == 200
    assert "Erreur de saisie" in texte(reponse.content)[1]
    assert api_client.get(f"/api/cotisations/paiements/{contre.pk}/recu.pdf").status_code == 404


def test_l_appel_imprime_l_iban_du_conseil_une_fois_saisi(bareme, tresorier, systeme):
    """The transfer's account is the one the treasurer entered (Comptes bancaires); the demo's, still « à
    compléter », is never printed on a letter."""
    from cotisations.models import CompteBancaire

    medecin = factories.MedecinFactory(exercice="liberal")
    _appeler(systeme)
    cotisation = Cotisation.objects.get(medecin=medecin)
    compte = CompteBancaire.objects.get(role="conseil")
    assert compte.a_completer  # migration 0005's demo account
    assert compte.iban not in texte(documents.appel_pdf(cotisation))[1]
    CompteBancaire.objects.filter(pk=compte.pk).update(a_completer=False)
    assert f"IBAN {compte.iban}" in texte(documents.appel_pdf(cotisation))[1]
