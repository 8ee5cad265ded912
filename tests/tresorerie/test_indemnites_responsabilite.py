"""The responsibility allowances of the président, the secrétaire général and the trésorier (seed 002 annexe IV
3.2, Titre VI 1; DOMAIN.md 3): the scale on the registered doctors of 1 October N-1, the default split, the plenary's
raise to 18 000 € and its other split, the Paris cap, 3 × PASS, the stop after 3 months of unavailability."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import BaremeIndemnites, RepartitionIndemnites
from tresorerie.selectors import inscrits_au
from tresorerie.services.indemnites import president_bareme

pytestmark = pytest.mark.django_db

D = Decimal


def _montants(inscrits, par, annee=2027):
    return services.indemnites_responsabilite(annee=annee, inscrits=inscrits, par=par, today=JOUR)


def _deliberation(*, adoptee=True, type="pleniere", date=datetime.date(2026, 11, 20)):
    return factories.DeliberationFactory(
        seance=factories.SeanceFactory(date=date, type=type), adoptee=adoptee, objet="Indemnités de responsabilité 2027"
    )


# --- the scale ---------------------------------------------------------------------------------------------------


def test_5501_inscrits_president_28500_sg_19000_tresorier_14250(systeme):
    # The seed's own example (annexe IV, note 3): 7 000 + 4 × 5 000 + 3 × 500 = 28 500 €.
    assert _montants(5501, systeme) == {
        "president": D("28500.00"),
        "secretaire_general": D("19000.00"),
        "tresorier": D("14250.00"),
    }


@pytest.mark.parametrize(
    ("inscrits", "president"),
    [(0, "7000.00"), (1000, "11000.00"), (5000, "27000.00"), (5001, "27000.00"), (5002, "27003.00")],
)
def test_le_socle_plus_4_euros_jusqu_a_5000_puis_3_euros(systeme, inscrits, president):
    assert _montants(inscrits, systeme)["president"] == D(president)


def test_le_secretaire_general_a_les_deux_tiers_et_le_tresorier_la_moitie_arrondis_au_centime(systeme):
    # 1 000 inscrits: 11 000 € → 7 333.33 € (2/3 rounded half-up) and 5 500 €.
    assert _montants(1000, systeme) == {
        "president": D("11000.00"),
        "secretaire_general": D("7333.33"),
        "tresorier": D("5500.00"),
    }
    # 1 001 inscrits: 11 004 € → 7 336 €, 5 502 €.
    assert _montants(1001, systeme)["secretaire_general"] == D("7336.00")


def test_les_montants_viennent_du_bareme_de_l_annee_modifiable(systeme):
    BaremeIndemnites.objects.filter(annee=2027).update(socle_president=D("7500.00"))
    assert _montants(5501, systeme)["president"] == D("29000.00")
    assert _montants(5501, systeme, annee=2026)["president"] == D("28500.00")


def test_une_annee_sans_bareme_est_refusee_en_disant_quoi_faire(systeme):
    with pytest.raises(ValidationError, match="Aucun barème des indemnités pour 2031"):
        _montants(5501, systeme, annee=2031)


def test_un_nombre_d_inscrits_negatif_est_refuse(systeme):
    with pytest.raises(ValidationError) as err:
        _montants(-1, systeme)
    assert "inscrits" in err.value.message_dict


def test_jamais_au_dela_de_trois_fois_le_pass(systeme):
    BaremeIndemnites.objects.filter(annee=2027).update(plafond_annuel_securite_sociale=D("9000.00"))
    assert _montants(5501, systeme)["president"] == D("27000.00")


# --- the registered doctors on 1 October N-1 ---------------------------------------------------------------------


def test_les_inscrits_sont_comptes_au_tableau_du_1er_octobre_de_l_annee_precedente(systeme):
    factories.MedecinFactory()  # on the tableau since 2015
    factories.MedecinFactory(date_inscription=datetime.date(2026, 10, 1), date_statut=datetime.date(2026, 10, 1))
    factories.MedecinFactory(date_inscription=datetime.date(2026, 10, 2), date_statut=datetime.date(2026, 10, 2))
    radie = factories.MedecinFactory(statut="radie")  # struck off in December: on the tableau on 1 October
    factories.ChangementStatutFactory(
        medecin=radie, ancien_statut="inscrit", nouveau_statut="radie", date=datetime.date(2026, 12, 1)
    )
    parti = factories.MedecinFactory(statut="transfere")  # left in September
    factories.ChangementStatutFactory(
        medecin=parti, ancien_statut="inscrit", nouveau_statut="transfere", date=datetime.date(2026, 9, 30)
    )
    factories.MedecinFactory(statut="demande", date_inscription=None)
    assert inscrits_au(datetime.date(2026, 10, 1)) == 3
    # GET without `inscrits`: 3 doctors → 7 012 €.
    assert _montants(None, systeme)["president"] == D("7012.00")


def test_un_nombre_d_inscrits_enregistre_pour_l_annee_remplace_le_comptage(systeme):
    factories.MedecinFactory()
    services.repartition_enregistrer(annee=2027, inscrits=5501, par=systeme, today=JOUR)
    assert _montants(None, systeme)["president"] == D("28500.00")
    assert _montants(1000, systeme)["president"] == D("11000.00")  # the figure given wins


# --- the plenary: raise to 18 000 €, another split ----------------------------------------------------------------


def test_la_pleniere_peut_relever_le_president_a_18000_en_gardant_les_proportions(systeme):
    services.repartition_enregistrer(
        annee=2027, inscrits=1000, releve_au_plancher=True, deliberation_id=_deliberation().pk, par=systeme, today=JOUR
    )
    assert services.indemnites_fixees(2027) == {
        "president": D("18000.00"),
        "secretaire_general": D("12000.00"),
        "tresorier": D("9000.00"),
    }
    assert _montants(None, systeme)["president"] == D("18000.00")


def test_sans_vote_le_president_sous_18000_reste_a_son_montant(systeme):
    services.repartition_enregistrer(annee=2027, inscrits=1000, par=systeme, today=JOUR)
    assert services.indemnites_fixees(2027)["president"] == D("11000.00")


def test_le_relevement_a_18000_sans_deliberation_est_refuse_et_rien_n_est_ecrit(systeme):
    with pytest.raises(ValidationError) as err:
        services.repartition_enregistrer(annee=2027, inscrits=1000, releve_au_plancher=True, par=systeme, today=JOUR)
    assert "deliberation" in err.value.message_dict
    assert not RepartitionIndemnites.objects.exists()


@pytest.mark.parametrize(("adoptee", "type"), [(False, "pleniere"), (True, "bureau")])
def test_une_deliberation_rejetee_ou_du_bureau_ne_fixe_pas_les_indemnites(systeme, adoptee, type):
    with pytest.raises(ValidationError, match="adoptée en séance plénière"):
        services.repartition_enregistrer(
            annee=2027,
            inscrits=1000,
            releve_au_plancher=True,
            deliberation_id=_deliberation(adoptee=adoptee, type=type).pk,
            par=systeme,
            today=JOUR,
        )
    assert not RepartitionIndemnites.objects.exists()


def test_le_relevement_ne_vaut_que_sous_18000(systeme):
    # 2 750 inscrits → 18 000 € exactly: nothing to raise. 2 749 → 17 996 €: may be raised.
    assert president_bareme(BaremeIndemnites.objects.get(annee=2027), 2750) == D("18000.00")
    with pytest.raises(ValidationError) as err:
        services.repartition_enregistrer(
            annee=2027,
            inscrits=2750,
            releve_au_plancher=True,
            deliberation_id=_deliberation().pk,
            par=systeme,
            today=JOUR,
        )
    assert "releve_au_plancher" in err.value.message_dict
    assert not RepartitionIndemnites.objects.exists()
    services.repartition_enregistrer(
        annee=2027, inscrits=2749, releve_au_plancher=True, deliberation_id=_deliberation().pk, par=systeme, today=JOUR
    )
    assert services.indemnites_fixees(2027)["president"] == D("18000.00")


def _repartir(president, sg, tresorier, systeme, deliberation=True):
    return services.repartition_enregistrer(
        annee=2027,
        inscrits=5501,
        montant_president=president,
        montant_secretaire_general=sg,
        montant_tresorier=tresorier,
        deliberation_id=_deliberation().pk if deliberation else None,
        par=systeme,
        today=JOUR,
    )


def test_une_autre_repartition_dans_la_meme_somme_est_acceptee(systeme):
    # 28 500 + 19 000 + 14 250 = 61 750 €, split otherwise.
    _repartir(D("25000.00"), D("20000.00"), D("16750.00"), systeme)
    assert services.indemnites_fixees(2027) == {
        "president": D("25000.00"),
        "secretaire_general": D("20000.00"),
        "tresorier": D("16750.00"),
    }
    # The API keeps the default split.
    assert _montants(None, systeme)["secretaire_general"] == D("19000.00")


def test_une_repartition_au_dela_de_la_somme_theorique_est_refusee_et_rien_n_est_ecrit(systeme):
    with pytest.raises(ValidationError, match="au-delà de la somme théorique"):
        _repartir(D("25000.00"), D("20000.00"), D("16750.01"), systeme)
    assert not RepartitionIndemnites.objects.exists()


def test_aucun_ne_depasse_l_indemnite_theorique_du_president(systeme):
    with pytest.raises(ValidationError) as err:
        _repartir(D("18000.00"), D("28500.01"), D("15249.99"), systeme)
    assert "montant_secretaire_general" in err.value.message_dict
    assert not RepartitionIndemnites.objects.exists()
    _repartir(D("18000.00"), D("28500.00"), D("15250.00"), systeme)  # at the président's figure: accepted


def test_une_autre_repartition_sans_deliberation_est_refusee(systeme):
    with pytest.raises(ValidationError) as err:
        _repartir(D("25000.00"), D("20000.00"), D("16750.00"), systeme, deliberation=False)
    assert "deliberation" in err.value.message_dict
    assert not RepartitionIndemnites.objects.exists()


@pytest.mark.parametrize(
    "montants",
    [
        (D("-1.00"), D("20000.00"), D("16750.00")),
        (25000.0, D("20000.00"), D("16750.00")),
        (D("25000.001"), D("20000.00"), D("16750.00")),
        (D("0.00"), D("20000.00"), D("16750.00")),
        (D("25000.00"), D("20000.00"), None),
    ],
    ids=["negatif", "float", "trois-decimales", "zero", "deux-sur-trois"],
)
def test_des_montants_negatifs_flottants_ou_incomplets_sont_refuses(systeme, montants):
    with pytest.raises(ValidationError):
        _repartir(*montants, systeme)
    assert not RepartitionIndemnites.objects.exists()


def test_la_repartition_est_enregistree_par_la_comptabilite_ou_le_tresorier_pas_par_un_conseiller(chaine):
    with pytest.raises(PermissionDenied):
        services.repartition_enregistrer(annee=2027, inscrits=5501, par=chaine.user("membre"), today=JOUR)
    services.repartition_enregistrer(annee=2027, inscrits=5501, par=chaine.user("tresorier"), today=JOUR)
    comptable = factories.StaffFactory(groupe="comptabilite")
    services.repartition_enregistrer(annee=2027, inscrits=5600, par=comptable, today=JOUR)
    assert RepartitionIndemnites.objects.get().inscrits == 5600


# --- Paris --------------------------------------------------------------------------------------------------------


def test_le_conseil_de_paris_est_plafonne_a_80000(systeme, settings):
    # 30 000 inscrits: 7 000 + 20 000 + 3 × 24 999 = 101 997 € → 80 000 € in Paris only.
    assert _montants(30000, systeme)["president"] == D("101997.00")
    settings.CDOM_DEPARTEMENT = "75"
    assert _montants(30000, systeme) == {
        "president": D("80000.00"),
        "secretaire_general": D("53333.33"),
        "tresorier": D("40000.00"),
    }
    assert _montants(5501, systeme)["president"] == D("28500.00")


# --- paid by the month, stopped after 3 months of unavailability ---------------------------------------------------


def test_l_indemnite_de_fonction_cesse_apres_trois_mois_d_indisponibilite(chaine):
    services.repartition_enregistrer(annee=2027, inscrits=5501, par=chaine.user("tresorier"), today=JOUR)
    # The président is unavailable from 10 January 2027: February, March, April paid (on their 1st day, less than
    # three months); from 1 May (more than three months) nothing.
    factories.IndisponibiliteFactory(membre=chaine.president, date_debut=datetime.date(2027, 1, 10))
    rapport = services.indemnites_rapport(
        annee=2027, membre_id=chaine.president.pk, par=chaine.user("tresorier"), today=JOUR
    )
    mois = rapport["lignes"][0]["mois"]
    assert [m["brut"] for m in mois[:4]] == [D("2375.00")] * 4
    assert [m["brut"] for m in mois[4:]] == [D("0.00")] * 8
