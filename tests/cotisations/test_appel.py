"""The call of a year's dues: each rule of DOMAIN.md 2, on both sides of its boundaries, with exact amounts
(BaremeFactory: full 340.00, retired 100.00, company 300.00)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from cotisations import services
from cotisations.models import Bareme, Cotisation
from tests import factories

pytestmark = pytest.mark.django_db
J = datetime.date


@pytest.fixture
def bareme():
    return factories.BaremeFactory(annee=2026, conseillers_retraites_taux_retraite=False)


def _appeler(systeme, annee=2026):
    return services.cotisations_appeler(annee=annee, today=J(annee, 1, 5), par=systeme)


def _de(medecin):
    c = Cotisation.objects.filter(annee=2026, medecin=medecin).first()
    return None if c is None else (c.montant_du, c.exoneration_motif, c.exoneration_taux)


@pytest.mark.parametrize(
    ("exercice", "attendu"),
    [
        ("liberal", (D("340.00"), "", None)),
        ("retraite_actif", (D("340.00"), "", None)),
        ("mixte", (D("340.00"), "", None)),
        ("retraite_sans_activite", (D("100.00"), "", None)),
        ("reserviste", (D("0.00"), "reserviste", 100)),
        ("humanitaire", (D("0.00"), "humanitaire", 100)),
        ("non_obligatoire", (D("170.00"), "non_obligatoire", 50)),
    ],
)
def test_le_montant_suit_le_mode_d_exercice(bareme, systeme, exercice, attendu):
    medecin = factories.MedecinFactory(exercice=exercice)
    _appeler(systeme)
    assert _de(medecin) == attendu


@pytest.mark.parametrize(
    ("inscription", "attendu"),
    [
        (J(2026, 9, 30), (D("170.00"), "premiere_inscription", 50)),
        (J(2026, 10, 1), (D("0.00"), "premiere_inscription_t4", 100)),
        (J(2026, 12, 31), (D("0.00"), "premiere_inscription_t4", 100)),
    ],
)
def test_premiere_inscription_50_pourcent_100_au_dernier_trimestre(bareme, systeme, inscription, attendu):
    medecin = factories.MedecinFactory(premiere_inscription=True, date_inscription=inscription)
    _appeler(systeme)
    assert _de(medecin) == attendu


def test_premiere_inscription_de_l_annee_precedente_paie_entier(bareme, systeme):
    medecin = factories.MedecinFactory(premiere_inscription=True, date_inscription=J(2025, 11, 15))
    _appeler(systeme)
    assert _de(medecin) == (D("340.00"), "", None)


@pytest.mark.parametrize(("inscription", "doit"), [(J(2026, 1, 1), True), (J(2026, 1, 2), False)])
def test_seul_le_tableau_au_1er_janvier_appelle_un_transfert_arrive(bareme, systeme, inscription, doit):
    """An incoming transfer (not a first registration) pays where he was on 1 January."""
    medecin = factories.MedecinFactory(premiere_inscription=False, date_inscription=inscription)
    _appeler(systeme)
    assert (_de(medecin) is not None) is doit


def test_le_statut_au_1er_janvier_vient_de_l_historique(bareme, systeme):
    radie_en_mars = factories.MedecinFactory(statut="radie")
    factories.ChangementStatutFactory(
        medecin=radie_en_mars, ancien_statut="inscrit", nouveau_statut="radie", date=J(2026, 3, 1)
    )
    parti_en_decembre = factories.MedecinFactory(statut="transfere")
    factories.ChangementStatutFactory(
        medecin=parti_en_decembre, ancien_statut="inscrit", nouveau_statut="transfere", date=J(2025, 12, 31)
    )
    _appeler(systeme)
    assert _de(radie_en_mars) == (D("340.00"), "", None)
    assert _de(parti_en_decembre) is None


@pytest.mark.parametrize(
    ("mandat", "reglage", "attendu"),
    [
        (None, False, D("100.00")),
        ((J(2025, 6, 1), None), False, D("340.00")),
        ((J(2025, 6, 1), None), True, D("100.00")),
        ((J(2025, 6, 1), J(2025, 12, 31)), False, D("100.00")),
        ((J(2026, 1, 2), None), False, D("100.00")),
    ],
)
def test_retraite_sans_activite_avec_mandat_paie_entier_sauf_reglage(systeme, mandat, reglage, attendu):
    factories.BaremeFactory(annee=2026)
    Bareme.objects.filter(annee=2026).update(conseillers_retraites_taux_retraite=reglage)
    medecin = factories.MedecinFactory(exercice="retraite_sans_activite")
    if mandat:
        factories.MembreFactory(medecin=medecin, date_debut=mandat[0], date_fin=mandat[1])
    _appeler(systeme)
    assert _de(medecin)[0] == attendu


@pytest.mark.parametrize(
    ("inscription", "attendu"),
    [
        (J(2020, 3, 1), (D("300.00"), "", None)),
        (J(2026, 9, 30), (D("300.00"), "", None)),
        (J(2026, 10, 1), (D("0.00"), "societe_t4", 100)),
    ],
)
def test_societe_inscrite_au_dernier_trimestre_exoneree(bareme, systeme, inscription, attendu):
    societe = factories.SocieteFactory(date_inscription=inscription)
    _appeler(systeme)
    c = Cotisation.objects.get(annee=2026, societe=societe)
    assert (c.montant_du, c.exoneration_motif, c.exoneration_taux) == attendu
    # on top of the gérant's own dues
    assert _de(societe.gerant) == (D("340.00"), "", None)


@pytest.mark.parametrize(
    ("radiation", "doit"),
    [(J(2026, 1, 2), True), (J(2026, 1, 1), False), (J(2025, 12, 15), False)],
    ids=["radiee-le-2-janvier", "radiee-le-1er-janvier", "radiee-en-2025"],
)
def test_une_societe_radiee_apres_le_1er_janvier_doit_la_cotisation_de_l_annee(bareme, systeme, radiation, doit):
    """On the tableau on 1 January, the company owes the year's dues even if struck off before the call runs."""
    societe = factories.SocieteFactory(date_inscription=J(2019, 5, 1), statut="radie", date_radiation=radiation)
    _appeler(systeme)
    assert Cotisation.objects.filter(annee=2026, societe=societe).exists() is doit


def test_une_societe_radiee_sans_date_est_refusee(systeme):
    from django.core.exceptions import ValidationError

    from tableau.services import societe_modifier

    societe = factories.SocieteFactory(date_inscription=J(2019, 5, 1))
    with pytest.raises(ValidationError) as err:
        societe_modifier(societe=societe, donnees={"statut": "radie"}, par=systeme)
    assert "date de radiation" in err.value.message_dict["date_radiation"][0]
    with pytest.raises(ValidationError) as err:
        societe_modifier(societe=societe, donnees={"statut": "radie", "date_radiation": J(2019, 1, 1)}, par=systeme)
    assert "ne peut précéder l'inscription" in err.value.message_dict["date_radiation"][0]


def test_l_appel_est_idempotent_et_n_ajoute_que_les_nouveaux(bareme, systeme):
    factories.MedecinFactory.create_batch(3)
    assert _appeler(systeme) == {"creees": 3, "existantes": 0}
    nouveau = factories.MedecinFactory(premiere_inscription=True, date_inscription=J(2026, 4, 2))
    assert _appeler(systeme) == {"creees": 1, "existantes": 3}
    assert _appeler(systeme) == {"creees": 0, "existantes": 4}
    assert Cotisation.objects.get(medecin=nouveau).history.count() == 1


def test_une_annee_sans_bareme_est_refusee(systeme):
    factories.MedecinFactory()
    with pytest.raises(ValidationError, match="Aucun barème"):
        _appeler(systeme, annee=2031)
    assert not Cotisation.objects.exists()


def test_la_reference_est_iso_11649(bareme, systeme):
    from stdnum import iso11649

    medecin = factories.MedecinFactory()
    _appeler(systeme)
    assert iso11649.is_valid(Cotisation.objects.get(medecin=medecin).reference)


def test_seul_l_ordonnateur_ou_la_comptabilite_appelle(bareme):
    from django.core.exceptions import PermissionDenied

    factories.MedecinFactory()
    with pytest.raises(PermissionDenied):
        services.cotisations_appeler(annee=2026, today=J(2026, 1, 5), par=factories.StaffFactory(groupe="accueil"))
    assert not Cotisation.objects.exists()
    services.cotisations_appeler(annee=2026, today=J(2026, 1, 5), par=factories.StaffFactory(groupe="comptabilite"))
    assert Cotisation.objects.count() == 1
