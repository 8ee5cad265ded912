"""The year-end (seed 002 L.II T.I 1.2): statements of N before 28 February, approved with quitus in plenary before
the end of Q1, a refusal told to the CNOM at once; the reminders to the trésorier; the FEC (LPF A47 A-1) and the
XLSX of the statements and of the cash book."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from commun.models import Envoi
from tests import factories
from tresorerie import services
from tresorerie.comptabilite import etats_financiers, livre_de_caisse
from tresorerie.exports_cloture import (
    FEC_COLONNES,
    etats_xlsx,
    fec_flux,
    fec_lignes,
    fec_nom,
    livre_de_caisse_xlsx,
)
from tresorerie.models import Cloture, MouvementCaisse, RappelCloture

pytestmark = pytest.mark.django_db
EN_2026 = datetime.date(2026, 6, 15)
ARRETE = datetime.date(2027, 2, 10)


@pytest.fixture
def exercice_2026(chaine, systeme):
    """2026: a supply bought 1 200 € (liquidated 1 150 €, paid), dues of 340 € called with 100 € paid, a 20 € cash
    sale of photocopies, a 1 500 € computer put into service on 1 July."""
    budget = factories.BudgetFactory(annee=2026, statut="adopte")
    ligne = factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6064"), montant=Decimal("5000"))
    e = services.engagement_engager(
        ligne_id=ligne.pk,
        objet="Toner",
        tiers="Bureau Vallée",
        montant=Decimal("1200.00"),
        par=chaine.user("ordonnateur"),
        today=EN_2026,
    )
    services.piece_deposer(
        engagement_id=e.pk, fichier=factories.fichier_pdf("facture.pdf"), par=chaine.user("liquidateur"), today=EN_2026
    )
    services.engagement_liquider(
        engagement_id=e.pk, montant=Decimal("1150.00"), par=chaine.user("liquidateur"), today=EN_2026
    )
    services.engagement_ordonnancer(engagement_id=e.pk, par=chaine.user("ordonnateur"), today=EN_2026)
    services.engagement_payer(engagement_id=e.pk, mode="virement", date=EN_2026, par=chaine.user("tresorier"))
    cotisation = factories.CotisationFactory(annee=2026, montant_du=Decimal("340.00"))
    factories.PaiementFactory(cotisation=cotisation, montant=Decimal("100.00"), date=datetime.date(2026, 2, 1))
    services.mouvement_caisse_enregistrer(
        sens="entree",
        montant=Decimal("20.00"),
        objet="Photocopies",
        date=EN_2026,
        compte="758",
        par=chaine.user("tresorier"),
        today=EN_2026,
    )
    services.immobilisation_enregistrer(
        designation="Ordinateur du secrétariat",
        categorie="materiel_informatique",
        valeur_origine=Decimal("1500.00"),
        date_acquisition=datetime.date(2026, 7, 1),
        date_mise_en_service=datetime.date(2026, 7, 1),
        par=chaine.user("tresorier"),
        today=datetime.date(2026, 7, 1),
    )
    return chaine


def test_le_compte_de_resultat_2026_des_operations_enregistrees(exercice_2026):
    cr = etats_financiers(2026)["resultat"]
    assert {c["compte"]: c["montant"] for c in cr["charges"]} == {"6064": Decimal("1150.00"), "6811": Decimal("150.00")}
    assert {c["compte"]: c["montant"] for c in cr["produits"]} == {"7561": Decimal("340.00"), "758": Decimal("20.00")}
    assert cr["resultat"] == Decimal("360.00") - Decimal("1300.00")


def test_le_bilan_2026_est_equilibre(exercice_2026):
    bilan = etats_financiers(2026)["bilan"]
    actif = {c["compte"]: c["montant"] for c in bilan["actif_circulant"]}
    assert actif == {"411": Decimal("240.00"), "530": Decimal("20.00")}
    passif = {c["compte"]: c["montant"] for c in bilan["dettes"]}
    # The bank derived: +100 dues − 1 150 supplier − 1 500 computer = −2 550 (no opening balance is recorded).
    assert passif == {"512": Decimal("2550.00")}
    assert bilan["actif_immobilise_net"] == Decimal("1350.00")
    assert bilan["equilibre"] and bilan["total_actif"] == bilan["total_passif"] == Decimal("1610.00")


def test_le_fec_a_les_18_colonnes_de_l_article_a47_a_1(exercice_2026):
    lignes = list(fec_lignes(2026))
    assert lignes[0].split("\t") == list(FEC_COLONNES) and len(FEC_COLONNES) == 18
    corps = [ligne.split("\t") for ligne in lignes[1:]]
    assert all(len(c) == 18 for c in corps)
    achat = next(c for c in corps if c[0] == "AC" and c[4] == "6064")
    assert achat[3] == "20260615" and achat[11] == "1150,00" and achat[12] == "0,00" and achat[15] == "20260615"
    debit = sum(Decimal(c[11].replace(",", ".")) for c in corps)
    credit = sum(Decimal(c[12].replace(",", ".")) for c in corps)
    assert debit == credit
    # Continuous numbering per journal, in chronological order.
    ac = [c[2] for c in corps if c[0] == "OD"]
    assert ac[0] == "OD2026-000001"
    dates = [c[3] for c in corps]
    assert dates == sorted(dates)
    assert fec_nom(2026) == "000000000FEC20261231.txt"
    assert b"".join(fec_flux(2026)).decode("iso-8859-15").endswith("\r\n")


def test_le_fec_ouvre_l_exercice_par_les_a_nouveaux(exercice_2026):
    lignes = [ligne.split("\t") for ligne in list(fec_lignes(2027))[1:]]
    an = [c for c in lignes if c[0] == "AN"]
    assert an and all(c[3] == "20270101" for c in an)
    assert {c[4] for c in an} >= {"411", "530", "512", "110"}


def test_le_fec_est_diffuse_en_un_nombre_borne_de_requetes(exercice_2026, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):  # 2 passes (opening balances, the year) × 7 sources + the plan
        list(fec_lignes(2026))


def test_le_tresorier_arrete_les_etats_2026_apres_la_fin_de_l_exercice(exercice_2026):
    with pytest.raises(ValidationError):
        services.cloture_arreter(annee=2026, par=exercice_2026.user("tresorier"), today=datetime.date(2026, 12, 31))
    cloture = services.cloture_arreter(annee=2026, par=exercice_2026.user("tresorier"), today=ARRETE)
    assert cloture.statut == "arretee" and cloture.etats["resultat"]["resultat"] == "-940.00"


def test_l_ordonnateur_n_arrete_pas_les_comptes(exercice_2026):
    with pytest.raises(PermissionDenied):
        services.cloture_arreter(annee=2026, par=exercice_2026.user("ordonnateur"), today=ARRETE)
    assert not Cloture.objects.exists()


def _deliberation(date, adoptee=True, type="pleniere"):
    return factories.DeliberationFactory(
        seance=factories.SeanceFactory(date=date, type=type),
        objet="Approbation des comptes 2026",
        adoptee=adoptee,
        pour=9 if adoptee else 2,
        contre=1 if adoptee else 8,
    )


def test_les_comptes_approuves_en_pleniere_donnent_quitus_et_closent_l_exercice(
    exercice_2026, django_capture_on_commit_callbacks
):
    services.cloture_arreter(annee=2026, par=exercice_2026.user("tresorier"), today=ARRETE)
    d = _deliberation(datetime.date(2027, 3, 20))
    with django_capture_on_commit_callbacks(execute=True):
        cloture = services.cloture_statuer(
            annee=2026, deliberation_id=d.pk, par=exercice_2026.user("president"), today=datetime.date(2027, 3, 21)
        )
    assert cloture.statut == "approuvee" and cloture.quitus is True and cloture.deliberation == d
    assert not Envoi.objects.exists()
    # The year is closed: nothing dated in 2026 enters the cash box any more.
    with pytest.raises(ValidationError):
        services.mouvement_caisse_enregistrer(
            sens="entree",
            montant=Decimal("5.00"),
            objet="x",
            date=datetime.date(2026, 12, 30),
            par=exercice_2026.user("tresorier"),
            today=datetime.date(2027, 3, 22),
        )
    with pytest.raises(ValidationError):
        services.cloture_arreter(annee=2026, par=exercice_2026.user("tresorier"), today=datetime.date(2027, 3, 22))


def test_un_refus_des_comptes_est_signale_au_cnom_sur_le_champ(
    exercice_2026, django_capture_on_commit_callbacks, settings
):
    settings.TRESORERIE_CNOM_EMAIL = "tresorerie@cnom.test"
    services.cloture_arreter(annee=2026, par=exercice_2026.user("tresorier"), today=ARRETE)
    d = _deliberation(datetime.date(2027, 3, 20), adoptee=False)
    with django_capture_on_commit_callbacks(execute=True):
        cloture = services.cloture_statuer(
            annee=2026, deliberation_id=d.pk, par=exercice_2026.user("president"), today=datetime.date(2027, 3, 21)
        )
    assert cloture.statut == "refusee" and cloture.quitus is False
    envoi = Envoi.objects.get()
    assert envoi.destinataire == "tresorerie@cnom.test" and envoi.etat == "envoye"
    assert mail.outbox[-1].to == ["tresorerie@cnom.test"] and "n'a pas approuvé" in mail.outbox[-1].body


def test_un_quitus_refuse_avec_des_comptes_adoptes_est_aussi_signale(exercice_2026):
    services.cloture_arreter(annee=2026, par=exercice_2026.user("tresorier"), today=ARRETE)
    d = _deliberation(datetime.date(2027, 3, 20))
    cloture = services.cloture_statuer(
        annee=2026,
        deliberation_id=d.pk,
        quitus=False,
        par=exercice_2026.user("president"),
        today=datetime.date(2027, 3, 21),
    )
    assert cloture.statut == "refusee" and Envoi.objects.filter(nature="cloture_refus_cnom").count() == 1


def test_la_decision_cite_une_deliberation_de_pleniere_posterieure_a_l_arrete(exercice_2026):
    services.cloture_arreter(annee=2026, par=exercice_2026.user("tresorier"), today=ARRETE)
    president = exercice_2026.user("president")
    bureau = _deliberation(datetime.date(2027, 3, 20), type="bureau")
    avant = _deliberation(datetime.date(2027, 2, 1))
    for d in (bureau, avant):
        with pytest.raises(ValidationError) as err:
            services.cloture_statuer(annee=2026, deliberation_id=d.pk, par=president, today=datetime.date(2027, 3, 21))
        assert "deliberation" in err.value.message_dict
    assert Cloture.objects.get().statut == "arretee"


def test_le_tresorier_n_enregistre_pas_son_propre_quitus(exercice_2026):
    services.cloture_arreter(annee=2026, par=exercice_2026.user("tresorier"), today=ARRETE)
    d = _deliberation(datetime.date(2027, 3, 20))
    with pytest.raises(PermissionDenied):
        services.cloture_statuer(
            annee=2026, deliberation_id=d.pk, par=exercice_2026.user("tresorier"), today=datetime.date(2027, 3, 21)
        )


def test_on_n_approuve_pas_des_comptes_non_arretes(exercice_2026):
    d = _deliberation(datetime.date(2027, 3, 20))
    with pytest.raises(ValidationError):
        services.cloture_statuer(
            annee=2026, deliberation_id=d.pk, par=exercice_2026.user("president"), today=datetime.date(2027, 3, 21)
        )


# --- reminders ------------------------------------------------------------------------------------------------------


def test_les_rappels_au_tresorier_avant_le_28_fevrier_puis_avant_le_31_mars(chaine, systeme):
    chaine.tresorier.medecin.email = "tresorier@cdom.test"
    chaine.tresorier.medecin.save()
    assert services.cloture_rappels_executer(date=datetime.date(2027, 1, 14), par=systeme) is None
    r = services.cloture_rappels_executer(date=datetime.date(2027, 1, 15), par=systeme)
    assert r.etape == "etats_1" and r.annee == 2026 and r.destinataires == "tresorier@cdom.test"
    assert services.cloture_rappels_executer(date=datetime.date(2027, 1, 16), par=systeme) is None  # idempotent
    # 15 February missed, caught up on the 17th; one reminder only.
    assert services.cloture_rappels_executer(date=datetime.date(2027, 2, 17), par=systeme).etape == "etats_2"
    assert services.cloture_rappels_executer(date=datetime.date(2027, 2, 18), par=systeme) is None
    services.cloture_arreter(annee=2026, par=chaine.user("tresorier"), today=datetime.date(2027, 2, 20))
    assert services.cloture_rappels_executer(date=datetime.date(2027, 3, 2), par=systeme).etape == "approbation"
    assert RappelCloture.objects.count() == 3
    assert Envoi.objects.filter(nature="cloture_rappel").count() == 3


def test_pas_de_rappel_des_etats_une_fois_arretes(chaine, systeme):
    services.cloture_arreter(annee=2026, par=chaine.user("tresorier"), today=datetime.date(2027, 1, 10))
    assert services.cloture_rappels_executer(date=datetime.date(2027, 1, 15), par=systeme) is None
    assert not RappelCloture.objects.exists()


def test_la_tache_du_jour_est_au_calendrier_de_beat():
    from config.celery import app

    assert app.conf.beat_schedule["tresorerie-cloture-rappels"]["task"] == "tresorerie.cloture_rappels_du_jour"


# --- XLSX -----------------------------------------------------------------------------------------------------------


def test_les_etats_financiers_en_xlsx(exercice_2026):
    classeur = load_workbook(BytesIO(etats_xlsx(etats_financiers(2026))))
    assert classeur.sheetnames == ["Compte de résultat", "Bilan"]
    valeurs = [c.value for ligne in classeur["Compte de résultat"].iter_rows() for c in ligne]
    assert "Déficit de l'exercice" in valeurs and -940 in valeurs


def test_le_livre_de_caisse_en_xlsx(exercice_2026):
    livre = livre_de_caisse(debut=datetime.date(2026, 1, 1), fin=datetime.date(2026, 12, 31))
    feuille = load_workbook(BytesIO(livre_de_caisse_xlsx(livre)))["Livre de caisse"]
    valeurs = [c.value for ligne in feuille.iter_rows() for c in ligne]
    assert "Photocopies" in valeurs and "MANQUANT" in valeurs
    assert MouvementCaisse.objects.count() == 1
