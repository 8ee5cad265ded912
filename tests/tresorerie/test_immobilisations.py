"""The fixed-asset register and its straight-line depreciation (seed 002 L.II T.I 2.6: software 1 year, building 25,
office and IT equipment 5, furniture and fittings 10), pro rata temporis from the date put into service on a
360-day year; disposal (cession, rebut)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tresorerie import services
from tresorerie.comptabilite import dotations_de_l_annee, plan_amortissement
from tresorerie.models import CategorieImmobilisation, Immobilisation

pytestmark = pytest.mark.django_db
JOUR = datetime.date(2027, 3, 15)


def _immo(par, categorie, valeur, service, *, acquisition=None, today=JOUR):
    return services.immobilisation_enregistrer(
        designation=f"Bien {categorie}",
        categorie=categorie,
        valeur_origine=Decimal(valeur),
        date_acquisition=acquisition or service,
        date_mise_en_service=service,
        par=par,
        today=today,
    )


def test_les_durees_d_amortissement_du_reglement_sont_des_donnees():
    durees = dict(CategorieImmobilisation.objects.values_list("code", "duree_annees"))
    assert durees == {
        "logiciel": 1,
        "batiment": 25,
        "materiel_bureau": 5,
        "materiel_informatique": 5,
        "mobilier": 10,
        "agencements": 10,
    }
    assert CategorieImmobilisation.objects.get(code="logiciel").incorporelle


def test_un_ordinateur_de_1500_euros_mis_en_service_le_1er_juillet_s_amortit_sur_5_ans_prorata(chaine):
    immo = _immo(chaine.user("tresorier"), "materiel_informatique", "1500.00", datetime.date(2026, 7, 1))
    plan = plan_amortissement(immo)
    assert [(a.annee, a.dotation) for a in plan] == [
        (2026, Decimal("150.00")),
        (2027, Decimal("300.00")),
        (2028, Decimal("300.00")),
        (2029, Decimal("300.00")),
        (2030, Decimal("300.00")),
        (2031, Decimal("150.00")),
    ]
    assert plan[-1].vnc == 0 and plan[-1].cumul == Decimal("1500.00")


def test_un_logiciel_s_amortit_sur_un_an(chaine):
    immo = _immo(chaine.user("tresorier"), "logiciel", "1200.00", datetime.date(2027, 1, 1))
    assert [(a.annee, a.dotation) for a in plan_amortissement(immo)] == [(2027, Decimal("1200.00"))]


def test_un_batiment_s_amortit_sur_25_ans_et_le_plan_tombe_juste_au_centime(chaine):
    immo = _immo(chaine.user("tresorier"), "batiment", "250000.01", datetime.date(2026, 3, 16))
    plan = plan_amortissement(immo)
    assert len(plan) == 26 and plan[0].annee == 2026 and plan[-1].annee == 2051
    # 16 March → 31 December: 9 months of 30 days + 15 days = 285 days of 360.
    assert plan[0].dotation == Decimal("7916.67")
    assert sum(a.dotation for a in plan) == Decimal("250000.01")


def test_le_mobilier_et_les_agencements_sur_10_ans_le_materiel_de_bureau_sur_5(chaine):
    t = chaine.user("tresorier")
    for categorie, annees in (("mobilier", 10), ("agencements", 10), ("materiel_bureau", 5)):
        immo = _immo(t, categorie, "1000.00", datetime.date(2027, 1, 1))
        assert immo.duree_annees == annees and len(plan_amortissement(immo)) == annees


def test_la_duree_est_figee_a_l_enregistrement(chaine):
    immo = _immo(chaine.user("tresorier"), "mobilier", "1000.00", datetime.date(2027, 1, 1))
    CategorieImmobilisation.objects.filter(code="mobilier").update(duree_annees=8)
    immo.refresh_from_db()
    assert len(plan_amortissement(immo)) == 10


def test_la_dotation_de_l_annee_est_la_somme_des_plans(chaine):
    t = chaine.user("tresorier")
    _immo(t, "materiel_informatique", "1500.00", datetime.date(2026, 7, 1))
    _immo(t, "logiciel", "600.00", datetime.date(2027, 1, 1))
    total = sum(d["annuite"].dotation for d in dotations_de_l_annee(2027))
    assert total == Decimal("900.00")


def test_une_cession_arrete_l_amortissement_a_sa_date(chaine):
    t = chaine.user("tresorier")
    immo = _immo(t, "materiel_informatique", "1500.00", datetime.date(2026, 7, 1))
    services.immobilisation_sortir(
        immobilisation_id=immo.pk,
        date=datetime.date(2027, 3, 31),
        motif="cession",
        prix_cession=Decimal("900.00"),
        par=t,
        today=datetime.date(2027, 4, 1),
    )
    immo.refresh_from_db()
    plan = plan_amortissement(immo)
    assert [(a.annee, a.dotation) for a in plan] == [(2026, Decimal("150.00")), (2027, Decimal("75.00"))]
    assert plan[-1].vnc == Decimal("1275.00")
    with pytest.raises(ValidationError):
        services.immobilisation_sortir(
            immobilisation_id=immo.pk,
            date=datetime.date(2027, 4, 1),
            motif="rebut",
            par=t,
            today=datetime.date(2027, 4, 1),
        )


def test_une_mise_au_rebut_n_a_pas_de_prix_une_cession_en_a_un(chaine):
    t = chaine.user("tresorier")
    immo = _immo(t, "mobilier", "800.00", datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError) as err:
        services.immobilisation_sortir(
            immobilisation_id=immo.pk, date=JOUR, motif="rebut", prix_cession=Decimal("10.00"), par=t, today=JOUR
        )
    assert "prix_cession" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.immobilisation_sortir(immobilisation_id=immo.pk, date=JOUR, motif="cession", par=t, today=JOUR)
    assert "prix_cession" in err.value.message_dict
    immo.refresh_from_db()
    assert immo.date_sortie is None


@pytest.mark.parametrize("valeur", [Decimal("-1.00"), Decimal("0"), 99.9])
def test_une_valeur_negative_nulle_ou_flottante_est_refusee(chaine, valeur):
    with pytest.raises(ValidationError) as err:
        services.immobilisation_enregistrer(
            designation="Chaise",
            categorie="mobilier",
            valeur_origine=valeur,
            date_acquisition=JOUR,
            date_mise_en_service=JOUR,
            par=chaine.user("tresorier"),
            today=JOUR,
        )
    assert "valeur_origine" in err.value.message_dict
    assert not Immobilisation.objects.exists()


def test_la_mise_en_service_ne_precede_pas_l_acquisition(chaine):
    with pytest.raises(ValidationError) as err:
        _immo(chaine.user("tresorier"), "mobilier", "100.00", JOUR - datetime.timedelta(1), acquisition=JOUR)
    assert "date_mise_en_service" in err.value.message_dict
    assert not Immobilisation.objects.exists()


def test_l_ordonnateur_n_inscrit_pas_d_immobilisation(chaine):
    with pytest.raises(PermissionDenied):
        _immo(chaine.user("ordonnateur"), "mobilier", "100.00", JOUR)
    assert not Immobilisation.objects.exists()


def test_le_tableau_des_amortissements_de_l_annee_se_lit_et_s_exporte_en_xlsx(client, chaine):
    """The treasurer's yearly depreciation schedule (issue 11 point 6): 1 500 € of IT equipment put into service on
    1 July 2026 (300 € a year) and 600 € of software on 1 January 2027 (1 year): 2027's dotation is 900 €."""
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    from tests.requetes import connecter_personnel

    t = chaine.user("tresorier")
    _immo(t, "materiel_informatique", "1500.00", datetime.date(2026, 7, 1))
    _immo(t, "logiciel", "600.00", datetime.date(2027, 1, 1))
    connecter_personnel(client, "tresorerie.immobilisation")
    url = reverse("admin:tresorerie_immobilisation_amortissements")
    page = client.get(url, {"annee": 2027})
    assert page.status_code == 200
    texte = page.content.decode()
    assert "Tableau des amortissements de l&#x27;exercice 2027" in texte or "exercice 2027" in texte
    assert "900,00" in texte and "300,00" in texte and "600,00" in texte
    fichier = client.get(url, {"annee": 2027, "export": "xlsx"})
    assert fichier["Content-Disposition"].endswith('tableau-des-amortissements-2027.xlsx"')
    feuille = load_workbook(BytesIO(fichier.content)).active
    valeurs = [c for ligne in feuille.iter_rows(values_only=True) for c in ligne if c is not None]
    assert Decimal("900.00") in [Decimal(str(v)) for v in valeurs if isinstance(v, int | float | Decimal)]
    assert client.get(url, {"annee": "deux mille"}).status_code == 200  # a wrong year: the form says so, no crash
