"""Bank matching (issue 10 point 5, CONTRACT.md `POST /api/cotisations/releves/`): OFX and CAMT.053 statements
written here, each credit matched by its RF reference, proposed by amount and name, or left waiting; a second
import records nothing; a file that is neither format is refused; the remittance slips and their credit."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cotisations import selectors, services
from cotisations.importation_releves import lire_releve
from cotisations.models import BordereauRemise, ChequeRemis, EtatLigne, LigneReleve, Paiement, ReleveBancaire
from tests import factories
from tests.concurrence import en_meme_temps
from tests.cotisations.releves import camt053, espacer, ofx

J = datetime.date
pytestmark = pytest.mark.django_db
URL = "/api/cotisations/releves/"
AUJOURDHUI = J(2026, 4, 2)


@pytest.fixture
def comptable(db):
    return factories.StaffFactory(groupe="comptabilite")


@pytest.fixture
def dues(db):
    """Three doctors' dues: one to be paid by reference, one nearly paid (balance 40), one to be found by name."""
    dupont = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Dupont", prenom="Jean"))
    martin = factories.CotisationFactory(
        medecin=factories.MedecinFactory(nom="Martin", prenom="Claire"), montant_paye=D("300.00")
    )
    lefevre = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Lefèvre", prenom="Bérénice"))
    return dupont, martin, lefevre


def _operations(dupont, martin):
    """Five entries: a credit with the RF reference typed with spaces; one with a reference but more than the
    balance; one matching by amount and name only; one matching nobody; a debit."""
    return [
        (
            "FIT-001",
            J(2026, 3, 10),
            "340.00",
            "VIR SEPA DR DUPONT",
            f"Cotisation {espacer(dupont.reference)}",
            "DR DUPONT",
        ),
        ("FIT-002", J(2026, 3, 11), "100.00", f"VIR {martin.reference}", "", "MARTIN CLAIRE"),
        ("FIT-003", J(2026, 3, 12), "340.00", "VIR MME BERENICE LEFEVRE", "cotisation ordre", "MME BERENICE LEFEVRE"),
        ("FIT-004", J(2026, 3, 13), "55.55", "VIR ASSOCIATION INCONNUE", "don", "ASSOCIATION INCONNUE"),
        ("FIT-005", J(2026, 3, 14), "-12.50", "FRAIS BANCAIRES", "", ""),
    ]


ATTENDU = {"lignes": 5, "rapprochees": 1, "a_confirmer": 1, "non_rapprochees": 2, "deja_importees": 0}


@pytest.mark.parametrize("format_", ["ofx", "camt02", "camt08"])
def test_un_releve_est_rapproche_puis_sa_reimportation_n_ecrit_rien(api_client, comptable, dues, format_):
    dupont, martin, lefevre = dues
    operations = _operations(dupont, martin)
    if format_ == "ofx":
        contenu, nom = ofx(operations), "releve.ofx"
    else:
        contenu, nom = camt053(operations, version=int(format_[-2:])), "releve.xml"
    api_client.force_authenticate(comptable)

    reponse = api_client.post(URL, {"fichier": _fichier(contenu, nom)}, format="multipart")
    assert reponse.status_code == 201, reponse.content
    assert reponse.json() == ATTENDU

    # The credit with the reference is a transfer payment of its booking date, recorded in the importer's name.
    paiement = Paiement.objects.get(cotisation=dupont)
    assert (paiement.montant, paiement.mode, paiement.date, paiement.saisi_par) == (
        D("340.00"),
        "virement",
        J(2026, 3, 10),
        comptable,
    )
    dupont.refresh_from_db()
    assert (dupont.solde, dupont.statut) == (D("0.00"), "payee")
    lignes = {ligne.reference_banque: ligne for ligne in LigneReleve.objects.all()}
    assert lignes["FIT-001"].etat == EtatLigne.RAPPROCHEE and lignes["FIT-001"].paiement == paiement
    # The reference cited, but 100 € on a balance of 40 €: not paid, not proposed (neither amount nor balance), said.
    assert lignes["FIT-002"].etat == EtatLigne.NON_RAPPROCHEE
    assert martin.reference in lignes["FIT-002"].motif and "dépasse le solde" in lignes["FIT-002"].motif
    martin.refresh_from_db()
    assert martin.montant_paye == D("300.00")
    # Same amount and the doctor's name, accents aside: proposed, not paid.
    assert lignes["FIT-003"].etat == EtatLigne.A_CONFIRMER
    assert list(lignes["FIT-003"].propositions.all()) == [lefevre]
    assert not Paiement.objects.filter(cotisation=lefevre).exists()
    assert lignes["FIT-004"].etat == EtatLigne.NON_RAPPROCHEE and not lignes["FIT-004"].propositions.exists()
    assert lignes["FIT-005"].etat == EtatLigne.IGNOREE and lignes["FIT-005"].montant == D("-12.50")

    # The same statement again: every entry already known, no second payment, no second statement row.
    reponse = api_client.post(URL, {"fichier": _fichier(contenu, nom)}, format="multipart")
    assert reponse.status_code == 201
    assert reponse.json() == {
        "lignes": 5,
        "rapprochees": 0,
        "a_confirmer": 0,
        "non_rapprochees": 0,
        "deja_importees": 5,
    }
    assert Paiement.objects.count() == 1
    assert LigneReleve.objects.count() == 5 and ReleveBancaire.objects.count() == 1


def _fichier(contenu, nom):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(nom, contenu, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "contenu",
    [b"ceci n'est pas un releve", b"%PDF-1.7\n...", b"<?xml version='1.0'?><Document xmlns='urn:autre'/>", b""],
)
def test_un_fichier_qui_n_est_ni_ofx_ni_camt_est_refuse_sans_rien_ecrire(api_client, comptable, contenu):
    api_client.force_authenticate(comptable)
    reponse = api_client.post(URL, {"fichier": _fichier(contenu, "releve.ofx")}, format="multipart")
    assert reponse.status_code == 400
    assert "fichier" in reponse.json()
    assert not ReleveBancaire.objects.exists() and not LigneReleve.objects.exists()


def test_sans_fichier_400(api_client, comptable):
    api_client.force_authenticate(comptable)
    assert api_client.post(URL, {}, format="multipart").status_code == 400


def test_une_ligne_illisible_refuse_tout_le_releve(comptable, dues):
    dupont, martin, _ = dues
    contenu = camt053(_operations(dupont, martin)).replace(b"<Dt>2026-03-13</Dt>", b"<Dt>pas une date</Dt>")
    with pytest.raises(ValidationError) as erreur:
        services.releve_importer(releve=lire_releve(contenu), par=comptable, today=AUJOURDHUI)
    assert "n° 4" in str(erreur.value)
    assert not Paiement.objects.exists() and not LigneReleve.objects.exists()


def test_sans_le_droit_d_enregistrer_un_paiement_l_import_est_refuse(api_client, dues):
    dupont, martin, _ = dues
    accueil = factories.StaffFactory(groupe="accueil")
    api_client.force_authenticate(accueil)
    reponse = api_client.post(URL, {"fichier": _fichier(ofx(_operations(dupont, martin)), "r.ofx")}, format="multipart")
    assert reponse.status_code == 403
    assert not LigneReleve.objects.exists() and not Paiement.objects.exists()


def test_un_medecin_ne_peut_pas_importer(api_client, dues):
    medecin = factories.MedecinFactory(avec_compte=True)
    api_client.force_authenticate(medecin.user)
    reponse = api_client.post(URL, {"fichier": _fichier(ofx([]), "r.ofx")}, format="multipart")
    assert reponse.status_code == 403


def test_la_reference_est_reconnue_sans_espaces_ni_majuscules_et_sa_cle_doit_etre_juste(dues):
    dupont, _, _ = dues
    # Every cut whose check digits hold is a candidate (a shorter one may hold by chance, 1 in 97): only a candidate
    # that is a dues record's reference is matched, so the chance cut matches nobody.
    assert dupont.reference in services.references_citees(f"virement {espacer(dupont.reference)} merci")
    faussee = dupont.reference[:2] + ("00" if dupont.reference[2:4] != "00" else "01") + dupont.reference[4:]
    assert dupont.reference not in services.references_citees(faussee)
    assert faussee not in services.references_citees(faussee)


def test_deux_credits_sur_une_meme_cotisation_ne_depassent_pas_son_solde(comptable, dues):
    """Two credits citing the same reference in one statement: the first pays, the second (beyond what is left)
    waits for a person."""
    dupont, _, _ = dues
    operations = [
        ("A1", J(2026, 3, 10), "200.00", f"VIR {dupont.reference}", "", "DUPONT"),
        ("A2", J(2026, 3, 11), "200.00", f"VIR {dupont.reference}", "", "DUPONT"),
    ]
    resultat = services.releve_importer(releve=lire_releve(ofx(operations)), par=comptable, today=AUJOURDHUI)
    assert (resultat["rapprochees"], resultat["non_rapprochees"]) == (1, 1)
    dupont.refresh_from_db()
    assert dupont.montant_paye == D("200.00")


def test_une_personne_confirme_la_proposition_ou_choisit_la_cotisation(comptable, dues):
    dupont, martin, lefevre = dues
    services.releve_importer(releve=lire_releve(ofx(_operations(dupont, martin))), par=comptable, today=AUJOURDHUI)
    proposee = LigneReleve.objects.get(reference_banque="FIT-003")
    services.ligne_confirmer(ligne=proposee, par=comptable, today=AUJOURDHUI)
    proposee.refresh_from_db()
    lefevre.refresh_from_db()
    assert proposee.etat == EtatLigne.RAPPROCHEE and proposee.paiement.date == J(2026, 3, 12)
    assert lefevre.statut == "payee"
    with pytest.raises(ValidationError):  # a line is handled once
        services.ligne_confirmer(ligne=proposee, par=comptable, today=AUJOURDHUI)

    # Nobody proposed: confirming needs the dues chosen; beyond the chosen dues' balance, refused, nothing written.
    orpheline = LigneReleve.objects.get(reference_banque="FIT-004")
    with pytest.raises(ValidationError):
        services.ligne_confirmer(ligne=orpheline, par=comptable, today=AUJOURDHUI)
    with pytest.raises(ValidationError):
        services.ligne_confirmer(ligne=orpheline, cotisation=martin, par=comptable, today=AUJOURDHUI)
    orpheline.refresh_from_db()
    assert orpheline.etat == EtatLigne.NON_RAPPROCHEE and Paiement.objects.filter(cotisation=martin).count() == 0
    autre = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Zola"))
    services.ligne_confirmer(ligne=orpheline, cotisation=autre, par=comptable, today=AUJOURDHUI)
    autre.refresh_from_db()
    assert autre.montant_paye == D("55.55")


def test_une_ligne_ignoree_dit_pourquoi(comptable, dues):
    dupont, martin, _ = dues
    services.releve_importer(releve=lire_releve(ofx(_operations(dupont, martin))), par=comptable, today=AUJOURDHUI)
    ligne = LigneReleve.objects.get(reference_banque="FIT-004")
    with pytest.raises(ValidationError):
        services.ligne_ignorer(ligne=ligne, motif="  ", par=comptable, today=AUJOURDHUI)
    ligne.refresh_from_db()
    assert ligne.etat == EtatLigne.NON_RAPPROCHEE
    services.ligne_ignorer(ligne=ligne, motif="Don à l'entraide", par=comptable, today=AUJOURDHUI)
    ligne.refresh_from_db()
    assert (ligne.etat, ligne.motif, ligne.traitee_par) == (EtatLigne.IGNOREE, "Don à l'entraide", comptable)


def test_credits_en_attente_liste_les_a_confirmer_et_les_non_rapproches(comptable, dues):
    dupont, martin, _ = dues
    services.releve_importer(releve=lire_releve(ofx(_operations(dupont, martin))), par=comptable, today=AUJOURDHUI)
    assert [ligne.reference_banque for ligne in selectors.credits_en_attente()] == ["FIT-002", "FIT-003", "FIT-004"]


def test_une_societe_est_proposee_par_sa_raison_sociale(comptable):
    societe = factories.SocieteFactory(raison_sociale="SELARL Cabinet du Périgord Noir")
    cotisation = factories.CotisationFactory(
        medecin=None,
        societe=societe,
        montant_du=D("300.00"),
        montant_bareme=D("300.00"),
        reference=services.reference_societe(2026, societe.pk),
    )
    operations = [("S1", J(2026, 3, 5), "300.00", "VIR SELARL CABINET DU PERIGORD", "", "SELARL CABINET DU PERIGORD")]
    resultat = services.releve_importer(releve=lire_releve(camt053(operations)), par=comptable, today=AUJOURDHUI)
    assert resultat["a_confirmer"] == 1
    assert list(LigneReleve.objects.get().propositions.all()) == [cotisation]


def test_le_meme_nom_sans_le_meme_montant_n_est_pas_propose(comptable, dues):
    operations = [("X1", J(2026, 3, 5), "339.99", "VIR LEFEVRE BERENICE", "", "LEFEVRE BERENICE")]
    resultat = services.releve_importer(releve=lire_releve(ofx(operations)), par=comptable, today=AUJOURDHUI)
    assert (resultat["a_confirmer"], resultat["non_rapprochees"]) == (0, 1)


def test_sans_identifiant_bancaire_l_empreinte_date_montant_libelle_evite_le_doublon(comptable, dues):
    dupont, _, _ = dues
    operations = [("", J(2026, 3, 10), "340.00", f"VIR {dupont.reference}", "", "DUPONT")]
    for _ in range(2):
        services.releve_importer(releve=lire_releve(camt053(operations)), par=comptable, today=AUJOURDHUI)
    assert LigneReleve.objects.count() == 1 and Paiement.objects.count() == 1


# --- remittance slips ------------------------------------------------------------------------------------------------


def _cheques(n, montant="100.00"):
    return [
        services.paiement_enregistrer(
            cotisation=factories.CotisationFactory(),
            montant=D(montant),
            mode="cheque",
            date=J(2026, 3, 2),
            par=factories.systeme(),
        )
        for _ in range(n)
    ]


def test_un_bordereau_groupe_des_cheques_et_un_cheque_n_est_que_sur_un(comptable):
    cheques = _cheques(3)
    bordereau = services.bordereau_etablir(paiements=cheques[:2], date=J(2026, 3, 3), par=comptable)
    assert (bordereau.numero, bordereau.total, bordereau.nombre) == ("BR-2026-0001", D("200.00"), 2)
    assert list(selectors.cheques_a_remettre()) == [cheques[2]]
    with pytest.raises(ValidationError) as erreur:
        services.bordereau_etablir(paiements=cheques[1:], date=J(2026, 3, 4), par=comptable)
    assert "déjà sur le bordereau BR-2026-0001" in str(erreur.value)
    assert BordereauRemise.objects.count() == 1 and ChequeRemis.objects.count() == 2
    suivant = services.bordereau_etablir(paiements=cheques[2:], date=J(2026, 3, 4), par=comptable)
    assert suivant.numero == "BR-2026-0002"


def test_un_virement_n_est_pas_un_cheque_a_remettre(comptable):
    paiement = services.paiement_enregistrer(
        cotisation=factories.CotisationFactory(),
        montant=D("10.00"),
        mode="virement",
        date=J(2026, 3, 2),
        par=comptable,
    )
    with pytest.raises(ValidationError):
        services.bordereau_etablir(paiements=[paiement], date=J(2026, 3, 3), par=comptable)
    assert not BordereauRemise.objects.exists()


def test_le_credit_qui_cite_le_numero_du_bordereau_est_rapproche_celui_qui_dit_remise_est_propose(comptable):
    b1 = services.bordereau_etablir(paiements=_cheques(2), date=J(2026, 3, 3), par=comptable)
    b2 = services.bordereau_etablir(paiements=_cheques(3), date=J(2026, 3, 3), par=comptable)
    operations = [
        ("R1", J(2026, 3, 5), "200.00", f"REMISE CHEQUES {b1.numero}", "", ""),
        ("R2", J(2026, 3, 6), "300.00", "REMISE DE CHEQUES", "", ""),
    ]
    resultat = services.releve_importer(releve=lire_releve(ofx(operations)), par=comptable, today=AUJOURDHUI)
    assert (resultat["rapprochees"], resultat["a_confirmer"]) == (1, 1)
    b1.refresh_from_db()
    assert b1.credit.reference_banque == "R1"
    ligne = LigneReleve.objects.get(reference_banque="R2")
    assert ligne.bordereau_propose == b2 and ligne.etat == EtatLigne.A_CONFIRMER
    # No payment is recorded: the cheques were recorded when received.
    assert Paiement.objects.filter(mode="virement").count() == 0
    with pytest.raises(ValidationError):  # b1 already has its credit
        services.ligne_rapprocher_bordereau(ligne=ligne, bordereau=b1, par=comptable, today=AUJOURDHUI)
    services.ligne_rapprocher_bordereau(ligne=ligne, bordereau=b2, par=comptable, today=AUJOURDHUI)
    b2.refresh_from_db()
    assert b2.credit == ligne


def test_le_pdf_du_bordereau(client, comptable):
    b = services.bordereau_etablir(paiements=_cheques(2, "123.45"), date=J(2026, 3, 3), par=comptable)
    client.force_login(comptable)
    reponse = client.get(reverse("admin:cotisations_bordereauremise_pdf", args=[b.pk]))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    texte = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(reponse.content)).pages)
    assert "BR-2026-0001" in texte and "246,90" in texte and "3 mars 2026" in texte, texte


def test_le_pdf_du_bordereau_est_refuse_sans_droit(client):
    b = BordereauRemise.objects.create(numero="BR-2026-0009", date=J(2026, 3, 3), cree_par=factories.systeme())
    client.force_login(factories.StaffFactory(groupe="accueil"))
    assert client.get(reverse("admin:cotisations_bordereauremise_pdf", args=[b.pk])).status_code == 403


def test_les_pages_de_l_admin_repondent(client, comptable, dues):
    dupont, martin, _ = dues
    services.releve_importer(releve=lire_releve(ofx(_operations(dupont, martin))), par=comptable, today=AUJOURDHUI)
    client.force_login(comptable)
    ligne = LigneReleve.objects.get(reference_banque="FIT-003")
    for url in (
        reverse("admin:cotisations_relevebancaire_importer"),
        reverse("admin:cotisations_lignereleve_changelist") + "?a_traiter=oui",
        reverse("admin:cotisations_lignereleve_traiter", args=[ligne.pk]),
        reverse("admin:cotisations_bordereauremise_etablir"),
    ):
        assert client.get(url).status_code == 200, url
    reponse = client.post(
        reverse("admin:cotisations_lignereleve_traiter", args=[ligne.pk]),
        {"decision": "cotisation", "cotisation": ligne.propositions.get().pk},
    )
    assert reponse.status_code == 302
    ligne.refresh_from_db()
    assert ligne.etat == EtatLigne.RAPPROCHEE


def test_import_depuis_l_admin(client, comptable, dues):
    dupont, martin, _ = dues
    client.force_login(comptable)
    reponse = client.post(
        reverse("admin:cotisations_relevebancaire_importer"),
        {"fichier": _fichier(ofx(_operations(dupont, martin)), "releve.ofx")},
    )
    assert reponse.status_code == 302
    assert LigneReleve.objects.count() == 5
    reponse = client.post(reverse("admin:cotisations_relevebancaire_importer"), {"fichier": _fichier(b"nimp", "x")})
    assert reponse.status_code == 200 and "OFX et CAMT.053" in reponse.content.decode()


# --- races -------------------------------------------------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_imports_du_meme_releve_en_meme_temps_enregistrent_chaque_ligne_une_fois(comptable):
    dupont = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Dupont"))
    martin = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Martin"), montant_paye=D("300.00"))
    releve = lire_releve(ofx(_operations(dupont, martin)))
    resultats = en_meme_temps(
        *[lambda: services.releve_importer(releve=releve, par=comptable, today=AUJOURDHUI) for _ in range(3)]
    )
    assert all(r.ok for r in resultats), [r.erreur for r in resultats]
    assert sorted(r.valeur["deja_importees"] for r in resultats) == [0, 5, 5]
    assert LigneReleve.objects.count() == 5
    assert Paiement.objects.filter(cotisation=dupont).count() == 1
    dupont.refresh_from_db()
    assert dupont.montant_paye == D("340.00")


def test_refus_sans_droit_sur_une_ligne(dues, comptable):
    dupont, martin, _ = dues
    services.releve_importer(releve=lire_releve(ofx(_operations(dupont, martin))), par=comptable, today=AUJOURDHUI)
    ligne = LigneReleve.objects.get(reference_banque="FIT-004")
    with pytest.raises(PermissionDenied):
        services.ligne_ignorer(ligne=ligne, motif="x", par=factories.StaffFactory(groupe="accueil"), today=AUJOURDHUI)
    ligne.refresh_from_db()
    assert ligne.etat == EtatLigne.NON_RAPPROCHEE


def test_l_action_de_l_admin_confirme_la_proposition_unique_et_le_bordereau_propose(client, comptable, dues):
    dupont, martin, lefevre = dues
    b = services.bordereau_etablir(paiements=_cheques(3), date=J(2026, 3, 3), par=comptable)
    operations = [*_operations(dupont, martin), ("R9", J(2026, 3, 20), "300.00", "REMISE CHQ", "", "")]
    services.releve_importer(releve=lire_releve(ofx(operations)), par=comptable, today=AUJOURDHUI)
    client.force_login(comptable)
    ids = list(LigneReleve.objects.filter(etat="a_confirmer").values_list("pk", flat=True))
    orpheline = LigneReleve.objects.get(reference_banque="FIT-004")
    reponse = client.post(
        reverse("admin:cotisations_lignereleve_changelist"),
        {"action": "confirmer_propositions", "_selected_action": [*ids, orpheline.pk]},
    )
    assert reponse.status_code == 302
    lefevre.refresh_from_db()
    b.refresh_from_db()
    assert lefevre.statut == "payee" and b.credit.reference_banque == "R9"
    orpheline.refresh_from_db()
    assert orpheline.etat == EtatLigne.NON_RAPPROCHEE  # nothing proposed: refused, said, left waiting


def test_la_demo_de_la_banque_est_idempotente(dues, systeme):
    from cotisations.demo_banque import banque_demo

    premier = banque_demo(par=systeme, today=AUJOURDHUI)
    assert (premier["lignes"], premier["rapprochees"], premier["a_confirmer"], premier["non_rapprochees"]) == (
        4,
        1,
        1,
        1,
    )
    second = banque_demo(par=systeme, today=AUJOURDHUI)
    assert second["deja_importees"] == 4 and Paiement.objects.count() == 1


# --- the size cap: settings.FICHIERS_TAILLE_MAX, as every upload (commun.fichiers) -----------------------------------


def test_un_releve_plus_gros_que_le_plafond_des_fichiers_est_refuse_partout(
    api_client, client, comptable, dues, settings
):
    dupont, martin, _ = dues
    contenu = ofx(_operations(dupont, martin))
    assert len(contenu) > 1024
    settings.FICHIERS_TAILLE_MAX = 1024
    message = "Le fichier dépasse 1 ko : exportez de la banque un relevé couvrant une période plus courte."
    with pytest.raises(ValidationError, match=message):
        lire_releve(contenu)
    api_client.force_authenticate(comptable)
    reponse = api_client.post(URL, {"fichier": _fichier(contenu, "releve.ofx")}, format="multipart")
    assert reponse.status_code == 400 and reponse.json()["fichier"] == [message]
    client.force_login(comptable)
    page = client.get(reverse("admin:cotisations_relevebancaire_importer")).content.decode()
    assert "exporté de la banque, 1 ko au plus." in page
    reponse = client.post(reverse("admin:cotisations_relevebancaire_importer"), {"fichier": _fichier(contenu, "r.ofx")})
    assert message in reponse.content.decode()
    assert not ReleveBancaire.objects.exists() and not LigneReleve.objects.exists()
    settings.FICHIERS_TAILLE_MAX = len(contenu)  # at the cap exactly: accepted
    assert lire_releve(contenu).operations
