"""The budget prévisionnel (seed 002 L.II T.I 1.1; T.IV 1): prepared by heading by the secrétaire général with the
trésorier, adopted citing the plenary's adopted deliberation, sent to the CNOM by 20 October (reminder before,
late flagged), the dotation principale recorded and the budget adjusted, amendments voted in plenary."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commun.formats import euros
from commun.models import Envoi, NatureEnvoi
from commun.services import utilisateur_systeme
from tests import factories
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import Avenant, Budget, LigneBudgetaire, ParametreBudget
from tresorerie.selectors import date_limite_cnom, disponible, echeance_cnom

AUTOMNE = datetime.date(2026, 10, 5)


@pytest.fixture
def pleniere_budgetaire(db):
    seance = factories.SeanceFactory(date=datetime.date(2026, 10, 2), type="pleniere")
    return factories.DeliberationFactory(seance=seance, objet="Adoption du budget prévisionnel 2027")


def _creer(chaine, annee=2027, lignes=None, qui="ordonnateur"):
    return services.budget_creer(
        annee=annee,
        lignes=lignes
        if lignes is not None
        else [
            {"rubrique": "6064", "montant": Decimal("12000.00")},
            {"rubrique": "6251", "montant": Decimal("8000.00")},
            {"rubrique": "7561", "montant": Decimal("420000.00")},
        ],
        par=chaine.user(qui),
        today=AUTOMNE,
    )


# --- preparation -------------------------------------------------------------------------------------------------


def test_le_secretaire_general_prepare_le_budget_par_rubrique_du_plan_comptable(chaine):
    budget = _creer(chaine)
    assert budget.statut == "preparation" and budget.prepare_par == chaine.user("ordonnateur")
    assert sorted(budget.lignes.values_list("compte__numero", "montant")) == [
        ("6064", Decimal("12000.00")),
        ("6251", Decimal("8000.00")),
        ("7561", Decimal("420000.00")),
    ]


def test_le_tresorier_et_la_comptabilite_preparent_aussi_le_budget(chaine):
    assert _creer(chaine, qui="tresorier").annee == 2027
    comptable = factories.StaffFactory(groupe="Comptabilité")
    services.budget_creer(annee=2028, lignes=[], par=comptable, today=AUTOMNE)
    assert Budget.objects.filter(annee=2028).exists()


def test_le_liquidateur_ne_prepare_pas_le_budget(chaine):
    with pytest.raises(PermissionDenied):
        _creer(chaine, qui="liquidateur")
    assert not Budget.objects.exists()


def test_une_ligne_sur_un_compte_non_budgetaire_est_refusee_et_rien_n_est_ecrit(chaine):
    with pytest.raises(ValidationError) as err:
        _creer(
            chaine,
            lignes=[{"rubrique": "6064", "montant": Decimal("1.00")}, {"rubrique": "512", "montant": Decimal("5.00")}],
        )
    assert "lignes" in err.value.message_dict
    assert "512" in err.value.message_dict["lignes"][0] and "rubrique budgétaire" in err.value.message_dict["lignes"][0]
    assert not Budget.objects.exists() and not LigneBudgetaire.objects.exists()


def test_un_montant_en_flottant_est_refuse_et_rien_n_est_ecrit(chaine):
    with pytest.raises(ValidationError) as err:
        _creer(chaine, lignes=[{"rubrique": "6064", "montant": 1200.5}])
    assert "nombre décimal" in err.value.message_dict["lignes"][0]
    assert not Budget.objects.exists()


def test_un_montant_au_dela_du_centime_est_refuse(chaine):
    with pytest.raises(ValidationError):
        _creer(chaine, lignes=[{"rubrique": "6064", "montant": Decimal("10.001")}])
    assert not Budget.objects.exists()


def test_une_rubrique_en_double_est_refusee(chaine):
    with pytest.raises(ValidationError) as err:
        _creer(
            chaine,
            lignes=[{"rubrique": "6064", "montant": Decimal("1")}, {"rubrique": "6064", "montant": Decimal("2")}],
        )
    assert "deux fois" in err.value.message_dict["lignes"][0]


def test_un_budget_par_exercice(chaine):
    _creer(chaine)
    with pytest.raises(ValidationError) as err:
        _creer(chaine)
    assert "existe déjà" in err.value.message_dict["annee"][0]
    assert Budget.objects.count() == 1


def test_les_lignes_ne_se_modifient_plus_une_fois_le_budget_adopte(chaine, budget, ligne_fournitures):
    with pytest.raises(ValidationError) as err:
        services.budget_ligne_enregistrer(
            budget_id=budget.pk, rubrique="6064", montant=Decimal("1.00"), par=chaine.user("ordonnateur"), today=JOUR
        )
    assert "avenant" in str(err.value)
    ligne_fournitures.refresh_from_db()
    assert ligne_fournitures.montant == Decimal("10000.00")


# --- adoption -------------------------------------------------------------------------------------------------------


def test_le_budget_s_adopte_en_citant_la_deliberation_adoptee_de_la_pleniere(chaine, pleniere_budgetaire):
    budget = _creer(chaine)
    budget = services.budget_adopter(
        budget_id=budget.pk, deliberation_id=pleniere_budgetaire.pk, par=chaine.user("ordonnateur"), today=AUTOMNE
    )
    assert budget.statut == "adopte" and budget.adopte_le == datetime.date(2026, 10, 2)
    assert budget.deliberation == pleniere_budgetaire


def test_adopter_sans_deliberation_est_refuse(chaine):
    budget = _creer(chaine)
    with pytest.raises(ValidationError) as err:
        services.budget_adopter(
            budget_id=budget.pk, deliberation_id=None, par=chaine.user("ordonnateur"), today=AUTOMNE
        )
    assert "deliberation" in err.value.message_dict
    budget.refresh_from_db()
    assert budget.statut == "preparation" and budget.deliberation is None


def test_adopter_sur_une_deliberation_rejetee_est_refuse(chaine):
    budget = _creer(chaine)
    rejetee = factories.DeliberationFactory(seance__date=datetime.date(2026, 10, 2), adoptee=False, pour=2, contre=7)
    with pytest.raises(ValidationError) as err:
        services.budget_adopter(
            budget_id=budget.pk, deliberation_id=rejetee.pk, par=chaine.user("ordonnateur"), today=AUTOMNE
        )
    assert "adoptée en séance plénière" in err.value.message_dict["deliberation"][0]
    budget.refresh_from_db()
    assert budget.statut == "preparation"


def test_adopter_sur_une_deliberation_du_bureau_est_refuse(chaine):
    budget = _creer(chaine)
    bureau = factories.DeliberationFactory(seance__date=datetime.date(2026, 10, 2), seance__type="bureau")
    with pytest.raises(ValidationError):
        services.budget_adopter(
            budget_id=budget.pk, deliberation_id=bureau.pk, par=chaine.user("ordonnateur"), today=AUTOMNE
        )
    budget.refresh_from_db()
    assert budget.statut == "preparation"


def test_un_budget_adopte_ne_se_readopte_pas(chaine, pleniere_budgetaire):
    budget = _creer(chaine)
    services.budget_adopter(
        budget_id=budget.pk, deliberation_id=pleniere_budgetaire.pk, par=chaine.user("ordonnateur"), today=AUTOMNE
    )
    with pytest.raises(ValidationError):
        services.budget_adopter(
            budget_id=budget.pk, deliberation_id=pleniere_budgetaire.pk, par=chaine.user("ordonnateur"), today=AUTOMNE
        )


# --- the CNOM: 20 October ------------------------------------------------------------------------------------------


def test_la_date_limite_du_budget_n_plus_1_est_le_20_octobre_de_n():
    assert date_limite_cnom(2027) == datetime.date(2026, 10, 20)


@pytest.mark.parametrize(
    ("jour", "en_retard"), [(datetime.date(2026, 10, 20), False), (datetime.date(2026, 10, 21), True)]
)
def test_un_budget_transmis_apres_le_20_octobre_est_signale_en_retard(chaine, pleniere_budgetaire, jour, en_retard):
    budget = _creer(chaine)
    services.budget_adopter(
        budget_id=budget.pk, deliberation_id=pleniere_budgetaire.pk, par=chaine.user("ordonnateur"), today=AUTOMNE
    )
    budget = services.budget_transmettre(budget_id=budget.pk, par=chaine.user("tresorier"), today=jour)
    assert budget.statut == "transmis" and budget.transmis_le == jour
    assert echeance_cnom(budget, jour + datetime.timedelta(days=30))["en_retard"] is en_retard


@pytest.mark.parametrize(
    ("today", "en_retard"), [(datetime.date(2026, 10, 20), False), (datetime.date(2026, 10, 21), True)]
)
def test_un_budget_non_transmis_le_21_octobre_est_en_retard(chaine, today, en_retard):
    budget = _creer(chaine)
    assert echeance_cnom(budget, today)["en_retard"] is en_retard


def test_un_budget_non_adopte_ne_se_transmet_pas(chaine):
    budget = _creer(chaine)
    with pytest.raises(ValidationError) as err:
        services.budget_transmettre(budget_id=budget.pk, par=chaine.user("tresorier"), today=AUTOMNE)
    assert "adopté" in str(err.value)
    budget.refresh_from_db()
    assert budget.transmis_le is None


def _rappels(jour, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.budget_rappels_programmer(date=jour, par=utilisateur_systeme())


def _adresses(chaine):
    sg, tresorier = chaine.ordonnateur.medecin, chaine.tresorier.medecin
    sg.email, tresorier.email = "sg@cdom.example", "tresorier@cdom.example"
    sg.save(update_fields=["email"])
    tresorier.save(update_fields=["email"])


def test_le_rappel_de_l_echeance_part_au_sg_et_au_tresorier_le_nombre_de_jours_voulu_avant(
    chaine, mailoutbox, django_capture_on_commit_callbacks
):
    _adresses(chaine)
    assert ParametreBudget.objects.get(annee=2027).delai_rappel_cnom == 15
    veille = datetime.date(2026, 10, 4)  # 16 days before 20 October
    assert _rappels(veille, django_capture_on_commit_callbacks)["programmes"] == 0
    assert not Envoi.objects.exists()
    jour = datetime.date(2026, 10, 5)  # 15 days before
    assert _rappels(jour, django_capture_on_commit_callbacks)["programmes"] == 2
    assert sorted(Envoi.objects.filter(nature=NatureEnvoi.RAPPEL_BUDGET_CNOM).values_list("destinataire", "etat")) == [
        ("sg@cdom.example", "envoye"),
        ("tresorier@cdom.example", "envoye"),
    ]
    assert "20/10/2026" in mailoutbox[0].subject


def test_le_rappel_ne_part_qu_une_fois_et_rattrape_un_jour_manque(
    chaine, mailoutbox, django_capture_on_commit_callbacks
):
    _adresses(chaine)
    assert _rappels(datetime.date(2026, 10, 8), django_capture_on_commit_callbacks)["programmes"] == 2
    assert _rappels(datetime.date(2026, 10, 9), django_capture_on_commit_callbacks)["programmes"] == 0
    assert Envoi.objects.count() == 2 and len(mailoutbox) == 2


def test_pas_de_rappel_pour_un_budget_deja_transmis(chaine, pleniere_budgetaire, django_capture_on_commit_callbacks):
    _adresses(chaine)
    budget = _creer(chaine)
    services.budget_adopter(
        budget_id=budget.pk, deliberation_id=pleniere_budgetaire.pk, par=chaine.user("ordonnateur"), today=AUTOMNE
    )
    services.budget_transmettre(budget_id=budget.pk, par=chaine.user("tresorier"), today=AUTOMNE)
    assert _rappels(datetime.date(2026, 10, 10), django_capture_on_commit_callbacks)["motif"] == "déjà transmis"
    assert not Envoi.objects.exists()


def test_le_delai_du_rappel_est_un_parametre_de_l_annee(chaine, django_capture_on_commit_callbacks):
    _adresses(chaine)
    ParametreBudget.objects.filter(annee=2027).update(delai_rappel_cnom=30)
    assert _rappels(datetime.date(2026, 9, 20), django_capture_on_commit_callbacks)["programmes"] == 2


def test_la_tache_du_calendrier_appelle_le_service(chaine, django_capture_on_commit_callbacks):
    from tresorerie.tasks import budget_rappels_du_jour

    _adresses(chaine)
    with django_capture_on_commit_callbacks(execute=True):
        bilan = budget_rappels_du_jour.delay(date="2026-10-19").get()
    assert bilan["programmes"] == 2 and bilan["limite"] == "2026-10-20"


def test_le_calendrier_est_une_entree_de_beat():
    from config.celery import app

    assert app.conf.beat_schedule["tresorerie-budget-rappels"]["task"] == "tresorerie.budget_rappels_du_jour"


# --- the dotation principale -----------------------------------------------------------------------------------------


def test_la_dotation_principale_est_enregistree_et_le_budget_ajuste(chaine, budget):
    budget = services.budget_dotation_enregistrer(
        budget_id=budget.pk,
        montant=Decimal("35000.00"),
        notifiee_le=datetime.date(2026, 12, 15),
        par=chaine.user("tresorier"),
        today=datetime.date(2026, 12, 20),
    )
    assert budget.dotation_principale == Decimal("35000.00")
    assert budget.lignes.get(compte__numero="7401").montant == Decimal("35000.00")


def test_la_dotation_d_un_budget_en_preparation_est_refusee(chaine):
    budget = _creer(chaine)
    with pytest.raises(ValidationError):
        services.budget_dotation_enregistrer(
            budget_id=budget.pk,
            montant=Decimal("1.00"),
            notifiee_le=AUTOMNE,
            par=chaine.user("tresorier"),
            today=AUTOMNE,
        )
    assert not budget.lignes.filter(compte__numero="7401").exists()


# --- amendments -----------------------------------------------------------------------------------------------------


@pytest.fixture
def pleniere_avenant(db):
    seance = factories.SeanceFactory(date=datetime.date(2027, 3, 11), type="pleniere")
    return factories.DeliberationFactory(seance=seance, objet="Avenant n° 1 au budget 2027")


def test_un_avenant_vote_en_pleniere_modifie_les_credits(chaine, budget, pleniere_avenant, ligne_fournitures):
    avenant = services.avenant_enregistrer(
        budget_id=budget.pk,
        deliberation_id=pleniere_avenant.pk,
        objet="Renfort des fournitures, nouvelle rubrique d'honoraires",
        variations=[("6064", Decimal("1500.00")), ("6226", Decimal("2000.00"))],
        par=chaine.user("ordonnateur"),
        today=JOUR,
    )
    assert avenant.numero == 1 and avenant.lignes.count() == 2
    ligne_fournitures.refresh_from_db()
    assert disponible(ligne_fournitures) == Decimal("11500.00")
    assert budget.lignes.get(compte__numero="6226").montant == Decimal("2000.00")


def test_un_avenant_sans_deliberation_pleniere_adoptee_est_refuse(chaine, budget, ligne_fournitures):
    rejetee = factories.DeliberationFactory(seance__date=datetime.date(2027, 3, 11), adoptee=False)
    with pytest.raises(ValidationError):
        services.avenant_enregistrer(
            budget_id=budget.pk,
            deliberation_id=rejetee.pk,
            objet="Renfort",
            variations=[("6064", Decimal("1500.00"))],
            par=chaine.user("ordonnateur"),
            today=JOUR,
        )
    assert not Avenant.objects.exists()
    ligne_fournitures.refresh_from_db()
    assert ligne_fournitures.montant == Decimal("10000.00")


def test_un_avenant_ne_retire_pas_plus_que_le_disponible(chaine, budget, pleniere_avenant, ligne_fournitures):
    factories.EngagementFactory(ligne=ligne_fournitures, montant=Decimal("9000.00"))
    with pytest.raises(ValidationError) as err:
        services.avenant_enregistrer(
            budget_id=budget.pk,
            deliberation_id=pleniere_avenant.pk,
            objet="Économies",
            variations=[("6064", Decimal("-1000.01"))],
            par=chaine.user("ordonnateur"),
            today=JOUR,
        )
    assert euros(Decimal("1000.00")) in err.value.message_dict["variations"][0]
    assert not Avenant.objects.exists()
    services.avenant_enregistrer(
        budget_id=budget.pk,
        deliberation_id=pleniere_avenant.pk,
        objet="Économies",
        variations=[("6064", Decimal("-1000.00"))],
        par=chaine.user("ordonnateur"),
        today=JOUR,
    )
    ligne_fournitures.refresh_from_db()
    assert disponible(ligne_fournitures) == Decimal("0.00")
