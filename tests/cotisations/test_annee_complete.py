"""One year of dues walked day by day for every situation of DOMAIN.md section 2, from the call of 5 January 2026
to the court requests of January 2027: who is called and for how much, each exemption and its reason, payments of
every mode (card, cheque, a bank statement matched by its reference, partial ones), the reminder calendar run by
"beat" every day, the postage claimed and the legal interest of the requests, all exact.

Scale (tests.factories.BaremeFactory): full 340.00, retired 100.00, company 300.00, registered letter 7.00, legal
interest 2.76 % both half-years.
"""

import datetime
from decimal import Decimal as D

import pytest

from cotisations import selectors, services
from cotisations.importation_releves import lire_releve
from cotisations.models import Cotisation, Relance
from tests import factories
from tests.cotisations.releves import camt053, espacer

J = datetime.date
pytestmark = pytest.mark.django_db

RAPPEL = ("rappel", J(2026, 4, 15), D("0.00"))
LRAR1 = ("lrar1", J(2026, 6, 1), D("7.00"))
LRAR2 = ("lrar2", J(2026, 12, 1), D("7.00"))
INJONCTION = ("injonction", J(2027, 1, 20), D("0.00"))


def _plenier(date, objet):
    return factories.DeliberationFactory(seance=factories.SeanceFactory(date=date), objet=objet)


def test_une_annee_pour_chaque_situation_de_la_section_2(systeme, django_capture_on_commit_callbacks):
    for annee in (2025, 2026, 2027):
        factories.BaremeFactory(annee=annee, conseillers_retraites_taux_retraite=False)
    comptable = factories.StaffFactory(groupe="comptabilite")
    m = {
        "liberal_carte": factories.MedecinFactory(exercice="liberal"),
        "retraite_actif_cheque": factories.MedecinFactory(exercice="retraite_actif"),
        "retraite_virement": factories.MedecinFactory(exercice="retraite_sans_activite", nom="Virebanque"),
        "retraite_elu": factories.MedecinFactory(exercice="retraite_sans_activite"),
        "reserviste": factories.MedecinFactory(exercice="reserviste"),
        "humanitaire": factories.MedecinFactory(exercice="humanitaire"),
        "non_obligatoire": factories.MedecinFactory(exercice="non_obligatoire"),
        "insuffisance": factories.MedecinFactory(exercice="liberal"),
        "paie_apres_lrar2": factories.MedecinFactory(exercice="mixte"),
        "ne_paie_pas": factories.MedecinFactory(exercice="liberal"),
    }
    factories.MembreFactory(medecin=m["retraite_elu"], date_debut=J(2025, 6, 1), date_fin=None)
    selarl = factories.SocieteFactory(gerant=m["liberal_carte"], date_inscription=J(2019, 5, 1))
    arrive_par_transfert = factories.MedecinFactory(premiere_inscription=False, date_inscription=J(2026, 2, 1))

    assert services.cotisations_appeler(annee=2026, today=J(2026, 1, 5), par=systeme)["creees"] == 11
    # First registrations of the year, called when they are recorded; a company registered in the last quarter.
    m["premiere_mars"] = factories.MedecinFactory(premiere_inscription=True, date_inscription=J(2026, 3, 10))
    services.cotisations_appeler(annee=2026, today=J(2026, 3, 15), par=systeme)
    m["premiere_octobre"] = factories.MedecinFactory(premiere_inscription=True, date_inscription=J(2026, 10, 15))
    societe_t4 = factories.SocieteFactory(gerant=m["liberal_carte"], date_inscription=J(2026, 11, 2))
    services.cotisations_appeler(annee=2026, today=J(2026, 11, 5), par=systeme)

    dues = {k: Cotisation.objects.get(annee=2026, medecin=v) for k, v in m.items()}
    dues["selarl"] = Cotisation.objects.get(annee=2026, societe=selarl)
    dues["societe_t4"] = Cotisation.objects.get(annee=2026, societe=societe_t4)
    assert not Cotisation.objects.filter(medecin=arrive_par_transfert).exists()  # pays where he was on 1 January

    montants = {k: (c.montant_du, c.exoneration_motif, c.exoneration_taux) for k, c in dues.items()}
    assert montants == {
        "liberal_carte": (D("340.00"), "", None),
        "retraite_actif_cheque": (D("340.00"), "", None),
        "retraite_virement": (D("100.00"), "", None),
        "retraite_elu": (D("340.00"), "", None),  # retired without activity but holding an ordinal mandate
        "reserviste": (D("0.00"), "reserviste", 100),
        "humanitaire": (D("0.00"), "humanitaire", 100),
        "non_obligatoire": (D("170.00"), "non_obligatoire", 50),
        "insuffisance": (D("340.00"), "", None),
        "paie_apres_lrar2": (D("340.00"), "", None),
        "ne_paie_pas": (D("340.00"), "", None),
        "premiere_mars": (D("170.00"), "premiere_inscription", 50),
        "premiere_octobre": (D("0.00"), "premiere_inscription_t4", 100),
        "selarl": (D("300.00"), "", None),
        "societe_t4": (D("0.00"), "societe_t4", 100),
    }
    assert {dues[k].statut for k in ("reserviste", "humanitaire", "premiere_octobre", "societe_t4")} == {"exoneree"}

    def payer(cle, montant, mode, jour):
        services.paiement_enregistrer(
            cotisation=Cotisation.objects.get(pk=dues[cle].pk), montant=D(montant), mode=mode, date=jour, par=systeme
        )

    def releve(jour):
        c = dues["retraite_virement"]
        fichier = camt053([("BQ-2026-0420-1", jour, "100.00", "VIR SEPA VIREBANQUE", espacer(c.reference), "")])
        bilan = services.releve_importer(releve=lire_releve(fichier), par=comptable, today=jour)
        assert (bilan["rapprochees"], bilan["deja_importees"]) == (1, 0)

    def exonerer(jour):
        deliberation = _plenier(jour, "Exonération pour insuffisance de ressources, dossier D-2026-001")
        services.exoneration_accorder(
            cotisation=Cotisation.objects.get(pk=dues["insuffisance"].pk),
            motif="insuffisance_ressources",
            taux=50,
            deliberation=deliberation,
            par=systeme,
            today=jour,
        )

    evenements = {
        J(2026, 2, 10): lambda j: payer("liberal_carte", "340.00", "cb", j),
        J(2026, 3, 20): lambda j: payer("retraite_actif_cheque", "340.00", "cheque", j),
        J(2026, 3, 25): exonerer,
        J(2026, 4, 20): releve,
        J(2026, 5, 10): lambda j: payer("selarl", "100.00", "cheque", j),
        J(2026, 6, 20): lambda j: payer("selarl", "207.00", "virement", j),
        J(2026, 12, 20): lambda j: payer("paie_apres_lrar2", "354.00", "especes", j),
    }
    jour = J(2026, 1, 5)
    with django_capture_on_commit_callbacks(execute=False):
        while jour <= J(2027, 1, 19):
            if jour in evenements:
                evenements[jour](jour)
            if jour >= J(2026, 4, 15):
                services.relances_executer(date=jour, par=systeme)
            jour += datetime.timedelta(days=1)

    # January 2027: the plenary deliberates on the list of the remaining debtors, then one request per debtor.
    restants = {c.pk for c in selectors.debiteurs_restants(annee=2026, date=J(2027, 1, 19))}
    impayes = {"retraite_elu", "non_obligatoire", "ne_paie_pas", "premiere_mars"}
    assert restants == {dues[k].pk for k in impayes}
    poursuites = _plenier(J(2027, 1, 15), "Poursuites des cotisations 2026 impayées")
    assert services.injonctions_demander(annee=2026, deliberation=poursuites, par=systeme, today=J(2027, 1, 20)) == {
        "creees": 4,
        "existantes": 0,
    }
    # The same request twice writes nothing more.
    assert services.injonctions_demander(annee=2026, deliberation=poursuites, par=systeme, today=J(2027, 1, 20)) == {
        "creees": 0,
        "existantes": 4,
    }

    def lettres(cle):
        return [(r.etape, r.date, r.frais) for r in Relance.objects.filter(cotisation=dues[cle]).order_by("date")]

    chaine = [RAPPEL, LRAR1, LRAR2, INJONCTION]
    for cle in impayes:
        assert lettres(cle) == chaine, cle
    for cle in ("liberal_carte", "retraite_actif_cheque", "reserviste", "humanitaire", "premiere_octobre"):
        assert lettres(cle) == [], cle
    assert lettres("societe_t4") == []
    assert lettres("retraite_virement") == [RAPPEL]  # paid by the transfer of 20 April
    assert lettres("insuffisance") == []  # the plenary's exemption of 25 March stopped the chain before it began
    assert lettres("selarl") == [RAPPEL, LRAR1]  # partly paid in May, the rest (with the postage) in June
    assert lettres("paie_apres_lrar2") == [RAPPEL, LRAR1, LRAR2]

    soldes = {k: Cotisation.objects.get(pk=c.pk) for k, c in dues.items()}
    figures = {k: (c.frais, c.montant_paye, c.solde, c.statut) for k, c in soldes.items()}
    assert figures["liberal_carte"] == (D("0.00"), D("340.00"), D("0.00"), "payee")
    assert figures["retraite_virement"] == (D("0.00"), D("100.00"), D("0.00"), "payee")
    assert figures["selarl"] == (D("7.00"), D("307.00"), D("0.00"), "payee")
    assert figures["paie_apres_lrar2"] == (D("14.00"), D("354.00"), D("0.00"), "payee")
    assert figures["insuffisance"] == (D("0.00"), D("0.00"), D("170.00"), "due")
    assert soldes["insuffisance"].exoneration_deliberation.objet.startswith("Exonération")
    assert figures["ne_paie_pas"] == (D("14.00"), D("0.00"), D("354.00"), "due")
    assert figures["retraite_elu"] == (D("14.00"), D("0.00"), D("354.00"), "due")
    assert figures["non_obligatoire"] == (D("14.00"), D("0.00"), D("184.00"), "due")
    assert figures["premiere_mars"] == (D("14.00"), D("0.00"), D("184.00"), "due")
    # Legal interest on the dues from the first registered letter (1 June 2026) to the request (20 January 2027):
    # 29 days of 2026's first half-year + 184 of its second + 20 of 2027's first = 233 days at 2.76 %, over 365.
    # 340 × 2.76 % × 233 / 365 = 5.99; 170 × … = 3.00.
    interets = {k: Relance.objects.get(cotisation=dues[k], etape="injonction").interets for k in impayes}
    assert interets == {
        "retraite_elu": D("5.99"),
        "ne_paie_pas": D("5.99"),
        "non_obligatoire": D("3.00"),
        "premiere_mars": D("3.00"),
    }
    # Non-payment never changes the registration.
    for cle in impayes:
        medecin = m[cle]
        medecin.refresh_from_db()
        assert medecin.statut == "inscrit"
    # The unpaid statement at the end of the year says the same.
    etat = selectors.etat_impayes(date=J(2026, 12, 31), par=systeme)
    assert etat["nombre"] == 5  # the four pursued and the 50 % hardship exemption, still unpaid
    assert etat["total"] == D("354.00") * 2 + D("184.00") * 2 + D("170.00")
