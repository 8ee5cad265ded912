"""Days (issue 13 point 3; CONTRACT.md solidarite journees): one row per day, at most 2 a calendar month per doctor
(cancelled days do not count), no overlap of one doctor's days, `fin` after `debut`, a volunteer validated and a
doctor still registered; a moved or cancelled day grows its SEQUENCE; a paid day is locked."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from solidarite import services
from solidarite.models import Journee
from tests import factories

from .conftest import AUJOURDHUI

pytestmark = pytest.mark.django_db

H = datetime.time
NEUF, DIX_SEPT = H(9), H(17)


def _jour(volontaire, lieu, date, debut=NEUF, fin=DIX_SEPT, par=None):
    return services.journee_planifier(
        volontaire=volontaire,
        lieu=lieu,
        date=date,
        debut=debut,
        fin=fin,
        par=par or volontaire.medecin.user,
        today=AUJOURDHUI,
    )


def test_deux_journees_par_mois_la_troisieme_est_refusee(volontaire, lieu):
    _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    _jour(volontaire, lieu, datetime.date(2026, 10, 31))
    with pytest.raises(ValidationError) as err:
        _jour(volontaire, lieu, datetime.date(2026, 10, 10))
    assert "octobre 2026" in err.value.message_dict["date"][0]
    assert Journee.objects.count() == 2
    # the month after is another month
    assert _jour(volontaire, lieu, datetime.date(2026, 11, 7)).date.month == 11


def test_une_journee_annulee_ne_compte_pas_dans_le_plafond(volontaire, lieu):
    premiere = _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    _jour(volontaire, lieu, datetime.date(2026, 10, 31))
    services.journee_annuler(journee=premiere, motif="Empêchement", par=volontaire.medecin.user, today=AUJOURDHUI)
    assert _jour(volontaire, lieu, datetime.date(2026, 10, 10)).statut == "prevue"
    assert Journee.objects.filter(statut="annulee").count() == 1  # kept


def test_le_plafond_compte_les_journees_du_medecin_dans_tous_les_lieux(volontaire, lieu, lieu_correze):
    volontaire.lieux.add(lieu_correze)
    _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    _jour(volontaire, lieu_correze, datetime.date(2026, 10, 3))
    with pytest.raises(ValidationError):
        _jour(volontaire, lieu_correze, datetime.date(2026, 10, 17))


def test_deux_journees_qui_se_chevauchent_sont_refusees(volontaire, lieu, lieu_correze):
    _jour(volontaire, lieu, datetime.date(2026, 10, 24), H(8), H(12))
    with pytest.raises(ValidationError) as err:
        _jour(volontaire, lieu_correze, datetime.date(2026, 10, 24), H(11), H(15))
    assert "chevauche" in err.value.message_dict["debut"][0]
    assert Journee.objects.count() == 1


def test_deux_demi_journees_qui_se_touchent_ne_se_chevauchent_pas(volontaire, lieu):
    _jour(volontaire, lieu, datetime.date(2026, 10, 24), H(8), H(12))
    _jour(volontaire, lieu, datetime.date(2026, 10, 24), H(12), H(17))
    assert Journee.objects.count() == 2


@pytest.mark.parametrize(("debut", "fin"), [(H(17), H(9)), (H(9), H(9))])
def test_la_fin_doit_suivre_le_debut(volontaire, lieu, debut, fin):
    with pytest.raises(ValidationError) as err:
        _jour(volontaire, lieu, datetime.date(2026, 10, 24), debut, fin)
    assert "fin" in err.value.message_dict
    assert not Journee.objects.exists()


@pytest.mark.parametrize("statut", ["deposee", "en_verification", "correction_demandee", "refusee", "sans_suite"])
def test_un_volontaire_non_valide_ne_recoit_pas_de_journee(medecin, lieu, statut, staff_tableau):
    v = factories.VolontaireFactory(medecin=medecin, lieux=[lieu], statut=statut)
    with pytest.raises(ValidationError) as err:
        _jour(v, lieu, datetime.date(2026, 10, 24), par=staff_tableau)
    assert "volontaire" in err.value.message_dict
    assert not Journee.objects.exists()


def test_un_medecin_radie_ne_recoit_pas_de_journee(volontaire, lieu, staff_tableau):
    type(volontaire.medecin).objects.filter(pk=volontaire.medecin_id).update(statut="radie")
    with pytest.raises(ValidationError) as err:
        _jour(volontaire, lieu, datetime.date(2026, 10, 24), par=staff_tableau)
    assert "radié" in err.value.message_dict["volontaire"][0]
    assert not Journee.objects.exists()


def test_un_medecin_ne_planifie_pas_les_journees_d_un_autre(volontaire, lieu, autre_medecin):
    with pytest.raises(PermissionDenied):
        _jour(volontaire, lieu, datetime.date(2026, 10, 24), par=autre_medecin.user)
    assert not Journee.objects.exists()


def test_deplacer_une_journee_augmente_sa_sequence_et_revoit_le_plafond(volontaire, lieu):
    j = _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    _jour(volontaire, lieu, datetime.date(2026, 11, 7))
    _jour(volontaire, lieu, datetime.date(2026, 11, 14))
    assert j.sequence == 0
    j = services.journee_modifier(journee=j, debut=H(10), par=volontaire.medecin.user, today=AUJOURDHUI)
    assert j.sequence == 1
    with pytest.raises(ValidationError):  # November is full
        services.journee_modifier(
            journee=j, date=datetime.date(2026, 11, 21), par=volontaire.medecin.user, today=AUJOURDHUI
        )
    j.refresh_from_db()
    assert j.date == datetime.date(2026, 10, 24) and j.sequence == 1
    j = services.journee_modifier(
        journee=j, date=datetime.date(2026, 10, 31), par=volontaire.medecin.user, today=AUJOURDHUI
    )
    assert j.sequence == 2


def test_une_serie_genere_une_ligne_par_journee(volontaire, lieu):
    journees = services.journees_planifier_serie(
        volontaire=volontaire,
        lieu=lieu,
        premiere=datetime.date(2026, 10, 3),
        nombre=3,
        semaines=4,
        debut=H(9),
        fin=H(17),
        par=volontaire.medecin.user,
        today=AUJOURDHUI,
    )
    assert [j.date for j in journees] == [
        datetime.date(2026, 10, 3),
        datetime.date(2026, 10, 31),
        datetime.date(2026, 11, 28),
    ]
    # each its own row: one is cancelled alone
    services.journee_annuler(journee=journees[1], motif="Grève", par=volontaire.medecin.user, today=AUJOURDHUI)
    assert list(Journee.objects.order_by("date").values_list("statut", flat=True)) == ["prevue", "annulee", "prevue"]


def test_une_serie_qui_depasse_le_plafond_n_ecrit_rien(volontaire, lieu):
    with pytest.raises(ValidationError) as err:
        services.journees_planifier_serie(
            volontaire=volontaire,
            lieu=lieu,
            premiere=datetime.date(2026, 10, 3),
            nombre=3,
            semaines=1,
            debut=H(9),
            fin=H(17),
            par=volontaire.medecin.user,
            today=AUJOURDHUI,
        )
    (message,) = err.value.message_dict["serie"]
    assert message.startswith("Journée du 17/10/2026 : ") and "au plus 2 par mois" in message
    assert not Journee.objects.exists()


def test_annuler_exige_un_motif(volontaire, lieu):
    j = _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    with pytest.raises(ValidationError):
        services.journee_annuler(journee=j, motif=" ", par=volontaire.medecin.user, today=AUJOURDHUI)
    j.refresh_from_db()
    assert j.statut == "prevue" and j.sequence == 0


def test_une_journee_a_venir_ne_se_declare_pas_effectuee(volontaire, lieu, staff_tableau):
    j = _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    with pytest.raises(ValidationError):
        services.journee_effectuer(journee=j, par=staff_tableau, today=datetime.date(2026, 10, 23))
    assert services.journee_effectuer(journee=j, par=staff_tableau, today=datetime.date(2026, 10, 24)).statut == (
        "effectuee"
    )


def test_le_medecin_ne_declare_pas_lui_meme_sa_journee_effectuee(volontaire, lieu):
    j = _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    with pytest.raises(PermissionDenied):
        services.journee_effectuer(journee=j, par=volontaire.medecin.user, today=datetime.date(2026, 10, 25))


def test_une_journee_effectuee_ne_se_deplace_plus_mais_s_annule_avec_son_motif(volontaire, lieu, staff_tableau):
    j = _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    services.journee_effectuer(journee=j, par=staff_tableau, today=datetime.date(2026, 10, 24))
    with pytest.raises(ValidationError) as err:
        services.journee_modifier(journee=j, debut=H(10), par=staff_tableau, today=datetime.date(2026, 10, 26))
    assert "effectuée : elle ne se déplace plus" in err.value.messages[0]
    j.refresh_from_db()
    assert (j.debut, j.sequence) == (H(9), 0)
    # Declared worked by mistake and not paid yet: cancelled, with its reason (it then earns nothing).
    services.journee_annuler(journee=j, motif="Déclarée effectuée par erreur", par=staff_tableau, today=AUJOURDHUI)
    j.refresh_from_db()
    assert j.statut == "annulee"


def test_une_journee_payee_ne_se_modifie_ni_ne_s_annule(volontaire, lieu, staff_tableau, staff_compta):
    j = _jour(volontaire, lieu, datetime.date(2026, 10, 24))
    services.journee_effectuer(journee=j, par=staff_tableau, today=datetime.date(2026, 10, 24))
    services.indemnites_payer(
        medecin=volontaire.medecin,
        mois=datetime.date(2026, 10, 1),
        date_paiement=datetime.date(2026, 11, 15),
        par=staff_compta,
        today=datetime.date(2026, 11, 15),
    )
    with pytest.raises(ValidationError) as err:
        services.journee_annuler(journee=j, motif="Erreur", par=staff_tableau, today=AUJOURDHUI)
    assert "payée" in err.value.messages[0]
    with pytest.raises(ValidationError):
        services.journee_modifier(journee=j, debut=H(10), par=staff_tableau, today=AUJOURDHUI)
    j.refresh_from_db()
    assert (j.statut, j.debut, j.sequence) == ("effectuee", H(9), 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="contrainte d'exclusion : PostgreSQL")
def test_la_base_refuse_elle_meme_deux_journees_qui_se_chevauchent(volontaire, lieu):
    factories.JourneeFactory(volontaire=volontaire, lieu=lieu, date=datetime.date(2026, 10, 24))
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.JourneeFactory(
            volontaire=volontaire, lieu=lieu, date=datetime.date(2026, 10, 24), debut=H(16), fin=H(18)
        )
    # a cancelled day is out of the constraint
    factories.JourneeFactory(
        volontaire=volontaire, lieu=lieu, date=datetime.date(2026, 10, 24), debut=H(16), fin=H(18), statut="annulee"
    )


def test_la_comptabilite_paie_depuis_la_liste_des_journees_une_fois_par_medecin_et_par_mois(
    client, volontaire, lieu, staff_tableau, staff_compta
):
    from solidarite.models import PaiementIndemnite

    octobre = [_jour(volontaire, lieu, datetime.date(2026, 10, d)) for d in (10, 24)]
    prevue = _jour(volontaire, lieu, datetime.date(2026, 11, 7))
    for j in octobre:
        services.journee_effectuer(journee=j, par=staff_tableau, today=datetime.date(2026, 10, 24))
    client.force_login(staff_compta)
    url = "/admin/solidarite/journee/"
    assert "Enregistrer le paiement" in client.get(url).content.decode()
    choisies = [j.pk for j in (*octobre, prevue)]
    reponse = client.post(url, {"action": "payer", "_selected_action": choisies}, follow=True)
    contenu = reponse.content.decode()
    paiement = PaiementIndemnite.objects.get()
    assert (paiement.jours, paiement.montant, paiement.mois) == (2, Decimal("400.00"), datetime.date(2026, 10, 1))
    assert "2 journée(s), 400,00" in contenu
    # November's day is only planned: nothing to pay, said in French; a second click pays nothing more.
    assert "Aucune journée effectuée et non payée" in contenu
    client.post(url, {"action": "payer", "_selected_action": choisies}, follow=True)
    assert PaiementIndemnite.objects.count() == 1
    # The service du tableau plans the days but does not pay them: the action is not offered.
    client.force_login(staff_tableau)
    assert "Enregistrer le paiement" not in client.get(url).content.decode()
