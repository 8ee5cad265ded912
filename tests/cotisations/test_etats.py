"""The statements (issue 10 point 9): the unpaid-dues statement at a date around a payment, a reminder's postage, a
counter-entry and an exemption, with exact totals; its API (the contract's keys, the 400s in French, who may read
it), its XLSX export (totals equal to the JSON's); the treasurer's dashboard (collection rate by month, reminder
steps, what is still due, the bank credits waiting)."""

import datetime
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from cotisations import selectors, services
from cotisations.models import Categorie, Relance
from tests import factories

J = datetime.date
pytestmark = pytest.mark.django_db
URL = "/api/cotisations/impayes/"


@pytest.fixture
def monde(systeme):
    """A (340, partly paid, then LRAR, paid off, the last payment cancelled), B (340, exempted 50 % in October), C (a
    company, 300, paid on 1 March), D (called on 2 April), E (exempted 100 % at the call)."""
    factories.BaremeFactory(annee=2026)
    a = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Aubert", prenom="Anne"))
    b = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Brun", prenom="Bruno"))
    societe = factories.SocieteFactory(raison_sociale="SELARL Centre")
    c = factories.CotisationFactory(
        medecin=None,
        societe=societe,
        categorie="societe",
        montant_bareme=D("300.00"),
        montant_du=D("300.00"),
        reference=services.reference_societe(2026, societe.pk),
    )
    d = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Dupuy"), appelee_le=J(2026, 4, 2))
    factories.CotisationFactory(
        medecin=factories.MedecinFactory(nom="Exempt"),
        exoneration_motif="reserviste",
        exoneration_taux=100,
        montant_du=D("0.00"),
        statut="exoneree",
    )

    def payer(cotisation, montant, jour, mode="cheque"):
        return services.paiement_enregistrer(
            cotisation=cotisation, montant=D(montant), mode=mode, date=jour, par=systeme
        )

    payer(a, "100.00", J(2026, 2, 1))
    Relance.objects.create(cotisation=a, etape="lrar1", date=J(2026, 6, 1), frais=D("7.00"))
    a.refresh_from_db()
    a.frais = D("7.00")
    a.save()
    solde = payer(a, "247.00", J(2026, 7, 10), mode="virement")
    services.paiement_annuler(paiement=solde, motif="Virement rejeté par la banque", par=systeme, today=J(2026, 8, 1))
    payer(c, "300.00", J(2026, 3, 1), mode="virement")
    deliberation = factories.DeliberationFactory(seance=factories.SeanceFactory(date=J(2026, 10, 8)))
    services.exoneration_accorder(
        cotisation=b,
        motif="insuffisance_ressources",
        taux=50,
        deliberation=deliberation,
        par=systeme,
        today=J(2026, 10, 15),
    )
    return {"a": a, "b": b, "c": c, "d": d}


def _etat(date, par):
    etat = selectors.etat_impayes(date=date, par=par)
    return etat, {ligne["id"]: ligne for ligne in etat["lignes"]}


@pytest.mark.parametrize(
    ("jour", "soldes", "total"),
    [
        (J(2026, 1, 4), {}, "0.00"),  # nothing called yet
        (J(2026, 1, 31), {"a": "340.00", "b": "170.00", "c": "300.00"}, "810.00"),
        (J(2026, 2, 1), {"a": "240.00", "b": "170.00", "c": "300.00"}, "710.00"),  # the payment of that day counts
        (J(2026, 3, 31), {"a": "240.00", "b": "170.00"}, "410.00"),  # C paid on 1 March, D not called yet
        (J(2026, 5, 31), {"a": "240.00", "b": "170.00", "d": "340.00"}, "750.00"),
        (J(2026, 6, 1), {"a": "247.00", "b": "170.00", "d": "340.00"}, "757.00"),  # the LRAR's postage
        (J(2026, 7, 10), {"b": "170.00", "d": "340.00"}, "510.00"),  # A paid off
        (J(2026, 7, 31), {"b": "170.00", "d": "340.00"}, "510.00"),
        (J(2026, 8, 1), {"a": "247.00", "b": "170.00", "d": "340.00"}, "757.00"),  # the counter-entry
        (J(2026, 12, 31), {"a": "247.00", "b": "170.00", "d": "340.00"}, "757.00"),
    ],
)
def test_l_etat_a_une_date(monde, systeme, jour, soldes, total):
    etat, lignes = _etat(jour, systeme)
    assert {ligne_id: f"{ligne['solde_a_date']:.2f}" for ligne_id, ligne in lignes.items()} == {
        monde[cle].pk: valeur for cle, valeur in soldes.items()
    }
    assert etat["nombre"] == len(soldes)
    assert f"{etat['total']:.2f}" == total


def test_le_detail_d_une_ligne_a_la_date(monde, systeme):
    _, avant = _etat(J(2026, 5, 31), systeme)
    _, apres = _etat(J(2026, 8, 1), systeme)
    a = monde["a"].pk
    assert (avant[a]["frais_a_date"], avant[a]["paye_a_date"], avant[a]["derniere_relance"]) == (
        D("0.00"),
        D("100.00"),
        None,
    )
    # 100 paid, 247 paid then cancelled: 100 net; the LRAR's 7.00 claimed.
    assert (apres[a]["frais_a_date"], apres[a]["paye_a_date"], apres[a]["derniere_relance"]) == (
        D("7.00"),
        D("100.00"),
        "lrar1",
    )
    assert apres[a]["redevable"] == "Anne AUBERT"


def test_l_exoneration_compte_pour_toute_l_annee(monde, systeme):
    """The documented choice: the current amount due, after the exemption decided in October, also at 31 March."""
    _, lignes = _etat(J(2026, 3, 31), systeme)
    assert lignes[monde["b"].pk]["montant_du"] == D("170.00")
    assert monde["b"].history.filter(montant_du=D("340.00")).exists()  # the amount before, in the history


def test_les_totaux_par_annee_et_par_tarif(monde, systeme):
    factories.CotisationFactory(annee=2025, appelee_le=J(2025, 1, 6), montant_du=D("330.00"))
    etat, _ = _etat(J(2026, 1, 31), systeme)
    assert [(t["annee"], t["categorie"], t["nombre"], t["solde"]) for t in etat["totaux"]] == [
        (2025, "plein", 1, D("330.00")),
        (2026, "plein", 2, D("510.00")),
        (2026, "societe", 1, D("300.00")),
    ]
    assert [(t["annee"], t["solde"]) for t in etat["totaux_annees"]] == [(2025, D("330.00")), (2026, D("810.00"))]
    assert etat["total"] == D("1140.00")


def test_l_etat_est_reserve_a_la_tresorerie(monde):
    for user in (factories.MedecinFactory(avec_compte=True).user, factories.StaffFactory(groupe="tableau")):
        with pytest.raises(PermissionDenied):
            selectors.etat_impayes(date=J(2026, 6, 30), par=user)
    tresorier = factories.FonctionFactory(fonction="tresorier", membre=factories.MembreFactory(avec_compte=True))
    assert selectors.etat_impayes(date=J(2026, 6, 30), par=tresorier.membre.medecin.user)["nombre"] == 3


# --- the API ------------------------------------------------------------------------------------------------------


@pytest.fixture
def comptable(api_client):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    return api_client


def test_l_api_rend_le_contrat(monde, comptable):
    reponse = comptable.get(URL, {"date": "2026-08-01"})
    assert reponse.status_code == 200
    donnees = reponse.json()
    assert {"date", "nombre", "total", "results"} <= set(donnees)
    assert (donnees["date"], donnees["nombre"], donnees["total"]) == ("2026-08-01", 3, "757.00")
    (ligne_a,) = [r for r in donnees["results"] if r["id"] == monde["a"].pk]
    assert ligne_a == {
        "id": monde["a"].pk,
        "annee": 2026,
        "medecin": monde["a"].medecin_id,
        "societe": None,
        "redevable": "Anne AUBERT",
        "categorie": "plein",
        "montant_du": "340.00",
        "frais": "7.00",
        "montant_paye": "100.00",
        "solde": "247.00",
        "derniere_relance": "lrar1",
    }


@pytest.mark.parametrize("parametres", [{}, {"date": ""}, {"date": "2026-02-30"}, {"date": "30/09/2026"}])
def test_l_api_refuse_une_date_absente_ou_invalide(monde, comptable, parametres):
    reponse = comptable.get(URL, parametres)
    assert reponse.status_code == 400
    (message,) = reponse.json()["date"]
    assert "AAAA-MM-JJ" in message


def test_l_api_refuse_les_medecins_et_les_autres_services(monde, api_client):
    for user in (factories.MedecinFactory(avec_compte=True).user, factories.StaffFactory(groupe="tableau")):
        api_client.force_authenticate(user)
        reponse = api_client.get(URL, {"date": "2026-06-30"})
        assert reponse.status_code == 403
        assert "état des impayés" in reponse.json()["detail"]
    api_client.force_authenticate(None)
    assert api_client.get(URL, {"date": "2026-06-30"}).status_code in (401, 403)


def _feuille(contenu, nom):
    return list(load_workbook(BytesIO(contenu), read_only=True)[nom].iter_rows(values_only=True))


def test_l_export_xlsx_a_les_totaux_du_json(monde, comptable):
    json = comptable.get(URL, {"date": "2026-02-15"}).json()
    reponse = comptable.get(URL, {"date": "2026-02-15", "format": "xlsx"})
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert 'filename="etat-impayes-2026-02-15.xlsx"' in reponse["Content-Disposition"]
    lignes = _feuille(reponse.content, "Impayés")
    assert lignes[0][0] == "État de situation des impayés au 15 février 2026"
    assert lignes[1][:2] == ("Année", "Redevable") and lignes[1][8] == "Solde"
    detail = [ligne for ligne in lignes[2:] if ligne and isinstance(ligne[0], int)][: json["nombre"]]
    assert sorted(D(str(ligne[8])) for ligne in detail) == sorted(D(r["solde"]) for r in json["results"])
    (general,) = [ligne for ligne in lignes if len(ligne) > 1 and str(ligne[1]).startswith("Total général")]
    assert D(str(general[8])).quantize(D("0.01")) == D(json["total"])
    totaux = _feuille(reponse.content, "Totaux")
    par_tarif = {
        (t[0], t[1]): (t[2], D(str(t[6])).quantize(D("0.01")))
        for t in totaux[2:]
        if isinstance(t[0], int) and t[1] != "Toutes catégories"
    }
    libelles = dict(Categorie.choices)
    assert par_tarif == {(t["annee"], libelles[t["categorie"]]): (t["nombre"], D(t["solde"])) for t in json["totaux"]}
    assert len(par_tarif) == 2 and sum(v for _, v in par_tarif.values()) == D(json["total"]) == D("710.00")
    # Amounts are numbers with the euro format, not text.
    classeur = load_workbook(BytesIO(reponse.content))
    cellule = classeur["Impayés"]["I3"]
    assert isinstance(cellule.value, int | float) and "€" in cellule.number_format


def test_l_export_xlsx_d_une_date_invalide_repond_en_json(monde, comptable):
    reponse = comptable.get(URL, {"format": "xlsx"})
    assert reponse.status_code == 400
    assert reponse["Content-Type"].startswith("application/json")
    assert "date" in reponse.json()


# --- the admin pages ------------------------------------------------------------------------------------------------


def test_la_page_de_l_etat_et_son_export(monde, client):
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    page = client.get("/admin/cotisations/etatimpayes/", {"date": "2026-08-01"})
    assert page.status_code == 200
    texte = page.content.decode()
    assert "3 cotisations impayées" in texte and "Anne AUBERT" in texte and "757,00" in texte
    export = client.get("/admin/cotisations/etatimpayes/", {"date": "2026-08-01", "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    invalide = client.get("/admin/cotisations/etatimpayes/", {"date": "2026-02-30"})
    assert invalide.status_code == 200 and "Date invalide" in invalide.content.decode()
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get("/admin/cotisations/etatimpayes/").status_code == 403


def test_la_date_par_defaut_est_la_derniere_fin_de_trimestre():
    from cotisations.admin.etats import dernier_trimestre_clos

    assert dernier_trimestre_clos(J(2026, 12, 1)) == J(2026, 9, 30)
    assert dernier_trimestre_clos(J(2026, 9, 30)) == J(2026, 9, 30)
    assert dernier_trimestre_clos(J(2026, 3, 30)) == J(2025, 12, 31)


# --- the dashboard --------------------------------------------------------------------------------------------------


def test_le_taux_de_recouvrement_par_mois(monde, systeme):
    mois = selectors.taux_de_recouvrement(2026, jusqu_au=J(2026, 8, 15))
    par_mois = {m["mois"]: m for m in mois}
    # January: A, B (170 since the exemption), C, E (0) called = 810, nothing paid.
    assert (par_mois[1]["appele"], par_mois[1]["encaisse"], par_mois[1]["taux"]) == (D("810.00"), D("0"), D("0.0"))
    # March: 100 + 300 collected out of 810.
    assert (par_mois[3]["encaisse"], par_mois[3]["taux"]) == (D("400.00"), D("49.4"))
    # April: D called (1 150); June: the LRAR's postage (1 157); July: 647 collected; August: 247 cancelled.
    assert par_mois[4]["appele"] == D("1150.00")
    assert (par_mois[7]["appele"], par_mois[7]["encaisse"], par_mois[7]["taux"]) == (
        D("1157.00"),
        D("647.00"),
        D("55.9"),
    )
    assert (par_mois[8]["encaisse"], par_mois[8]["taux"]) == (D("400.00"), D("34.6"))
    assert par_mois[9]["taux"] is None and not par_mois[9]["atteint"]  # not reached yet


def test_le_tableau_de_bord(monde, systeme):
    factories.CotisationFactory(annee=2025, appelee_le=J(2025, 1, 6), montant_du=D("330.00"))
    bord = selectors.tableau_de_bord(annee=2026, today=J(2026, 8, 15), par=systeme)
    assert {r["etape"]: r["nombre"] for r in bord["relances"]} == {"rappel": 0, "lrar1": 1, "lrar2": 0, "injonction": 0}
    assert bord["reste_du"] == {
        "annee_nombre": 3,
        "annee_montant": D("757.00"),
        "tout_nombre": 4,
        "tout_montant": D("1087.00"),
    }
    assert bord["credits_en_attente"] == {"nombre": 0, "montant": D("0.00")}
    assert [m["taux"] for m in bord["precedent"]][:1] == [D("0.0")]
    with pytest.raises(PermissionDenied):
        selectors.tableau_de_bord(annee=2026, today=J(2026, 8, 15), par=factories.StaffFactory(groupe="tableau"))


def test_la_page_du_tableau_de_bord(monde, client):
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    page = client.get("/admin/cotisations/tableaudebord/", {"annee": "2026"})
    assert page.status_code == 200
    texte = page.content.decode()
    assert "<svg" in texte and "<polyline" in texte and "<caption>Taux de recouvrement cumulé" in texte
    assert "Crédits bancaires en attente de rapprochement" in texte
    # Coordinates are numbers SVG reads (never localised as « 23,4 »).
    import re

    coordonnees = re.findall(r'\b(?:x|y|cx|cy|x1|x2|y1|y2)="([^"]*)"', texte)
    assert coordonnees and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordonnees), coordonnees
    assert client.get("/admin/cotisations/tableaudebord/", {"annee": "abc"}).status_code == 200
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get("/admin/cotisations/tableaudebord/").status_code == 403


# --- the call's write path (tests/perf/bench_appel.py) --------------------------------------------------------------


@pytest.mark.parametrize(
    "corps", ["2026M10000001056", "2026S0000000042", "2027M19999999999", "A", "ZZ99ZZ99ZZ99ZZ99ZZ99Z"]
)
def test_la_reference_rf_est_celle_de_python_stdnum(corps):
    from stdnum import iso11649
    from stdnum.iso7064 import mod_97_10

    attendue = iso11649.validate(f"RF{mod_97_10.calc_check_digits(corps + 'RF')}{corps}")
    assert services.reference_paiement(corps) == attendue


@pytest.mark.parametrize("corps", ["", "2026-M1", "A" * 22, "é"])
def test_un_corps_de_reference_invalide_est_refuse(corps):
    with pytest.raises(ValueError, match="ISO 11649"):
        services.reference_paiement(corps)


def test_l_appel_ecrit_chaque_cotisation_et_sa_ligne_d_historique(systeme):
    """The same rows and history on both write paths (PostgreSQL's single statement, SQLite's bulk_create)."""
    from cotisations.models import Cotisation

    factories.BaremeFactory(annee=2026)
    medecin = factories.MedecinFactory(exercice="reserviste")
    societe = factories.SocieteFactory()
    resultat = services.cotisations_appeler(annee=2026, today=J(2026, 1, 5), par=systeme)
    assert resultat["creees"] == Cotisation.objects.count() >= 2  # the company's gérant is a doctor too
    cotisation = Cotisation.objects.get(medecin=medecin)
    assert (cotisation.montant_bareme, cotisation.montant_du, cotisation.statut, cotisation.exoneration_taux) == (
        D("340.00"),
        D("0.00"),
        "exoneree",
        100,
    )
    assert (cotisation.frais, cotisation.montant_paye, cotisation.appelee_le) == (D("0.00"), D("0.00"), J(2026, 1, 5))
    assert Cotisation.objects.get(societe=societe).reference == services.reference_societe(2026, societe.pk)
    for c in Cotisation.objects.all():
        (version,) = c.history.all()
        assert (version.history_type, version.history_user_id, version.reference, version.montant_du) == (
            "+",
            systeme.pk,
            c.reference,
            c.montant_du,
        )


# --- the demo -------------------------------------------------------------------------------------------------------


def test_la_demo_des_cotisations_est_idempotente(settings):
    from io import StringIO

    from django.core.management import call_command

    from cotisations.models import Cotisation, Paiement

    settings.DEBUG = True
    premiere = StringIO()
    call_command("demo", medecins=80, stdout=premiere)
    from django.utils import timezone

    annee = timezone.localdate().year
    appelees, paiements = Cotisation.objects.filter(annee=annee).count(), Paiement.objects.count()
    assert appelees > 60 and paiements > 20
    assert Paiement.objects.filter(annule__isnull=False).count() == 1
    modes = set(Paiement.objects.values_list("mode", flat=True))
    assert modes == {"cb", "cheque", "virement", "especes"}
    (exoneree,) = Cotisation.objects.filter(exoneration_motif="insuffisance_ressources")
    assert exoneree.exoneration_deliberation.adoptee and exoneree.exoneration_taux == 50
    assert f"Cotisations {annee} : {appelees} appelées" in premiere.getvalue()
    seconde = StringIO()
    call_command("demo", medecins=80, stdout=seconde)
    assert (Cotisation.objects.filter(annee=annee).count(), Paiement.objects.count()) == (appelees, paiements)
    assert f"0 appelées, {appelees} déjà appelées ; 0 paiements" in seconde.getvalue()
