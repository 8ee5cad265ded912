"""Exceptional urgent expenses and replacements of assets (seed 002 L.II T.I 2.3 b, T.IV 2), and the segregation of
duties held by the database (Engagement.Meta.constraints). Each rule on both sides of its boundary, with the seed's
figures; a refusal writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from commun.formats import euros
from tests import factories
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import AutorisationDepenseUrgente, Engagement, PlafondsRemplacement
from tresorerie.selectors import depenses_pour_commission, disponible

D = Decimal


@pytest.fixture
def ligne_671(budget):
    """The exceptional charges' heading, voted at 0 (« non prévues au budget et non dotées »)."""
    return factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("671"), montant=D("0.00"))


def _autoriser(chaine, ligne, montant, *, par="president", **kwargs):
    return services.depense_urgente_autoriser(
        ligne_id=ligne.pk,
        objet="Bâchage de la toiture",
        nature="travaux",
        motif="Infiltrations dans les archives après la tempête.",
        montant=D(montant),
        par=chaine.user(par),
        today=kwargs.pop("today", JOUR),
        **kwargs,
    )


def _engager(chaine, ligne, montant, *, par="ordonnateur", **kwargs):
    return services.engagement_engager(
        ligne_id=ligne.pk,
        objet=kwargs.pop("objet", "Bâchage de la toiture"),
        tiers="Couverture Dordogne",
        montant=D(montant),
        par=chaine.user(par),
        today=JOUR,
        **kwargs,
    )


# --- urgent expenses ---------------------------------------------------------------------------------------------


def test_le_president_autorise_une_depense_urgente_dans_le_plafond_de_la_session_budgetaire(chaine, budget, ligne_671):
    budget.plafond_depenses_urgentes = D("3000.00")
    budget.save()
    _autoriser(chaine, ligne_671, "2000.00")
    _autoriser(chaine, ligne_671, "1000.00")  # exactly the ceiling over the year
    with pytest.raises(ValidationError) as err:
        _autoriser(chaine, ligne_671, "0.01")
    assert f"plafond fixé en session budgétaire est de {euros(D('3000'))}" in err.value.messages[0]
    assert "séance plénière extraordinaire" in str(err.value)
    assert AutorisationDepenseUrgente.objects.count() == 2


def test_au_dela_du_plafond_une_seance_extraordinaire_est_citee(chaine, budget, ligne_671):
    budget.plafond_depenses_urgentes = D("3000.00")
    budget.save()
    pleniere = factories.DeliberationFactory(seance=factories.SeanceFactory(date=JOUR - datetime.timedelta(days=2)))
    rejetee = factories.DeliberationFactory(
        seance=factories.SeanceFactory(date=JOUR - datetime.timedelta(days=1), type="extraordinaire"), adoptee=False
    )
    a_venir = factories.DeliberationFactory(
        seance=factories.SeanceFactory(date=JOUR + datetime.timedelta(days=1), type="extraordinaire")
    )
    for deliberation in (pleniere, rejetee):
        with pytest.raises(ValidationError) as err:
            _autoriser(chaine, ligne_671, "8000.00", deliberation_id=deliberation.pk)
        assert "séance plénière extraordinaire" in err.value.message_dict["deliberation"][0]
    with pytest.raises(ValidationError, match="séance à venir"):
        _autoriser(chaine, ligne_671, "8000.00", deliberation_id=a_venir.pk)
    assert not AutorisationDepenseUrgente.objects.exists()
    extraordinaire = factories.DeliberationFactory(
        seance=factories.SeanceFactory(date=JOUR - datetime.timedelta(days=1), type="extraordinaire")
    )
    a = _autoriser(chaine, ligne_671, "8000.00", deliberation_id=extraordinaire.pk)
    assert a.deliberation == extraordinaire
    # What an extraordinary session decided does not eat the président's ceiling.
    _autoriser(chaine, ligne_671, "3000.00")


@pytest.mark.parametrize("role", ["ordonnateur", "tresorier", "liquidateur", "membre"])
def test_seul_le_president_autorise_une_depense_urgente(chaine, budget, ligne_671, role):
    budget.plafond_depenses_urgentes = D("3000.00")
    budget.save()
    with pytest.raises(PermissionDenied):
        _autoriser(chaine, ligne_671, "100.00", par=role)
    assert not AutorisationDepenseUrgente.objects.exists()


def test_une_depense_urgente_s_engage_au_dela_du_credit_et_va_a_la_commission(chaine, budget, ligne_671):
    budget.plafond_depenses_urgentes = D("3000.00")
    budget.save()
    a = _autoriser(chaine, ligne_671, "2500.00")
    with pytest.raises(ValidationError) as err:
        _engager(chaine, ligne_671, "2500.01", autorisation_id=a.pk)
    assert "que le président a autorisé" in err.value.message_dict["montant"][0]
    with pytest.raises(PermissionDenied):  # the président authorises, the ordonnateur engages
        _engager(chaine, ligne_671, "2500.00", autorisation_id=a.pk, par="president")
    assert not Engagement.objects.exists()
    e = _engager(chaine, ligne_671, "2400.00", autorisation_id=a.pk)
    assert e.urgente and e.autorisee_par == chaine.user("president") and e.demande_dotation_complementaire
    assert disponible(ligne_671) == D("-2400.00")  # the overrun the commission is asked to fund
    assert list(depenses_pour_commission(2027)) == [e]
    with pytest.raises(ValidationError, match="déjà servi"):
        _engager(chaine, ligne_671, "100.00", autorisation_id=a.pk)
    # An ordinary expense still stops at the (negative) available credit.
    with pytest.raises(ValidationError, match="crédit disponible"):
        _engager(chaine, ligne_671, "0.01", objet="Fournitures")
    assert Engagement.objects.count() == 1


def test_une_autorisation_ne_sert_que_sur_sa_ligne(chaine, budget, ligne_671, ligne_fournitures):
    budget.plafond_depenses_urgentes = D("3000.00")
    budget.save()
    a = _autoriser(chaine, ligne_671, "500.00")
    with pytest.raises(ValidationError) as err:
        _engager(chaine, ligne_fournitures, "500.00", autorisation_id=a.pk)
    assert "autorisation" in err.value.message_dict
    assert not Engagement.objects.exists()


def test_une_depense_urgente_annulee_rend_son_plafond(chaine, budget, ligne_671):
    budget.plafond_depenses_urgentes = D("1000.00")
    budget.save()
    a = _autoriser(chaine, ligne_671, "1000.00")
    e = _engager(chaine, ligne_671, "1000.00", autorisation_id=a.pk)
    services.engagement_annuler(
        engagement_id=e.pk, motif="Réparé sous garantie", par=chaine.user("ordonnateur"), today=JOUR
    )
    assert disponible(ligne_671) == D("0.00")
    assert list(depenses_pour_commission(2027)) == []
    _autoriser(chaine, ligne_671, "1000.00")


# --- replacements of assets (seed 002 L.II T.IV 2): < 5 000 € TTC each, at most 10 000 € a year ----------------------


def test_un_remplacement_de_bien_reste_strictement_sous_5000_euros(chaine, ligne_fournitures):
    with pytest.raises(ValidationError) as err:
        _engager(chaine, ligne_fournitures, "5000.00", remplacement_bien=True, objet="Copieur volé")
    assert f"strictement inférieur à {euros(D('5000'))}" in err.value.message_dict["montant"][0]
    assert not Engagement.objects.exists()
    e = _engager(chaine, ligne_fournitures, "4999.99", remplacement_bien=True, objet="Copieur volé")
    assert e.remplacement_bien and e.demande_dotation_complementaire and not e.urgente


def test_les_remplacements_de_biens_ne_depassent_pas_10000_euros_par_exercice(chaine, ligne_fournitures):
    for _ in range(2):
        _engager(chaine, ligne_fournitures, "4999.99", remplacement_bien=True, objet="Ordinateur volé")
    with pytest.raises(ValidationError) as err:
        _engager(chaine, ligne_fournitures, "0.03", remplacement_bien=True, objet="Souris")
    assert f"maximum de l'exercice est de {euros(D('10000'))}" in err.value.message_dict["montant"][0]
    assert Engagement.objects.count() == 2
    _engager(chaine, ligne_fournitures, "0.02", remplacement_bien=True, objet="Souris")  # exactly 10 000,00


def test_un_remplacement_peut_depasser_le_credit_de_la_ligne(chaine, budget):
    ligne = factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6068"), montant=D("1000.00"))
    _engager(chaine, ligne, "4000.00", remplacement_bien=True, objet="Serveur détruit (dégât des eaux)")
    assert disponible(ligne) == D("-3000.00")
    assert [e.objet for e in depenses_pour_commission(2027)] == ["Serveur détruit (dégât des eaux)"]


def test_les_plafonds_du_remplacement_sont_des_parametres_annuels(chaine, ligne_fournitures, systeme):
    assert PlafondsRemplacement.objects.get(annee=2027).seuil_unitaire == D("5000.00")
    tresorier = chaine.user("tresorier")
    services.parametre_enregistrer(
        modele=PlafondsRemplacement,
        cle={"annee": 2027},
        donnees={"seuil_unitaire": D("3000.00")},
        champs=("seuil_unitaire", "plafond_annuel"),
        acte="tresorerie.parametres_enregistrer",
        par=tresorier,
        today=JOUR,
    )
    with pytest.raises(ValidationError) as err:
        _engager(chaine, ligne_fournitures, "3000.00", remplacement_bien=True)
    assert euros(D("3000")) in err.value.messages[0]
    PlafondsRemplacement.objects.filter(annee=2027).delete()
    with pytest.raises(ValidationError, match="ne sont pas saisis"):
        _engager(chaine, ligne_fournitures, "100.00", remplacement_bien=True)


def test_une_depense_est_urgente_ou_un_remplacement_pas_les_deux(chaine, budget, ligne_671):
    budget.plafond_depenses_urgentes = D("3000.00")
    budget.save()
    a = _autoriser(chaine, ligne_671, "500.00")
    with pytest.raises(ValidationError, match="choisissez"):
        _engager(chaine, ligne_671, "500.00", autorisation_id=a.pk, remplacement_bien=True)


# --- engagement on an executory budget of the year ---------------------------------------------------------------


def test_on_n_engage_que_sur_un_budget_adopte_de_l_annee(chaine, ligne_fournitures):
    budget = ligne_fournitures.budget
    budget.statut = "preparation"
    budget.save()
    with pytest.raises(ValidationError, match="adopté en séance plénière"):
        _engager(chaine, ligne_fournitures, "10.00")
    budget.statut = "adopte"
    budget.save()
    with pytest.raises(ValidationError, match="budget 2028"):
        services.engagement_engager(
            ligne_id=ligne_fournitures.pk,
            objet="Toner",
            tiers="X",
            montant=D("10.00"),
            par=chaine.user("ordonnateur"),
            today=datetime.date(2028, 1, 2),
        )
    recettes = budget.lignes.get(compte__numero="7561")
    with pytest.raises(ValidationError, match="ligne de recettes"):
        _engager(chaine, recettes, "10.00")
    assert not Engagement.objects.exists()


def test_l_ordonnateur_qui_a_liquide_n_ordonnance_pas_et_le_payeur_n_a_ni_engage_ni_ordonnance(
    chaine, ligne_fournitures
):
    e = factories.EngagementFactory(
        ligne=ligne_fournitures,
        engage_par=chaine.user("liquidateur"),
        engage_le=JOUR,
        statut="liquide",
        montant_liquide=D("120.00"),
        liquide_le=JOUR,
        liquide_par=chaine.user("ordonnateur"),
    )
    with pytest.raises(PermissionDenied, match="un autre membre"):
        services.engagement_ordonnancer(engagement_id=e.pk, par=chaine.user("ordonnateur"), today=JOUR)
    e2 = factories.EngagementFactory(
        ligne=ligne_fournitures,
        engage_par=chaine.user("tresorier"),
        engage_le=JOUR,
        statut="ordonnance",
        montant_liquide=D("120.00"),
        liquide_le=JOUR,
        liquide_par=chaine.user("liquidateur"),
        ordonnance_le=JOUR,
        ordonnance_par=chaine.user("ordonnateur"),
    )
    with pytest.raises(PermissionDenied, match="au trésorier de la payer"):
        services.engagement_payer(engagement_id=e2.pk, mode="virement", date=JOUR, par=chaine.user("tresorier"))
    e.refresh_from_db()
    e2.refresh_from_db()
    assert (e.statut, e2.statut) == ("liquide", "ordonnance")


def test_une_etape_ne_precede_pas_la_precedente(chaine, ligne_fournitures):
    e = factories.EngagementFactory(ligne=ligne_fournitures, engage_par=chaine.user("ordonnateur"), engage_le=JOUR)
    factories.PieceJustificativeFactory(engagement=e, deposee_par=chaine.user("liquidateur"))
    with pytest.raises(ValidationError, match="ne peut précéder l'engagement"):
        services.engagement_liquider(
            engagement_id=e.pk,
            montant=D("120.00"),
            par=chaine.user("liquidateur"),
            today=JOUR - datetime.timedelta(days=1),
        )
    e.refresh_from_db()
    assert e.statut == "engage"


# --- the segregation of duties and the signatures, held by the database ---------------------------------------------


def _viole(e, **champs):
    for nom, valeur in champs.items():
        setattr(e, nom, valeur)
    with pytest.raises(IntegrityError), transaction.atomic():
        e.save()


def test_la_base_refuse_que_le_payeur_soit_celui_qui_a_ordonnance_ou_engage(ligne_fournitures):
    e = factories.EngagementFactory(ligne=ligne_fournitures)
    autre = factories.UserFactory()
    ordonnateur = factories.UserFactory()
    base = {"statut": "ordonnance", "montant_liquide": D("1"), "liquide_le": JOUR, "liquide_par": autre}
    _viole(e, **base, ordonnance_le=JOUR, ordonnance_par=ordonnateur, paye_par=ordonnateur)
    _viole(e, **base, ordonnance_le=JOUR, ordonnance_par=ordonnateur, paye_par=e.engage_par)


def test_la_base_refuse_que_l_ordonnateur_soit_celui_qui_a_liquide(ligne_fournitures):
    e = factories.EngagementFactory(ligne=ligne_fournitures)
    liquidateur = factories.UserFactory()
    _viole(
        e,
        statut="ordonnance",
        montant_liquide=D("1"),
        liquide_le=JOUR,
        liquide_par=liquidateur,
        ordonnance_le=JOUR,
        ordonnance_par=liquidateur,
    )


@pytest.mark.parametrize(
    ("statut", "champs"),
    [
        ("liquide", {}),
        ("ordonnance", {"montant_liquide": D("1"), "liquide_le": JOUR}),
        ("paye", {"montant_liquide": D("1"), "liquide_le": JOUR, "ordonnance_le": JOUR}),
    ],
)
def test_la_base_refuse_une_etape_sans_signature(ligne_fournitures, statut, champs):
    e = factories.EngagementFactory(ligne=ligne_fournitures)
    if "liquide_le" in champs:
        champs["liquide_par"] = factories.UserFactory()
    _viole(e, statut=statut, **champs)


def test_la_base_refuse_une_depense_urgente_sans_autorisation(ligne_fournitures):
    e = factories.EngagementFactory(ligne=ligne_fournitures)
    _viole(e, urgente=True)


def test_un_paiement_ne_se_date_pas_dans_le_futur(chaine, ligne_fournitures):
    e = factories.EngagementFactory(
        ligne=ligne_fournitures,
        engage_par=chaine.user("ordonnateur"),
        engage_le=JOUR,
        statut="ordonnance",
        montant_liquide=D("120.00"),
        liquide_le=JOUR,
        liquide_par=chaine.user("liquidateur"),
        ordonnance_le=JOUR,
        ordonnance_par=chaine.user("ordonnateur"),
    )
    demain = JOUR + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        services.engagement_payer(
            engagement_id=e.pk, mode="virement", date=demain, par=chaine.user("tresorier"), today=JOUR
        )
    assert "date" in err.value.message_dict
    with pytest.raises(ValidationError, match="précéder l'ordonnancement"):
        services.engagement_payer(
            engagement_id=e.pk,
            mode="virement",
            date=JOUR - datetime.timedelta(days=1),
            par=chaine.user("tresorier"),
            today=JOUR,
        )
    e.refresh_from_db()
    assert e.statut == "ordonnance"
    services.engagement_payer(engagement_id=e.pk, mode="virement", date=JOUR, par=chaine.user("tresorier"), today=JOUR)
