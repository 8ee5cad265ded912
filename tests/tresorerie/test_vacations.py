"""The participation allowances (vacations) of the members (seed 002 annexe IV 3.1, 3.3, Titre VI 1; DOMAIN.md 3):
80.50 € an hour, 241.50 € a half-day from 3 hours, 483 € a day; two vacations a day; plenary attendance at most
one; travel time over 3 hours per trip: one; the month ≤ the SG's allowance / 12; the year ≤ 3 × PASS across
structures; never for a member who receives a responsibility allowance. Each refusal writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import Vacation

pytestmark = pytest.mark.django_db

D = Decimal
LE_10 = datetime.date(2027, 3, 10)


@pytest.fixture
def conseil(chaine):
    # 5 501 registered doctors retained for 2027: SG 19 000 € a year → 1 583.33 € a month.
    services.repartition_enregistrer(annee=2027, inscrits=5501, par=chaine.user("tresorier"), today=JOUR)
    return chaine


def _vacation(conseil, *, membre=None, date=LE_10, duree="demi_journee", heures=None, nature="commission", **kw):
    return services.vacation_enregistrer(
        membre_id=(membre or conseil.membre).pk,
        date=date,
        duree=duree,
        heures=heures,
        nature=nature,
        par=kw.pop("par", conseil.user("tresorier")),
        today=kw.pop("today", JOUR),
        **kw,
    )


def _refus(conseil, champ=None, **kw) -> ValidationError:
    avant = Vacation.objects.count()
    with pytest.raises(ValidationError) as err:
        _vacation(conseil, **kw)
    if champ:
        assert champ in err.value.message_dict, err.value.message_dict
    assert Vacation.objects.count() == avant
    return err.value


# --- amounts -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duree", "heures", "montant", "nombre"),
    [
        ("heure", D("1"), "80.50", 1),
        ("heure", D("2"), "161.00", 1),
        ("heure", D("2.5"), "201.25", 1),
        ("demi_journee", None, "241.50", 1),
        ("demi_journee", D("3"), "241.50", 1),
        ("journee", None, "483.00", 2),
    ],
)
def test_une_heure_80_50_une_demi_journee_241_50_une_journee_483(conseil, duree, heures, montant, nombre):
    v = _vacation(conseil, duree=duree, heures=heures)
    assert (v.montant, v.nombre_vacations) == (D(montant), nombre)
    assert v.saisie_par == conseil.user("tresorier")


def test_le_montant_vient_du_bareme_de_l_annee_de_la_vacation(conseil):
    factories.BaremeIndemnitesFactory(annee=2026)
    from tresorerie.models import BaremeIndemnites

    BaremeIndemnites.objects.filter(annee=2026).update(vacation_demi_journee=D("230.00"))
    services.repartition_enregistrer(annee=2026, inscrits=5501, par=conseil.user("tresorier"), today=JOUR)
    assert _vacation(conseil, date=datetime.date(2026, 12, 10)).montant == D("230.00")
    assert _vacation(conseil).montant == D("241.50")


def test_les_heures_sont_requises_avec_heure(conseil):
    _refus(conseil, "heures", duree="heure")


def test_trois_heures_ou_plus_se_saisissent_en_demi_journee(conseil):
    _refus(conseil, "duree", duree="heure", heures=D("3"))
    assert _vacation(conseil, duree="heure", heures=D("2.99")).montant == D("240.70")


def test_une_demi_journee_de_moins_de_3_heures_est_refusee(conseil):
    _refus(conseil, "heures", duree="demi_journee", heures=D("2.5"))


@pytest.mark.parametrize("heures", [D("-1"), D("0"), 2.5, D("1.255")], ids=["negatif", "zero", "float", "3-dec"])
def test_des_heures_negatives_nulles_flottantes_ou_trop_precises_sont_refusees(conseil, heures):
    _refus(conseil, "heures", duree="heure", heures=heures)


def test_une_duree_ou_une_nature_inconnue_est_refusee(conseil):
    _refus(conseil, "duree", duree="semaine")
    _refus(conseil, "nature", nature="banquet")


def test_hors_mandat_est_refuse(conseil):
    _refus(conseil, "membre", date=datetime.date(2025, 5, 31))


# --- two vacations a day ----------------------------------------------------------------------------------------


def test_deux_demi_journees_par_jour_et_pas_une_troisieme(conseil):
    _vacation(conseil)
    _vacation(conseil, nature="conciliation")
    err = _refus(conseil, "duree", duree="heure", heures=D("1"))
    assert "au plus deux vacations" in str(err)
    _vacation(conseil, date=LE_10 + datetime.timedelta(days=1))  # the next day is another day


def test_une_journee_compte_deux_vacations(conseil):
    _vacation(conseil, duree="journee")
    _refus(conseil, "duree", duree="heure", heures=D("1"))


def test_une_journee_apres_une_demi_journee_est_refusee(conseil):
    _vacation(conseil)
    _refus(conseil, "duree", duree="journee")


def test_les_vacations_d_un_autre_membre_ne_comptent_pas(conseil):
    _vacation(conseil, duree="journee")
    _vacation(conseil, membre=conseil.liquidateur, duree="journee")


# --- plenary attendance, travel time ------------------------------------------------------------------------------


def test_la_presence_en_pleniere_est_au_plus_une_vacation(conseil):
    _refus(conseil, "duree", nature="seance_pleniere", duree="journee")
    _vacation(conseil, nature="seance_pleniere")
    _refus(conseil, "nature", nature="seance_pleniere", duree="heure", heures=D("1"))
    assert Vacation.objects.get().montant == D("241.50")


def test_la_pleniere_rattachee_a_une_seance_demande_l_emargement(conseil):
    seance = factories.SeanceFactory(date=LE_10, type="pleniere")
    _refus(conseil, "seance", nature="seance_pleniere", seance_id=seance.pk)
    factories.EmargementFactory(seance=seance, membre=conseil.membre)
    assert _vacation(conseil, nature="seance_pleniere", seance_id=seance.pk).seance == seance
    bureau = factories.SeanceFactory(date=LE_10 - datetime.timedelta(days=1), type="bureau")
    _refus(conseil, "seance", nature="seance_pleniere", seance_id=bureau.pk, date=bureau.date)


def test_un_trajet_de_plus_de_3_heures_vaut_une_vacation(conseil):
    _refus(conseil, "heures", nature="deplacement", duree="demi_journee", heures=D("3"))
    _refus(conseil, "heures", nature="deplacement", duree="demi_journee")
    _refus(conseil, "duree", nature="deplacement", duree="journee", heures=D("7"))
    v = _vacation(conseil, nature="deplacement", duree="demi_journee", heures=D("3.25"))
    assert v.montant == D("241.50") and v.nombre_vacations == 1
    # The trip takes one of the day's two vacations.
    _vacation(conseil, nature="commission")
    _refus(conseil, "duree", nature="deplacement", duree="demi_journee", heures=D("3.5"))


# --- never both kinds ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["president", "ordonnateur", "tresorier"])
def test_un_membre_qui_percoit_l_indemnite_de_responsabilite_n_a_pas_de_vacation(conseil, role):
    err = _refus(conseil, "membre", membre=getattr(conseil, role))
    assert "ne se cumulent pas" in str(err)


def test_le_liquidateur_ou_le_tresorier_adjoint_ont_des_vacations(conseil):
    _vacation(conseil, membre=conseil.liquidateur)
    _vacation(conseil, membre=conseil.tresorier_adjoint)


def test_un_ancien_tresorier_a_des_vacations_apres_sa_fonction(conseil):
    from gouvernance.models import Fonction

    Fonction.objects.filter(membre=conseil.tresorier).update(date_fin=datetime.date(2027, 2, 28))
    comptable = factories.StaffFactory(groupe="comptabilite")  # the former trésorier no longer records
    _refus(conseil, "membre", membre=conseil.tresorier, date=datetime.date(2027, 2, 28), par=comptable)
    _vacation(conseil, membre=conseil.tresorier, par=comptable)


# --- the month: not above the SG's allowance / 12 ----------------------------------------------------------------


def test_le_mois_d_un_membre_ne_depasse_pas_l_indemnite_mensuelle_du_sg(chaine):
    # 2 597 inscrits → président 17 388 €, SG 11 592 € a year → 966.00 € a month = 4 half-days exactly.
    services.repartition_enregistrer(annee=2027, inscrits=2597, par=chaine.user("tresorier"), today=JOUR)
    for jour in (1, 2, 3, 4):
        _vacation(chaine, date=datetime.date(2027, 3, jour))
    err = _refus(chaine, "date", date=datetime.date(2027, 3, 5), duree="heure", heures=D("0.25"))
    assert "966,00" in str(err)
    _vacation(chaine, date=datetime.date(2027, 2, 26))  # February is another month
    assert Vacation.objects.count() == 5


def test_le_plafond_mensuel_suit_la_repartition_votee_du_sg(chaine):
    # The plenary gave the SG 11 592 € out of 28 500 + 19 000 + 14 250 → 966 € a month.
    seance = factories.SeanceFactory(date=datetime.date(2026, 11, 20), type="pleniere")
    deliberation = factories.DeliberationFactory(seance=seance, adoptee=True)
    services.repartition_enregistrer(
        annee=2027,
        inscrits=5501,
        montant_president=D("28500.00"),
        montant_secretaire_general=D("11592.00"),
        montant_tresorier=D("14250.00"),
        deliberation_id=deliberation.pk,
        par=chaine.user("tresorier"),
        today=JOUR,
    )
    for jour in (1, 2, 3, 4):
        _vacation(chaine, date=datetime.date(2027, 3, jour))
    _refus(chaine, "date", date=datetime.date(2027, 3, 5))


# --- the year: 3 × PASS across structures -------------------------------------------------------------------------


def test_l_annee_ne_depasse_pas_trois_fois_le_pass_toutes_structures(conseil):
    # 3 × 48 060 = 144 180 €. Declared elsewhere 143 938.50 €: one half-day (241.50 €) reaches it exactly.
    services.autre_structure_declarer(
        membre_id=conseil.membre.pk,
        annee=2027,
        structure="national",
        montant=D("143938.50"),
        par=conseil.user("tresorier"),
        today=JOUR,
    )
    _vacation(conseil)
    err = _refus(conseil, "date", duree="heure", heures=D("1"))
    assert "trois fois le plafond annuel" in str(err)


def test_une_declaration_d_une_autre_structure_negative_ou_flottante_est_refusee(conseil):
    for montant in (D("-1.00"), 100.0):
        with pytest.raises(ValidationError):
            services.autre_structure_declarer(
                membre_id=conseil.membre.pk,
                annee=2027,
                structure="regional",
                montant=montant,
                par=conseil.user("tresorier"),
                today=JOUR,
            )


# --- who records -------------------------------------------------------------------------------------------------


def test_un_conseiller_n_enregistre_pas_de_vacation_la_comptabilite_et_le_tresorier_oui(conseil):
    with pytest.raises(PermissionDenied):
        _vacation(conseil, par=conseil.user("membre"))
    with pytest.raises(PermissionDenied):
        _vacation(conseil, par=conseil.user("ordonnateur"))
    assert not Vacation.objects.exists()
    _vacation(conseil, par=factories.StaffFactory(groupe="comptabilite"))
    _vacation(conseil, par=conseil.user("tresorier"))
    assert Vacation.objects.count() == 2
