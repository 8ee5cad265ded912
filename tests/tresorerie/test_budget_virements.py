"""Credit transfers (fongibilité, seed 002 L.II T.I 2.3 a): decided by the ordonnateur on the trésorier's proposal,
the budget's total unchanged, within the source line's available credit; above the year's threshold only through
an amendment voted in plenary. Two transfers at once lock both lines (in the order of their ids)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.concurrence import en_meme_temps
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import ParametreBudget, Virement
from tresorerie.selectors import budget_totaux, disponible, execution_budget


@pytest.fixture
def ligne_deplacements(budget):
    return budget.lignes.get(compte__numero="6251")


def _virer(chaine, de, vers, montant, qui="ordonnateur", **kwargs):
    return services.virement_decider(
        de_id=de.pk, vers_id=vers.pk, montant=montant, par=chaine.user(qui), today=JOUR, **kwargs
    )


def _frais(*lignes):
    for ligne in lignes:
        ligne.refresh_from_db()
    return [disponible(ligne) for ligne in lignes]


def test_l_ordonnateur_vire_des_credits_sur_proposition_du_tresorier_le_total_ne_change_pas(
    chaine, budget, ligne_fournitures, ligne_deplacements
):
    avant = budget_totaux(budget)
    ouverts_avant = execution_budget(budget)["total_depenses"]["ouvert"]
    virement = _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("2500.00"))
    assert virement.propose_par == chaine.user("tresorier") and virement.decide_par == chaine.user("ordonnateur")
    assert _frais(ligne_fournitures, ligne_deplacements) == [Decimal("7500.00"), Decimal("7500.00")]
    assert budget_totaux(budget) == avant
    assert execution_budget(budget)["total_depenses"]["ouvert"] == ouverts_avant


def test_le_tresorier_adjoint_qui_supplee_peut_proposer(chaine, ligne_fournitures, ligne_deplacements):
    factories.IndisponibiliteFactory(
        membre=chaine.tresorier, date_debut=datetime.date(2027, 3, 1), date_fin=datetime.date(2027, 3, 31)
    )
    virement = _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("100.00"))
    assert virement.propose_par == chaine.user("tresorier_adjoint")


def test_une_proposition_d_un_autre_que_le_tresorier_est_refusee(chaine, ligne_fournitures, ligne_deplacements):
    with pytest.raises(ValidationError) as err:
        _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("100.00"), propose_par=chaine.user("membre"))
    assert "propose_par" in err.value.message_dict
    assert not Virement.objects.exists()


@pytest.mark.parametrize("qui", ["tresorier", "liquidateur", "president"])
def test_seul_l_ordonnateur_decide_un_virement(chaine, ligne_fournitures, ligne_deplacements, qui):
    with pytest.raises(PermissionDenied):
        _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("100.00"), qui=qui)
    assert not Virement.objects.exists()


def test_la_comptabilite_ne_decide_pas_un_virement(chaine, ligne_fournitures, ligne_deplacements):
    comptable = factories.StaffFactory(groupe="Comptabilité")
    with pytest.raises(PermissionDenied):
        services.virement_decider(
            de_id=ligne_fournitures.pk,
            vers_id=ligne_deplacements.pk,
            montant=Decimal("1.00"),
            par=comptable,
            today=JOUR,
        )


def test_un_virement_au_dela_du_disponible_de_la_rubrique_source_est_refuse_et_rien_n_est_ecrit(
    chaine, ligne_fournitures, ligne_deplacements
):
    factories.EngagementFactory(ligne=ligne_fournitures, montant=Decimal("4000.00"))
    with pytest.raises(ValidationError) as err:
        _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("6000.01"))
    assert "crédit disponible" in err.value.message_dict["montant"][0]
    assert not Virement.objects.exists()
    _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("6000.00"))
    assert _frais(ligne_fournitures) == [Decimal("0.00")]


def test_un_virement_qui_changerait_le_total_est_refuse(chaine, budget, ligne_fournitures):
    recettes = budget.lignes.get(compte__numero="7561")
    with pytest.raises(ValidationError) as err:
        _virer(chaine, recettes, ligne_fournitures, Decimal("100.00"))
    assert "total du budget" in err.value.message_dict["de"][0]
    autre = factories.LigneBudgetaireFactory(
        budget=factories.BudgetFactory(annee=2026, statut="adopte"), compte=factories.compte("6251")
    )
    with pytest.raises(ValidationError) as err:
        _virer(chaine, ligne_fournitures, autre, Decimal("100.00"))
    assert "même budget" in err.value.message_dict["vers"][0]
    assert not Virement.objects.exists()


def test_un_virement_vers_la_meme_rubrique_est_refuse(chaine, ligne_fournitures):
    with pytest.raises(ValidationError):
        _virer(chaine, ligne_fournitures, ligne_fournitures, Decimal("100.00"))
    assert not Virement.objects.exists()


def test_un_montant_en_flottant_ou_nul_est_refuse(chaine, ligne_fournitures, ligne_deplacements):
    for montant in (100.0, Decimal("0"), Decimal("-5.00"), Decimal("1.001")):
        with pytest.raises(ValidationError) as err:
            _virer(chaine, ligne_fournitures, ligne_deplacements, montant)
        assert "montant" in err.value.message_dict
    assert not Virement.objects.exists()


def test_au_dessus_du_seuil_de_l_annee_un_virement_exige_un_avenant(
    chaine, budget, ligne_fournitures, ligne_deplacements
):
    ParametreBudget.objects.filter(annee=2027).update(seuil_virement=Decimal("3000.00"))
    _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("3000.00"))  # at the threshold: the ordonnateur
    with pytest.raises(ValidationError) as err:
        _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("3000.01"))
    assert "avenant" in err.value.message_dict["montant"][0]
    assert Virement.objects.count() == 1


def test_au_dessus_du_seuil_un_virement_passe_par_un_avenant_vote_en_pleniere(
    chaine, budget, ligne_fournitures, ligne_deplacements
):
    ParametreBudget.objects.filter(annee=2027).update(seuil_virement=Decimal("3000.00"))
    deliberation = factories.DeliberationFactory(seance__date=datetime.date(2027, 3, 11), objet="Avenant n° 1")
    avenant = services.avenant_enregistrer(
        budget_id=budget.pk,
        deliberation_id=deliberation.pk,
        objet="Virement de 5 000 € des fournitures vers les déplacements",
        variations=[],
        par=chaine.user("ordonnateur"),
        today=JOUR,
    )
    virement = _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("5000.00"), avenant_id=avenant.pk)
    assert virement.avenant == avenant
    with pytest.raises(ValidationError) as err:  # an amendment, one transfer
        _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("4000.00"), avenant_id=avenant.pk)
    assert "avenant" in err.value.message_dict
    assert Virement.objects.count() == 1


def test_le_seuil_manquant_pour_l_annee_est_dit_clairement(chaine, ligne_fournitures, ligne_deplacements):
    ParametreBudget.objects.filter(annee=2027).delete()
    with pytest.raises(ValidationError) as err:
        _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("10.00"))
    assert "Paramètres budgétaires" in str(err.value)
    assert not Virement.objects.exists()


def test_un_budget_en_preparation_ne_fait_pas_de_virement(chaine):
    budget = factories.BudgetFactory(annee=2028, statut="preparation")
    a = factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6064"))
    b = factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6251"))
    with pytest.raises(ValidationError):
        _virer(chaine, a, b, Decimal("10.00"))
    assert not Virement.objects.exists()


# --- races (PostgreSQL) ---------------------------------------------------------------------------------------------


@pytest.fixture
def donnees_initiales(transactional_db):
    """A transactional test starts from the database a previous one flushed: the initial data of the migrations
    (the accounting plan, the yearly parameters) loaded again, as they load them (idempotent)."""
    from importlib import import_module

    from django.apps import apps

    for migration in ("0002_plan_comptable", "0004_budget_parametres_initiaux"):
        import_module(f"tresorerie.migrations.{migration}").charger(apps, None)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_virements_en_meme_temps_ne_depassent_pas_le_disponible(
    donnees_initiales, chaine, budget, ligne_fournitures, ligne_deplacements
):
    """Two transfers of 6 000 € out of 10 000 € at once: exactly one passes (the source line is locked before its
    credit is counted). Checked to fail without the lock (both pass, the line ends at -2 000 €)."""
    autre = budget.lignes.create(compte=factories.compte("6226"), montant=Decimal("0.00"))
    resultats = en_meme_temps(
        lambda: _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("6000.00")),
        lambda: _virer(chaine, ligne_fournitures, autre, Decimal("6000.00")),
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert all(isinstance(r.erreur, ValidationError) for r in resultats if not r.ok)
    assert Virement.objects.count() == 1
    assert _frais(ligne_fournitures) == [Decimal("4000.00")]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_virements_croises_en_meme_temps_ne_se_bloquent_pas(
    donnees_initiales, chaine, budget, ligne_fournitures, ligne_deplacements
):
    """A → B and B → A at once: both lines locked in the order of their ids, so neither waits for the other
    forever (no deadlock) and both pass."""
    resultats = en_meme_temps(
        lambda: _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("1000.00")),
        lambda: _virer(chaine, ligne_deplacements, ligne_fournitures, Decimal("1000.00")),
    )
    assert all(r.ok for r in resultats), resultats
    assert _frais(ligne_fournitures, ligne_deplacements) == [Decimal("10000.00"), Decimal("5000.00")]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_un_virement_et_un_engagement_en_meme_temps_ne_depassent_pas_le_disponible(
    donnees_initiales, chaine, budget, ligne_fournitures, ligne_deplacements
):
    resultats = en_meme_temps(
        lambda: _virer(chaine, ligne_fournitures, ligne_deplacements, Decimal("6000.00")),
        lambda: services.engagement_engager(
            ligne_id=ligne_fournitures.pk,
            objet="Copieur",
            tiers="Xerox",
            montant=Decimal("6000.00"),
            par=chaine.user("ordonnateur"),
            today=JOUR,
        ),
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert _frais(ligne_fournitures)[0] >= 0
