"""The register's rules (DOMAIN.md 1): the status workflow as data, its dated history, contact details."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tableau.models import TRANSITIONS_STATUT, ChangementStatut, Exercice, Medecin, Sexe, Statut
from tableau.services import (
    medecin_changer_statut,
    medecin_coordonnees_modifier,
    medecin_creer,
    medecin_modifier,
)
from tests.factories import MedecinFactory, StaffFactory, rpps_valide

JOUR = datetime.date(2026, 4, 14)
PASSAGES = [(de, vers) for de in Statut.values for vers in Statut.values if de != vers]


def donnees(**valeurs):
    base = {
        "rpps": rpps_valide(321),
        "nom": "Faure",
        "prenom": "Louis",
        "sexe": Sexe.M,
        "date_naissance": datetime.date(1970, 1, 1),
        "statut": Statut.DEMANDE,
        "exercice": Exercice.LIBERAL,
    }
    base.update(valeurs)
    return base


@pytest.fixture
def agent(db):
    return StaffFactory(groupe="tableau")


@pytest.mark.parametrize(("de", "vers"), PASSAGES)
def test_les_passages_de_statut_sont_ceux_declares_dans_la_table_des_transitions(agent, de, vers):
    medecin = MedecinFactory(statut=de, date_statut=datetime.date(2020, 1, 1))
    if vers in TRANSITIONS_STATUT[de]:
        medecin_changer_statut(medecin=medecin, statut=vers, par=agent, date=JOUR)
        medecin.refresh_from_db()
        assert medecin.statut == vers
    else:
        with pytest.raises(ValidationError) as err:
            medecin_changer_statut(medecin=medecin, statut=vers, par=agent, date=JOUR)
        assert "Passage impossible" in err.value.message_dict["statut"][0]
        medecin.refresh_from_db()
        assert medecin.statut == de
        assert not ChangementStatut.objects.filter(medecin=medecin).exists()


def test_un_medecin_decede_ne_change_plus_de_statut_et_le_message_le_dit(agent):
    medecin = MedecinFactory(statut=Statut.DECEDE)
    with pytest.raises(ValidationError) as err:
        medecin_changer_statut(medecin=medecin, statut=Statut.DEMANDE, par=agent, date=JOUR)
    assert "Statuts possibles depuis « Décédé » : aucun" in err.value.message_dict["statut"][0]


def test_un_statut_inconnu_est_refuse_avec_les_valeurs_possibles(agent):
    medecin = MedecinFactory()
    with pytest.raises(ValidationError) as err:
        medecin_changer_statut(medecin=medecin, statut="suspendu", par=agent, date=JOUR)
    assert "Statut inconnu : « suspendu »" in err.value.message_dict["statut"][0]


def test_chaque_changement_de_statut_est_date_et_garde_dans_l_historique(agent):
    medecin = medecin_creer(donnees=donnees(), par=agent, today=datetime.date(2026, 1, 5))
    medecin_changer_statut(medecin=medecin, statut=Statut.EN_INSTRUCTION, par=agent, date=datetime.date(2026, 1, 9))
    medecin_changer_statut(
        medecin=medecin, statut=Statut.INSCRIT, par=agent, date=datetime.date(2026, 1, 27), motif="Séance plénière"
    )
    historique = list(
        ChangementStatut.objects.filter(medecin=medecin).values_list(
            "ancien_statut", "nouveau_statut", "date", "motif", "saisi_par"
        )
    )
    assert historique == [
        ("", "demande", datetime.date(2026, 1, 5), "Création de la fiche", agent.pk),
        ("demande", "en_instruction", datetime.date(2026, 1, 9), "", agent.pk),
        ("en_instruction", "inscrit", datetime.date(2026, 1, 27), "Séance plénière", agent.pk),
    ]
    medecin.refresh_from_db()
    assert medecin.date_statut == datetime.date(2026, 1, 27)


def test_l_inscription_fixe_la_date_d_inscription_au_jour_de_la_decision(agent):
    medecin = MedecinFactory(statut=Statut.EN_INSTRUCTION, date_inscription=None, date_statut=datetime.date(2026, 1, 2))
    medecin_changer_statut(medecin=medecin, statut=Statut.INSCRIT, par=agent, date=JOUR)
    medecin.refresh_from_db()
    assert medecin.date_inscription == JOUR


def test_une_fiche_creee_inscrite_sans_date_d_inscription_prend_la_date_du_jour(agent):
    medecin = medecin_creer(donnees=donnees(statut=Statut.INSCRIT), par=agent, today=JOUR)
    assert medecin.date_inscription == JOUR
    assert ChangementStatut.objects.get(medecin=medecin).date == JOUR


def test_une_arrivee_par_transfert_garde_sa_date_d_inscription(agent):
    arrivee = datetime.date(2025, 11, 3)
    medecin = medecin_creer(
        donnees=donnees(statut=Statut.INSCRIT, date_inscription=arrivee, premiere_inscription=False),
        par=agent,
        today=JOUR,
    )
    assert (medecin.date_inscription, medecin.date_statut) == (arrivee, arrivee)


def test_une_date_d_effet_anterieure_au_statut_actuel_est_refusee(agent):
    medecin = MedecinFactory(statut=Statut.INSCRIT, date_statut=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError) as err:
        medecin_changer_statut(medecin=medecin, statut=Statut.RADIE, par=agent, date=datetime.date(2026, 2, 1))
    assert "précède" in err.value.message_dict["statut"][0]


def test_reprendre_le_meme_statut_n_ecrit_rien(agent):
    medecin = MedecinFactory(statut=Statut.INSCRIT)
    medecin_changer_statut(medecin=medecin, statut=Statut.INSCRIT, par=agent, date=JOUR)
    assert not ChangementStatut.objects.filter(medecin=medecin).exists()


def test_la_creation_refuse_une_naissance_dans_le_futur_et_un_rpps_faux(agent):
    with pytest.raises(ValidationError) as err:
        medecin_creer(
            donnees=donnees(rpps="12345678901", date_naissance=datetime.date(2999, 1, 1)), par=agent, today=JOUR
        )
    assert set(err.value.message_dict) == {"rpps", "date_naissance"}
    assert not Medecin.objects.exists() and not ChangementStatut.objects.exists()


def test_un_rpps_deja_au_tableau_est_refuse_a_la_creation(agent):
    MedecinFactory(rpps=rpps_valide(321))
    with pytest.raises(ValidationError) as err:
        medecin_creer(donnees=donnees(), par=agent, today=JOUR)
    assert "rpps" in err.value.message_dict


def test_le_changement_de_coordonnees_est_garde_dans_l_historique(db):
    medecin = MedecinFactory(avec_compte=True, telephone="05 53 00 00 00")
    medecin_coordonnees_modifier(medecin=medecin, par=medecin.user, telephone="06 12 34 56 78")
    historique = list(medecin.history.order_by("history_date", "history_id"))
    assert [h.telephone for h in historique] == ["05 53 00 00 00", "06 12 34 56 78"]
    assert historique[-1].history_user == medecin.user
    delta = historique[-1].diff_against(historique[-2])
    assert delta.changed_fields == ["telephone"]


def test_un_medecin_ne_peut_modifier_que_ses_coordonnees(db):
    medecin = MedecinFactory(avec_compte=True, nom="Garcia")
    with pytest.raises(ValidationError) as err:
        medecin_coordonnees_modifier(medecin=medecin, par=medecin.user, nom="Autre", email="a@exemple.fr")
    assert list(err.value.message_dict) == ["nom"]
    medecin.refresh_from_db()
    assert medecin.nom == "Garcia"


@pytest.mark.parametrize("par_le_medecin", [True, False])
def test_l_email_du_compte_suit_celui_de_la_fiche(agent, par_le_medecin):
    medecin = MedecinFactory(avec_compte=True)
    if par_le_medecin:
        medecin_coordonnees_modifier(medecin=medecin, par=medecin.user, email="nouveau@exemple.fr")
    else:
        medecin_modifier(medecin=medecin, donnees={"email": "nouveau@exemple.fr"}, par=agent, today=JOUR)
    medecin.user.refresh_from_db()
    assert medecin.user.email == "nouveau@exemple.fr"


def test_une_modification_du_personnel_avec_un_passage_interdit_n_ecrit_rien(agent):
    medecin = MedecinFactory(statut=Statut.RADIE, nom="Avant")
    with pytest.raises(ValidationError):
        medecin_modifier(medecin=medecin, donnees={"statut": Statut.INSCRIT, "nom": "Après"}, par=agent, today=JOUR)
    medecin.refresh_from_db()
    assert (medecin.statut, medecin.nom) == (Statut.RADIE, "Avant")


def test_les_ecritures_du_service_sont_attribuees_a_leur_auteur_dans_l_historique(agent):
    medecin = medecin_creer(donnees=donnees(), par=agent, today=JOUR)
    medecin_modifier(medecin=medecin, donnees={"exercice": Exercice.SALARIE}, par=agent, today=JOUR)
    assert {h.history_user for h in medecin.history.all()} == {agent}
    assert medecin.history.first().exercice == Exercice.SALARIE


def test_deux_saisies_simultanees_du_meme_rpps_la_seconde_recoit_un_message_sur_le_rpps(agent, monkeypatch):
    # The first entry is committed between the second's uniqueness check and its insert.
    MedecinFactory(rpps=rpps_valide(321))
    monkeypatch.setattr(Medecin, "validate_unique", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as err:
        medecin_creer(donnees=donnees(), par=agent, today=JOUR)
    assert "vient d'être enregistré par une autre saisie" in err.value.message_dict["rpps"][0]
    assert Medecin.objects.count() == 1 and not ChangementStatut.objects.filter(motif="Création de la fiche").exists()
